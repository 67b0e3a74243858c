package rules_test

import (
	"fmt"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// input is one file of a run: its name and its addresses.
type input struct {
	name  string
	addrs []string
}

// many returns n addresses at domain.
func many(n int, domain string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("user%d@%s", i, domain)
	}
	return out
}

// newEngine returns an engine with every rule, in the environment opts
// make.
func newEngine(tb testing.TB, opts rules.Options) *lint.Engine {
	tb.Helper()
	env, err := rules.NewEnv(opts)
	if err != nil {
		tb.Fatal(err)
	}
	e, err := lint.New(lint.Options{Rules: rules.All(env)})
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// suggested returns the suggestion of rule's finding on addr, checked on
// its own, and whether the rule reported it at all.
func suggested(e *lint.Engine, rule, addr string) (suggestion string, found bool) {
	e.Check(addr, lint.Location{Line: 1}, func(f *lint.Finding) {
		if f.Rule == rule {
			suggestion, found = f.Suggestion, true
		}
	})
	return suggestion, found
}

// runBatch runs every rule over the inputs as one run and returns the
// findings of one rule.
func runBatch(t testing.TB, opts rules.Options, rule string, inputs ...input) []lint.Finding {
	t.Helper()
	e := newEngine(t, opts)
	var got []lint.Finding
	keep := func(f *lint.Finding) {
		if f.Rule == rule {
			got = append(got, f.Clone())
		}
	}
	for src, in := range inputs {
		for i, a := range in.addrs {
			e.Check(a, lint.Location{File: in.name, Source: src, Line: i + 1, Column: 1}, keep)
		}
	}
	e.Finish(keep)
	return got
}
