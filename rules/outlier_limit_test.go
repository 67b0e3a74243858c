package rules

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/internal/longtest"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// Past outlierMaxDomains distinct domains the rule says once, at the first
// address at a domain it no longer counts, that it stopped counting, and
// still reports the slips among the domains it counts.
func TestOutlierLimit(t *testing.T) {
	longtest.Skip(t, "feeds 130,000 distinct domains")
	env, err := NewEnv(Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := lint.New(lint.Options{Rules: All(env)})
	if err != nil {
		t.Fatal(err)
	}
	var got []lint.Finding
	keep := func(f *lint.Finding) {
		if f.Rule == "outlier" {
			got = append(got, f.Clone())
		}
	}
	line := 0
	check := func(a string) {
		line++
		e.Check(a, lint.Location{File: "big.txt", Line: line, Column: 1}, keep)
	}
	for i := range 10 {
		check(fmt.Sprintf("u%d@northwind-traders.com", i))
	}
	check("x@northwind-tradres.com")
	for i := 0; line < outlierMaxDomains+100; i++ {
		check(fmt.Sprintf("u@host%d.example", i))
	}
	e.Finish(keep)
	var note, slip int
	for _, f := range got {
		switch {
		case strings.Contains(f.Message, "distinct domains"):
			note++
			if f.Line != outlierMaxDomains+10 || f.Severity != lint.Info {
				t.Errorf("the note is at line %d (%s), want at %d (info)", f.Line, f.Severity, outlierMaxDomains+10)
			}
		case f.Line == 11:
			slip++
		}
	}
	if note != 1 || slip != 1 {
		t.Errorf("%d notes and %d slips, want one each: %+v", note, slip, got[:min(len(got), 5)])
	}
}
