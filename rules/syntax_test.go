package rules_test

import (
	"runtime"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

func TestSyntaxFixture(t *testing.T) {
	if n := runFixture(t, "syntax"); n < 150 {
		t.Errorf("the syntax corpus has %d addresses; keep at least 150", n)
	}
}

func TestSyntaxColumnPointsAtFault(t *testing.T) {
	env, err := rules.NewEnv(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		addr string
		col  int
	}{
		{"a..b@example.com", 3},
		{"jane.@example.com", 5},
		{"jane@-example.com", 6},
		{"jane@exa_mple.com", 9},
		{"jane@example.com.", 17},
		{"jane@[1.2.3.4]", 6},
		{"jane doe@example.com", 5},
		{"plainaddress", 1},
		{"jane@example.com>", 17},
	} {
		e, _ := lint.New(lint.Options{Rules: rules.All(env)})
		var got []lint.Finding
		e.Check(tc.addr, lint.Location{Line: 1, Column: 1}, func(f *lint.Finding) { got = append(got, f.Clone()) })
		if len(got) != 1 || got[0].Column != tc.col {
			t.Errorf("%q: got %+v, want one finding at column %d", tc.addr, got, tc.col)
		}
	}
}

// A long domain without a dot, which no well-known or trusted domain can
// be with one put back, is not tried at every place: a 16 KiB one took
// half a gigabyte of candidates, and a line of 128 KiB six seconds.
func TestSyntaxLongDotlessDomainIsCheap(t *testing.T) {
	env, err := rules.NewEnv(rules.Options{Trusted: []string{"example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := lint.New(lint.Options{Rules: rules.All(env)})
	if err != nil {
		t.Fatal(err)
	}
	addr := "x@" + strings.Repeat(`"`, 16<<10)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var got []lint.Finding
	e.Check(addr, lint.Location{Line: 1, Column: 1}, func(f *lint.Finding) { got = append(got, f.Clone()) })
	runtime.ReadMemStats(&after)
	if len(got) == 0 || got[0].Rule != "syntax" {
		t.Errorf("got %+v, want a syntax finding", got)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4<<20 {
		t.Errorf("checking a 16 KiB dotless domain allocated %d bytes, want under 4 MiB", alloc)
	}
}

// A repair and the domain's correction are one suggestion, as sure as the
// correction: the local part repaired, the domain corrected (ann@@gmial.com
// was ann@gmail.com by syntax's repair and ann@@gmail.com by domain-typo's,
// and --fix made neither), and a repair that changes the domain checked by
// the domain rules it would meet on a second run (a@gmail.con. was
// a@gmail.con).
func TestSyntaxRepairMeetsDomainCorrection(t *testing.T) {
	e := newEngine(t, rules.Options{})
	for _, tc := range []struct {
		addr, want string
		fixable    bool
		msg        string
	}{
		{"ann@@gmial.com", "ann@gmail.com", true, "local part contains '@'"},
		{"ann@gmial..com", "ann@gmail.com", true, "two dots in a row; once repaired, 'gmial.com' is the well-known mail domain gmail.com"},
		{"a@gmail.con.", "a@gmail.com", true, "ends with a dot; once repaired, top-level domain '.con' does not exist"},
		{"ann@@hotmail.fe", "ann@hotmail.de", false, "local part contains '@'"},
		{"a@hotmail.fe.", "a@hotmail.de", false, "once repaired, top-level domain '.fe' does not exist"},
		{"ann@@acme.qqqq", "ann@acme.qqqq", true, "local part contains '@'"},
		{"a@gmail.com.", "a@gmail.com", true, "ends with a dot"},
	} {
		var got []lint.Finding
		e.Check(tc.addr, lint.Location{Line: 1, Column: 1}, func(f *lint.Finding) { got = append(got, f.Clone()) })
		found := false
		for _, f := range got {
			if f.Suggestion != "" && (f.Suggestion != tc.want || f.Fixable != tc.fixable) {
				t.Errorf("%s: %s suggests %q, fixable %v; want %q, %v", tc.addr, f.Rule, f.Suggestion, f.Fixable, tc.want, tc.fixable)
			}
			if f.Rule == "syntax" {
				found = true
				if !strings.Contains(f.Message, tc.msg) {
					t.Errorf("%s: syntax says %q; want it to hold %q", tc.addr, f.Message, tc.msg)
				}
			}
		}
		if !found {
			t.Errorf("%s: no syntax finding in %+v", tc.addr, got)
		}
	}
}

// Two addresses apart by white space are said to be two, at the first
// space, not a local part holding an '@'.
func TestSyntaxSpacedAddresses(t *testing.T) {
	e := newEngine(t, rules.Options{})
	for addr, col := range map[string]int{
		"jane@x.com bob@y.com":    11,
		"jane@x.com\tbob@y.com":   11,
		"jane@x.com or bob@y.com": 11,
		"a@@b.com c@d.com":        9,
		"john doe@gmial.com":      0,
		`"jane x"@x.com`:          0,
		"jane@x.com bob":          0,
	} {
		var got []lint.Finding
		e.Check(addr, lint.Location{Line: 1, Column: 1}, func(f *lint.Finding) { got = append(got, f.Clone()) })
		found := false
		for _, f := range got {
			if strings.Contains(f.Message, "two addresses with no ',' or ';' between them") {
				found = true
				if f.Column != col || f.Suggestion != "" {
					t.Errorf("%q: at column %d, suggesting %q; want column %d, no suggestion", addr, f.Column, f.Suggestion, col)
				}
			}
		}
		if found != (col > 0) {
			t.Errorf("%q: said to be two addresses: %v, want %v (%+v)", addr, found, col > 0, got)
		}
	}
}
