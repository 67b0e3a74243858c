package rules_test

import (
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// TestLookalikeFixture checks testdata/rules/lookalike.txt.
func TestLookalikeFixture(t *testing.T) { runFixture(t, "lookalike") }

// A look-alike made of ASCII is also an edit away from what it imitates;
// it must be reported once, by lookalike.
func TestLookalikeOneFindingPerSlip(t *testing.T) {
	env, err := rules.NewEnv(rules.Options{Trusted: []string{"microsoft.com", "google.com"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, addr := range []string{"bill@rnicrosoft.com", "larry@g00gle.com", "jane@gmai1.com", "jane@grnail.com"} {
		e, _ := lint.New(lint.Options{Rules: rules.All(env)})
		var got []lint.Finding
		e.Check(addr, lint.Location{Line: 1, Column: 1}, func(f *lint.Finding) { got = append(got, f.Clone()) })
		e.Finish(func(f *lint.Finding) { got = append(got, f.Clone()) })
		if len(got) != 1 || got[0].Rule != "lookalike" || got[0].Severity != lint.Error {
			t.Errorf("%s: got %+v, want one lookalike error", addr, got)
		}
	}
}
