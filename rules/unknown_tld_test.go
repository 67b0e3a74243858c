package rules_test

import (
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
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

// A slip as near two named domains suggests the first by the rank of its
// TLD and says the other, but never for --fix to apply (Fixable false):
// hotmail.fe is hotmail.de's slip as much as hotmail.fr's. Between two
// trusted domains there is no suggestion, and the message names both; a
// single trusted one among well-known rivals is the one meant; a slip
// toward one named domain stays fixable. Names are said as the address
// wrote its domain, in Unicode or in punycode.
func TestUnknownTLDRivals(t *testing.T) {
	for _, tc := range []struct {
		trusted      []string
		addr, want   string
		fixable      bool
		msg, without string
	}{
		{nil, "x@hotmail.fe", "x@hotmail.de", false, "hotmail.de is a well-known mail domain, as is hotmail.fr, one slip away too: check which was meant", ""},
		{nil, "x@hotmail.co.ik", "x@hotmail.co.uk", false, "as is hotmail.co.il, one slip away too", ""},
		{nil, "x@web.fe", "x@web.de", true, "web.de is a well-known mail domain", "slip away too"},
		{nil, "x@gmail.vom", "x@gmail.com", true, "gmail.com is a well-known mail domain", "slip away too"},
		{[]string{"hotmail.fr"}, "x@hotmail.fe", "x@hotmail.fr", true, "hotmail.fr is a trusted domain", "slip away too"},
		{[]string{"acme.de", "acme.fr"}, "x@acme.fe", "", false, "acme.de and acme.fr, trusted domains each a slip away: check which was meant", ""},
		// Names read as they were written: in Unicode, or in punycode.
		{[]string{"bücher.de", "bücher.fr"}, "x@bücher.fe", "", false, "bücher.de and bücher.fr, trusted domains", "xn--"},
		{[]string{"bücher.de", "bücher.fr"}, "x@xn--bcher-kva.fe", "", false, "xn--bcher-kva.de and xn--bcher-kva.fr, trusted domains", ""},
	} {
		e := newEngine(t, rules.Options{Trusted: tc.trusted})
		found := false
		e.Check(tc.addr, lint.Location{Line: 1}, func(f *lint.Finding) {
			if f.Rule != "unknown-tld" {
				return
			}
			found = true
			if f.Suggestion != tc.want || f.Fixable != tc.fixable {
				t.Errorf("%s with %q trusted: suggestion %q, fixable %v; want %q, %v", tc.addr, tc.trusted, f.Suggestion, f.Fixable, tc.want, tc.fixable)
			}
			if !strings.Contains(f.Message, tc.msg) || tc.without != "" && strings.Contains(f.Message, tc.without) {
				t.Errorf("%s with %q trusted: message %q, want it to say %q (and not %q)", tc.addr, tc.trusted, f.Message, tc.msg, tc.without)
			}
		})
		if !found {
			t.Errorf("%s with %q trusted: no unknown-tld finding", tc.addr, tc.trusted)
		}
	}
}
