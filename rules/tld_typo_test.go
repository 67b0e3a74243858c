package rules_test

import (
	"testing"

	"github.com/rcptlint/rcptlint/pkg/typo"
	"github.com/rcptlint/rcptlint/rules"
)

// TestTLDTypoFixture checks testdata/rules/tld_typo.txt.
func TestTLDTypoFixture(t *testing.T) { runFixture(t, "tld-typo") }

// TestTLDTypoTrustedFixture checks testdata/rules/tld_typo_trusted.txt,
// where trusted: [mil] turns army.ml into an error.
func TestTLDTypoTrustedFixture(t *testing.T) { runFixtureFile(t, "tld-typo", "tld_typo_trusted.txt") }

// A country domain one letter from a trusted name's, with the label
// trusted under a longer suffix too (acme.co beside acme.com and
// acme.co.uk), is no slip of either alone: no suggestion, which --fix
// would apply.
func TestTLDTypoTrustedLonger(t *testing.T) {
	for _, tc := range []struct {
		trusted []string
		want    string
	}{
		{[]string{"acme.com", "acme.co.uk"}, ""},
		{[]string{"acme.com", "acme.cl"}, ""},
		{append(farFrom("acme", "co", 66), "acme.com", "acme.co.uk"), ""},
		{[]string{"acme.com"}, "x@acme.com"},
	} {
		got, found := suggested(newEngine(t, rules.Options{Trusted: tc.trusted}), "tld-typo", "x@acme.co")
		if !found || got != tc.want {
			t.Errorf("acme.co with %q trusted: tld-typo suggests %q (found %v), want %q", tc.trusted, got, found, tc.want)
		}
	}
}

// farFrom returns n names of label under two-letter top-level domains more
// than one edit from tld, first by name.
func farFrom(label, tld string, n int) []string {
	var out []string
	for _, name := range ccTLDs(label) {
		if t := name[len(label)+1:]; typo.Distance(t, tld, 1) > 1 && len(out) < n {
			out = append(out, name)
		}
	}
	return out
}
