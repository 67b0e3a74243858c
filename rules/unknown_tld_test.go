package rules_test

import (
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/typo"
	"github.com/rcptlint/rcptlint/rules"
)

// TestUnknownTLDFixture checks testdata/rules/unknown_tld.txt.
func TestUnknownTLDFixture(t *testing.T) { runFixture(t, "unknown-tld") }

// A slip of a TLD points at a trusted domain only when it points at one:
// with acme.nl and acme.cl trusted, acme.xx is a slip of neither (nor of a
// third domain), nor acme.fe of acme.de or acme.fr, where one slip
// (acme.nll) or a single trusted name still is; two slips toward a
// trusted name lose to a single one toward a common TLD (acme.con is
// acme.com, acme.ch trusted); and a domain written in punycode is
// suggested in punycode.
func TestUnknownTLDSuggestions(t *testing.T) {
	for _, tc := range []struct {
		trusted    []string
		addr, want string
	}{
		{[]string{"acme.nl", "acme.cl"}, "x@acme.xx", ""},
		{[]string{"acme.nl", "acme.cl"}, "x@acme.nll", "x@acme.nl"},
		{[]string{"acme.nl"}, "x@acme.xx", "x@acme.nl"},
		{[]string{"yahoo.de", "yahoo.fr"}, "x@yahoo.xx", ""},
		{[]string{"acme.de", "acme.fr"}, "x@acme.fe", ""},
		{[]string{"acme.de", "acme.fr"}, "x@acme.dr", ""},
		{[]string{"acme.de"}, "x@acme.fe", "x@acme.de"},
		{[]string{"acme.ch"}, "x@acme.con", "x@acme.com"},
		{[]string{"acme.no"}, "x@acme.rog", "x@acme.org"},
		{nil, "x@hotmail.cm0", "x@hotmail.com"},
		{nil, "x@xn--e1afmkfd.cpm", "x@xn--e1afmkfd.com"},
		{nil, "x@пример.cpm", "x@пример.com"},
	} {
		got, found := suggested(newEngine(t, rules.Options{Trusted: tc.trusted}), "unknown-tld", tc.addr)
		if !found || got != tc.want {
			t.Errorf("%s with %q trusted: unknown-tld suggests %q (found: %v), want %q", tc.addr, tc.trusted, got, found, tc.want)
		}
	}
}

