package rules_test

import (
	"testing"

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
