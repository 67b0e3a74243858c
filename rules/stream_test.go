package rules_test

import (
	"bufio"
	"bytes"
	"fmt"
	"reflect"
	"testing"

	"github.com/rcptlint/rcptlint/internal/corpus"
	"github.com/rcptlint/rcptlint/pkg/address"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// A Stream reports exactly what Check does, in the same order, with every
// rule at work on several goroutines: addresses queued one by one and in
// jobs, domains first seen by two workers at once, the batch rules fed in
// order. Under -race (as CI runs it) this also checks that the rules only
// read shared state.
func TestStreamMatchesCheck(t *testing.T) {
	addrs := corpusLines(t, corpus.Options{N: 30_000, Domains: 300, Typos: 0.03, Seed: 5})
	// Repeats and addresses that are not plain, for the duplicate and
	// syntax rules.
	addrs = append(addrs, addrs[:500]...)
	addrs = append(addrs, "Jane.@example.com", "<bob@gmial.com", "x@@y.com", "plain", "\"q r\"@example.org")
	opts := rules.Options{Trusted: []string{"acme-logistics.com"}}
	loc := func(i int) lint.Location { return lint.Location{File: "list.txt", Line: i + 1, Column: 1} }

	var want []string
	byRule := map[string]int{}
	keep := func(f *lint.Finding) {
		want = append(want, fmt.Sprintf("%+v", *f))
		byRule[f.Rule]++
	}
	e := newEngine(t, opts)
	for i, a := range addrs {
		e.Check(a, loc(i), keep)
	}
	e.Finish(keep)
	wantStats := e.Stats()
	for _, r := range []string{"outlier", "duplicate", "domain-typo", "syntax"} {
		if byRule[r] == 0 {
			t.Fatalf("the corpus gives no %s finding to compare (%v)", r, byRule)
		}
	}

	for _, workers := range []int{1, 2, 4} {
		var got []string
		delivered, line := 0, 0
		all := workers != 2 // with 2, only addresses with findings
		e := newEngine(t, opts)
		s := e.Stream(lint.StreamOptions{Workers: workers, All: all}, func(c *lint.Checked) {
			if all && c.Location.Line != line+1 || c.Location.Line <= line || c.Text != addrs[c.Location.Line-1] || !all && len(c.Findings) == 0 {
				t.Fatalf("delivered %q at line %d (%d findings) after line %d", c.Text, c.Location.Line, len(c.Findings), line)
			}
			delivered++
			line = c.Location.Line
			for _, f := range c.Findings {
				got = append(got, fmt.Sprintf("%+v", f))
			}
		})
		for from := 0; from < len(addrs); from += 1500 {
			to := min(from+1500, len(addrs))
			if from/1500%2 == 0 {
				for i := from; i < to; i++ {
					s.Check(addrs[i], loc(i))
				}
				continue
			}
			released := false
			s.Go(func(check func(string, int, lint.Location), _ func(func())) {
				for i := from; i < to; i++ {
					check(addrs[i], address.PlainLine(addrs[i]), loc(i))
				}
			}, func() {
				if released || all && line < to {
					t.Errorf("job of lines %d to %d released twice or before its last line was delivered (at %d)", from+1, to, line)
				}
				released = true
			})
		}
		s.Close()
		e.Finish(func(f *lint.Finding) { got = append(got, fmt.Sprintf("%+v", *f)) })
		if all && delivered != len(addrs) || !reflect.DeepEqual(got, want) {
			t.Errorf("%d workers: delivered %d of %d addresses, %d findings; Check gave %d", workers, delivered, len(addrs), len(got), len(want))
		}
		if e.Stats() != wantStats {
			t.Errorf("%d workers: stats %+v, want %+v", workers, e.Stats(), wantStats)
		}
	}
}

// corpusLines returns the lines of a generated corpus.
func corpusLines(tb testing.TB, o corpus.Options) []string {
	tb.Helper()
	var buf bytes.Buffer
	if err := corpus.Write(&buf, o); err != nil {
		tb.Fatal(err)
	}
	var lines []string
	for sc := bufio.NewScanner(&buf); sc.Scan(); {
		lines = append(lines, sc.Text())
	}
	return lines
}

// Checking an address at a domain already seen allocates nothing, with
// every rule on: the engine reuses its subject and findings, the rules keep
// nothing of a clean address.
func TestCheckAllocatesNothing(t *testing.T) {
	e := newEngine(t, rules.Options{})
	addrs := make([]string, 1000)
	for i := range addrs {
		addrs[i] = fmt.Sprintf("user%d@example.com", i)
	}
	emit := func(*lint.Finding) {}
	for _, a := range addrs[:10] {
		e.Check(a, lint.Location{Line: 1}, emit)
	}
	i := 10
	if n := testing.AllocsPerRun(500, func() {
		e.Check(addrs[i], lint.Location{Line: i}, emit)
		i++
	}); n != 0 {
		t.Errorf("%v allocations per address", n)
	}
}
