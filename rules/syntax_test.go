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
	// Said once: no domain rule takes "ann@gmial.com bob" for a local part
	// and repairs the second half.
	var got []lint.Finding
	e.Check("ann@gmial.com bob@gmial.com", lint.Location{Line: 1, Column: 1}, func(f *lint.Finding) { got = append(got, f.Clone()) })
	if len(got) != 1 || got[0].Rule != "syntax" {
		t.Errorf("ann@gmial.com bob@gmial.com: %+v, want the syntax finding alone", got)
	}
}
