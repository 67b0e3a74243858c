package cli

import (
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// TestRulesFitTheMask holds the rule count to the bits of an ignore
// comment's mask.
func TestRulesFitTheMask(t *testing.T) {
	if n := len(rules.Docs()); n > 64 {
		t.Fatalf("%d rules: an ignore mask holds 64", n)
	}
}

func TestIgnoresCover(t *testing.T) {
	ig := newIgnores()
	ig.max = 3
	typo, dup := ig.ruleBit("domain-typo"), ig.ruleBit("duplicate")
	for _, a := range []struct {
		src, line int
		rules     uint64
		ok        bool
	}{
		{0, 2, typo, true},
		{0, 2, dup, true}, // the same line: merged, not counted
		{0, 5, allRules, true},
		{1, 1, typo, true},
		{1, 9, typo, false}, // past the cap
	} {
		if ok := ig.add(a.src, a.line, a.rules); ok != a.ok {
			t.Errorf("add(%d, %d): %v, want %v", a.src, a.line, ok, a.ok)
		}
	}
	for _, tc := range []struct {
		src, line int
		rule      string
		want      bool
	}{
		{0, 2, "domain-typo", true},
		{0, 2, "duplicate", true},
		{0, 2, "syntax", false},
		{0, 3, "domain-typo", false},
		{0, 5, "syntax", true},
		{1, 1, "domain-typo", true},
		{1, 9, "domain-typo", false},
		{2, 2, "domain-typo", false},
	} {
		f := &lint.Finding{Location: lint.Location{Source: tc.src, Line: tc.line}, Rule: tc.rule}
		if got := ig.covers(f); got != tc.want {
			t.Errorf("source %d line %d %s: covered %v, want %v", tc.src, tc.line, tc.rule, got, tc.want)
		}
	}
}
