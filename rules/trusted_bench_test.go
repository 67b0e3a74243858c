package rules_test

import (
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// companyName returns a deterministic company-like label.
func companyName(rng *rand.Rand) string {
	syl := []string{"ac", "me", "tra", "lo", "gis", "tec", "nor", "da", "vi", "ra", "sol", "ar", "ko", "min", "pe", "xa", "lu", "mi", "ve", "ro"}
	s := ""
	for k := 3 + rng.Intn(3); k > 0; k-- {
		s += syl[rng.Intn(len(syl))]
	}
	return s
}

// BenchmarkTrusted checks 100,000 distinct recipient domains against 100
// and against 100,000 trusted domains, building the index included: the
// near-miss search uses an index, so the second costs a small multiple of
// the first, not a thousand times. The similar case trusts store00000.com
// … store99999.com, whose labels share most of their deletions.
// scripts/bench.sh prints the ratios.
func BenchmarkTrusted(b *testing.B) {
	rng := rand.New(rand.NewSource(7))
	recipients := make([]string, 100_000)
	for i := range recipients {
		recipients[i] = fmt.Sprintf("x@%s%d.com", companyName(rng), i)
	}
	similar := make([]string, 100_000)
	for i := range similar {
		similar[i] = fmt.Sprintf("store%05d.com", i)
	}
	for _, n := range []int{100, 100_000, -100_000} {
		trusted, name := similar, "similar=100000"
		if n > 0 {
			trusted, name = make([]string, n), fmt.Sprintf("trusted=%d", n)
			for i := range trusted {
				trusted[i] = fmt.Sprintf("%s-%d.com", companyName(rng), i)
			}
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				checkTrusted(b, trusted, recipients)
			}
		})
	}
}

// checkTrusted builds an Env of the trusted names and checks the
// recipients with every rule.
func checkTrusted(b *testing.B, trusted, recipients []string) {
	env, err := rules.NewEnv(rules.Options{Trusted: trusted})
	if err != nil {
		b.Fatal(err)
	}
	e, _ := lint.New(lint.Options{Rules: rules.All(env)})
	for i, r := range recipients {
		e.Check(r, lint.Location{Line: i + 1}, func(*lint.Finding) {})
	}
}

// sameLabel returns n names and n recipients of one label under 2n
// distinct top-level domains, the recipients under those of no name.
func sameLabel(n int) (trusted, recipients []string) {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	var tlds []string
	for _, a := range letters {
		for _, b := range letters {
			if t := string(a) + string(b); domain.IsKnownTLD(t) {
				tlds = append(tlds, t)
			}
			for _, c := range letters {
				if t := string(a) + string(b) + string(c); domain.IsKnownTLD(t) {
					tlds = append(tlds, t)
				}
			}
		}
	}
	for i := range n {
		trusted = append(trusted, "acme."+tlds[i])
		recipients = append(recipients, "x@acme."+tlds[len(tlds)-1-i])
	}
	return trusted, recipients
}

// BenchmarkTrustedSameLabel checks n addresses under n top-level domains
// against n trusted names of the same label under n others, index built
// included: each address is a slip of every trusted name (another suffix),
// and the cost must grow with n, not with its square (n=25 against 250).
func BenchmarkTrustedSameLabel(b *testing.B) {
	for _, n := range []int{25, 250} {
		trusted, recipients := sameLabel(n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				checkTrusted(b, trusted, recipients)
			}
		})
	}
}