// A slip as near several domains suggests the first by the rank of its
// TLD and names the others, but never for --fix to apply (Fixable false):
// hotmail.fe is hotmail.de's slip as much as hotmail.fr's, acme.fe
// acme.de's as much as acme.fr's, and hotmal.fe, a slip in the name too,
// hotmail.de's as much as hotmail.fr's. Between two trusted domains there
// is no suggestion, and the message names both; a single trusted one
// among well-known rivals is the one meant, and a trusted suffix is
// evidence as well. A slip toward one domain stays fixable. Names are
// said as the address wrote its domain, in Unicode or in punycode.
func TestUnknownTLDRivals(t *testing.T) {
	for _, tc := range []struct {
		trusted      []string
		addr, want   string
		fixable      bool
		msg, without string
	}{
		{nil, "x@hotmail.fe", "x@hotmail.de", false, "hotmail.de is a well-known mail domain, but hotmail.fr is one slip away too: check which was meant", ""},
		{nil, "x@hotmail.co.ik", "x@hotmail.co.uk", false, "but hotmail.co.il is one slip away too", ""},
		{nil, "x@acme.fe", "x@acme.de", false, "'.de', '.fr' and '.ve' are each one slip away: check which was meant", ""},
		{nil, "x@hotmal.fe", "x@hotmail.de", false, "would be the well-known mail domain hotmail.de with its 'i' left out; hotmail.fr is as near: check which was meant", ""},
		{nil, "x@web.fe", "x@web.de", true, "web.de is a well-known mail domain", "check which"},
		{nil, "x@gmail.vom", "x@gmail.com", true, "gmail.com is a well-known mail domain", "check which"},
		{nil, "x@acme.con", "x@acme.com", true, "'.con' does not exist", "check which"},
		// A TLD far more meant: .net, not .ng, a neighbouring key away;
		// .int is as near as .net, and meant far less.
		{nil, "x@acme.nt", "x@acme.net", true, "'.nt' does not exist", "check which"},
		{nil, "x@yahoo.coh", "x@yahoo.com", true, "yahoo.com is a well-known mail domain", "check which"},
		{nil, "x@hotmal.con", "x@hotmail.com", true, "hotmail.com with its 'i' left out", "check which"},
		{[]string{"hotmail.fr"}, "x@hotmail.fe", "x@hotmail.fr", true, "hotmail.fr is a trusted domain", "check which"},
		{[]string{"de"}, "x@acme.fe", "x@acme.de", true, "'.fe' does not exist", "check which"},
		{[]string{"de", "fr"}, "x@acme.fe", "x@acme.de", false, "'.de' and '.fr' are each one slip away", ""},
		{[]string{"acme.de", "acme.fr"}, "x@acme.fe", "", false, "acme.de and acme.fr, trusted domains as near as each other: check which was meant", ""},
		// Trust decides on the second slip too, and under a TLD the
		// common list leaves out.
		{[]string{"hotmail.fr"}, "x@hotmal.fe", "x@hotmail.fr", true, "'hotmal.fr' would be the trusted domain hotmail.fr", "check which"},
		{[]string{"hotmail.de", "hotmail.fr"}, "x@hotmal.fe", "", false, "hotmail.de and hotmail.fr, trusted domains as near as each other", ""},
		{[]string{"acme-logistics.fr"}, "x@acme-logistcs.fe", "x@acme-logistics.fr", true, "would be the trusted domain acme-logistics.fr", "check which"},
		{[]string{"acme.re"}, "x@acme.fe", "x@acme.re", true, "acme.re is a trusted domain", "check which"},
		{[]string{"acme.de", "acme.re"}, "x@acme.fe", "", false, "acme.de and acme.re, trusted domains as near as each other", ""},
		{[]string{"bücher.de", "bücher.fr"}, "x@bücher.fe", "", false, "bücher.de and bücher.fr, trusted domains", "xn--"},
		{[]string{"bücher.de", "bücher.fr"}, "x@xn--bcher-kva.fe", "", false, "xn--bcher-kva.de and xn--bcher-kva.fr, trusted domains", ""},
		// A TLD cut short is one slip, however much is left out: .com
		// is meant far more than .ca, .cn, .ch or .cl, each a letter
		// left out, though not nine times as often as all of them.
		{nil, "x@yahoo.c", "x@yahoo.com", false, "yahoo.com is a well-known mail domain, but yahoo.cn, yahoo.ca, yahoo.ch and yahoo.cl are one slip away too", ""},
		{nil, "x@gmail.c", "x@gmail.com", true, "gmail.com is a well-known mail domain", "check which"},
		{nil, "x@acme.c", "x@acme.com", false, "'.com', '.cn', '.ca' and 4 more are each one slip away", ""},
		{nil, "x@acme.o", "x@acme.org", false, "'.org', '.no', '.co' and 3 more are each one slip away", ""},
		// ASCII letters read as others ('d' for 'cl') weigh after a
		// letter left out; digits and other scripts do not.
		{nil, "x@acmeshop.d", "x@acmeshop.de", false, "'.de', '.dk', '.id' and 2 more", ""},
		{nil, "x@acme.c0m", "x@acme.com", true, "'.c0m' does not exist", "check which"},
		// A well-known domain under a TLD the common list leaves out is
		// weighed with them, as a trusted one is.
		{nil, "x@fastmail.fn", "x@fastmail.fm", true, "fastmail.fm is a well-known mail domain", "check which"},
		{nil, "x@fastmail.f", "x@fastmail.fm", true, "fastmail.fm is a well-known mail domain", "check which"},
		// A domain people send to before one merely registered: mail.g
		// is mail.bg (well-known) or mail.gov (registered .gov).
		{nil, "x@mail.g", "x@mail.bg", false, "mail.bg is a well-known mail domain, but mail.gov is one slip away too", ""},
		// A name under a TLD whose whole registry rcptlint holds is
		// suggested only when registered (or trusted or known by name):
		// acme.g is not acme.gov; nasa.g is nasa.gov. The .mil list is
		// partial: acme.m may be acme.mil, unsure.
		{nil, "x@acme.g", "x@acme.gr", false, "'.gr', '.sg', '.bg' and 2 more are each one slip away", "gov"},
		{nil, "x@nasa.g", "x@nasa.gov", true, "nasa.gov is a registered .gov domain", "check which"},
		{nil, "x@army.m", "x@army.mil", true, "army.mil is a military domain", "check which"},
		{nil, "x@acme.m", "x@acme.mil", false, "'.mil', '.mx', '.me' and '.my' are each one slip away", ""},
		// A TLD cut short to a suffix trusted whole is no sure slip of
		// it: with trusted: [mil], acme.m is no sure acme.mil.
		{[]string{"mil"}, "x@acme.m", "x@acme.mil", false, "'.mil', '.mx', '.me' and '.my' are each one slip away", ""},
		{[]string{"edu"}, "x@acme.e", "x@acme.edu", false, "'.edu', '.de', '.es' and 11 more are each one slip away", ""},
		// .info, not .int, a neighbouring key away and meant far less.
		{nil, "x@acme.inf", "x@acme.info", true, "'.inf' does not exist", "check which"},
	} {
		checkUnknownTLD(t, tc.trusted, tc.addr, "unknown-tld", tc.want, tc.fixable, tc.msg, tc.without)
	}
	// A look-alike within a TLD that does not exist, written in ASCII
	// letters, is left to unknown-tld when a slip of the TLD leads to
	// another well-known domain: hotmail.d is hotmail.de cut short, not
	// hotmail.cl with 'd' for 'cl'; hotmail.corn is hotmail.com either way,
	// and lookalike says why.
	checkUnknownTLD(t, nil, "x@hotmail.d", "unknown-tld", "x@hotmail.de", false, "hotmail.de is a well-known mail domain, but hotmail.dk and hotmail.id are one slip away too", "")
	checkUnknownTLD(t, nil, "x@hotmail.corn", "lookalike", "x@hotmail.com", true, "'rn' for 'm', and '.corn' is not a top-level domain", "")
	// lookalike passes unknown-tld's doubt on: hotmаil.fe, with a Cyrillic
	// а, is hotmail.de or hotmail.fr in Latin letters.
	checkUnknownTLD(t, nil, "x@hotm\u0430il.fe", "lookalike", "x@hotmail.de", false, "but hotmail.fr is one slip away too", "")
}

func checkUnknownTLD(t *testing.T, trusted []string, addr, rule, want string, fixable bool, msg, without string) {
	t.Helper()
	e := newEngine(t, rules.Options{Trusted: trusted})
	found := false
	e.Check(addr, lint.Location{Line: 1}, func(f *lint.Finding) {
		if f.Rule != rule {
			return
		}
		found = true
		if f.Suggestion != want || f.Fixable != fixable {
			t.Errorf("%s with %q trusted: %s suggests %q, fixable %v; want %q, %v", addr, trusted, rule, f.Suggestion, f.Fixable, want, fixable)
		}
		if !strings.Contains(f.Message, msg) || without != "" && strings.Contains(f.Message, without) {
			t.Errorf("%s with %q trusted: message %q, want it to say %q (and not %q)", addr, trusted, f.Message, msg, without)
		}
	})
	if !found {
		t.Errorf("%s with %q trusted: no %s finding", addr, trusted, rule)
	}
}

// Every single slip of each common TLD (a neighbouring key, a letter left
// out, doubled or swapped, a neighbour struck beside one), weighed by how
// often its TLD is meant (1/(rank+1)), under a name no list knows: the
// suggestion is the TLD meant at least 93% of the time, and of those
// --fix applies, which must be most, 99%. (With the rank breaking only
// ties of cost and every suggestion applied: 92.3%, and 92.3%.)
func TestUnknownTLDSlipsWeighedByUse(t *testing.T) {
	data, err := rules.LoadData()
	if err != nil {
		t.Fatal(err)
	}
	e := newEngine(t, rules.Options{})
	var weight, right, fixable, fixedRight float64
	for rank, meant := range data.CommonTLDs {
		if reg, ok := data.Registry(meant); ok && reg.Complete {
			// acme-widgets.gov cannot exist: .gov's slips are weighed
			// against its registry (TestRegistry*).
			continue
		}
		w := 1 / float64(rank+1)
		for _, typed := range tldSlips(meant) {
			e.Check("x@acme-widgets."+typed, lint.Location{Line: 1}, func(f *lint.Finding) {
				if f.Rule != "unknown-tld" {
					return
				}
				weight += w
				ok := f.Suggestion == "x@acme-widgets."+meant
				if ok {
					right += w
				}
				if f.Fixable {
					fixable += w
					if ok {
						fixedRight += w
					}
				}
			})
		}
	}
	t.Logf("suggestion right %.3f; fixable %.3f, right %.3f", right/weight, fixable/weight, fixedRight/fixable)
	if right/weight < 0.925 || fixedRight/fixable < 0.99 || fixable/weight < 0.8 {
		t.Errorf("suggestion right %.3f (want 0.925), fixable %.3f (want 0.8), right when fixable %.3f (want 0.99)", right/weight, fixable/weight, fixedRight/fixable)
	}
}

// tldSlips returns the strings one keyboard slip from tld, and tld cut
// short.
func tldSlips(tld string) []string {
	seen := map[string]bool{tld: true}
	var out []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for i := range len(tld) {
		add(tld[:i] + tld[i+1:])
		add(tld[:i+1] + tld[i:])
		if i+1 < len(tld) {
			add(tld[:i] + tld[i+1:i+2] + tld[i:i+1] + tld[i+2:])
		}
		for c := byte('a'); c <= 'z'; c++ {
			if typo.Adjacent(c, tld[i]) {
				add(tld[:i] + string(c) + tld[i+1:])
				add(tld[:i+1] + string(c) + tld[i+1:])
			}
		}
	}
	// Cut short: the typing stopped two letters or more before the end
	// (one is a letter left out, above).
	for n := 1; n+2 <= len(tld); n++ {
		add(tld[:n])
	}
	return out
}