// TestTrustedSameLabelNamesTheNearest: of trusted names of one label under
// other suffixes, one alone is suggested; of two or more, the finding
// names the two the suffix typed says most for (the same top-level
// domain, labels left out, a keyboard slip), then the first by top-level
// domain and name, and suggests none, whatever the order of the
// configuration and however many there are: a slip between live suffixes
// is no ground to rewrite an address. None when the domain's suffix is a
// parent of a trusted one's (mod.uk beside mod.gov.uk is the
// organisation's own).
func TestTrustedSameLabelNamesTheNearest(t *testing.T) {
	many, _ := sameLabel(200)
	reversed := slices.Clone(many)
	slices.Reverse(reversed)
	three := []string{"acme.de", "acme.fr", "acme.co.uk"}
	named := func(domain, a, b string) string {
		return fmt.Sprintf("'%s' has the name of trusted domains under other suffixes, %s and %s among them; check which was meant", domain, a, b)
	}
	for _, tc := range []struct {
		trusted []string
		addr    string
		want    string
	}{
		{[]string{"acme.co.uk"}, "x@acme.org.uk", "'acme.org.uk' is the trusted domain acme.co.uk with '.org.uk' for '.co.uk'"},
		{three, "x@acme.org.uk", named("acme.org.uk", "acme.co.uk", "acme.de")},
		{three, "x@acme.co", named("acme.co", "acme.co.uk", "acme.de")},
		{three, "x@acme.se", named("acme.se", "acme.de", "acme.fr")},
		{three, "x@acme.com", named("acme.com", "acme.de", "acme.fr")},
		{[]string{"acme.co.uk", "acme.com.au"}, "x@acme.com.br", named("acme.com.br", "acme.co.uk", "acme.com.au")},
		{[]string{"acme.gov.uk", "acme.de"}, "x@acme.gov", named("acme.gov", "acme.de", "acme.gov.uk")},
		{[]string{"acme.co.uk", "acme.org.uk"}, "x@acme.net.uk", "'acme.net.uk' is one slip from two trusted domains, acme.co.uk and acme.org.uk; check which was meant"},
		{[]string{"mod.gov.uk", "mod.de"}, "x@mod.uk", ""},
		{[]string{"acme.ne", "acme.jp"}, "x@acme.ne.jp", named("acme.ne.jp", "acme.jp", "acme.ne")},
		{ccTLDs("acme"), "x@acme.net", named("acme.net", "acme.ac", "acme.ne")},
		{append([]string{"acme.co.uk"}, many...), "x@acme.org.uk", named("acme.org.uk", "acme.aaa", "acme.co.uk")},
		{append(reversed, "acme.co.uk"), "x@acme.org.uk", named("acme.org.uk", "acme.aaa", "acme.co.uk")},
		{[]string{"пример.рф"}, "x@пример.рус", "'пример.рус' is the trusted domain пример.рф (xn--e1afmkfd.xn--p1ai) with '.рус' for '.рф'"},
	} {
		e := newEngine(t, rules.Options{Trusted: tc.trusted})
		var got []string
		e.Check(tc.addr, lint.Location{Line: 1}, func(f *lint.Finding) {
			if f.Rule == "domain-typo" {
				got = append(got, f.Message)
			}
		})
		var want []string
		if tc.want != "" {
			want = []string{tc.want}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s with %d trusted (%s …): domain-typo %q, want %q", tc.addr, len(tc.trusted), tc.trusted[0], got, want)
		}
	}
}

// ccTLDs returns label under every two-letter top-level domain.
func ccTLDs(label string) []string {
	var out []string
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			if t := string(a) + string(b); domain.IsKnownTLD(t) {
				out = append(out, label+"."+t)
			}
		}
	}
	return out
}

// A domain is suggested in the form it was written in: Unicode for
// Unicode, punycode for punycode (an ASCII file stays ASCII).
func TestTrustedSiblingSuggestedAsWritten(t *testing.T) {
	e := newEngine(t, rules.Options{Trusted: []string{"пример.рф"}})
	for addr, want := range map[string]string{
		"x@пример.рус":             "x@пример.рф",
		"x@xn--e1afmkfd.xn--p1acf": "x@xn--e1afmkfd.xn--p1ai",
	} {
		if got, _ := suggested(e, "domain-typo", addr); got != want {
			t.Errorf("%s: suggestion %q, want %q", addr, got, want)
		}
	}
}

// A trusted internationalized name is compared as it is read: a letter
// more or less changes its whole punycode label (xn--bcher-kva against
// xn--bcherr-3ya), so bücherr.de was no slip of a trusted bücher.de.
func TestTrustedIDNSlips(t *testing.T) {
	e := newEngine(t, rules.Options{Trusted: []string{"bücher.de", "münchen.de", "大阪府.jp", "почта.рф"}})
	for addr, want := range map[string]string{
		"x@bücherr.de":         "x@bücher.de",
		"x@xn--bcherr-3ya.de":  "x@xn--bcher-kva.de",
		"x@bücer.de":           "x@bücher.de",
		"x@bücehr.de":          "x@bücher.de",
		"x@müncen.de":          "x@münchen.de",
		"x@bäcker.de":          "",
		"x@bücher.at":          "x@bücher.de",
		"x@xn--mnchen-3ya.de":  "",
		"x@münchen-airport.de": "",
		"x@大阪市.jp":             "",
		"x@почты.рф":           "",
	} {
		if got, _ := suggested(e, "domain-typo", addr); got != want {
			t.Errorf("%s: domain-typo suggests %q, want %q", addr, got, want)
		}
	}
}
