package cli

import (
	"fmt"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// The store spills findings to a file and gives them back, with the batch
// rules' findings merged in at their places, exactly as they were added.
func TestFindingStoreSpillsAndMerges(t *testing.T) {
	s := newFindingStore(false)
	defer s.close()
	var want []string
	n := spillAt/8 + 17 // each finding takes more than 30 bytes: spilled several times
	for i := 1; i <= n; i++ {
		f := lint.Finding{Location: lint.Location{File: "a.txt", Source: 0, Line: i, Column: 1, Char: 1}, AddressAt: lint.Location{File: "a.txt", Line: i, Column: 1},
			Address: fmt.Sprintf("u%d@x.com", i), Rule: "syntax", Severity: lint.Error, Message: "m", Suggestion: "s", Fixable: i%2 == 0}
		s.add(&f)
		if i%1000 == 0 {
			b := f
			b.Rule, b.Severity, b.Suggestion = "duplicate", lint.Info, ""
			s.addBatch(b)
		}
	}
	if s.spill == nil {
		t.Fatal("nothing was spilled")
	}
	all, err := s.all()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for f := range all {
		got = append(got, fmt.Sprintf("%s:%d %s %s %v", f.File, f.Line, f.Rule, f.Address, f.Fixable))
	}
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("a.txt:%d syntax u%d@x.com %v", i, i, i%2 == 0))
		if i%1000 == 0 {
			want = append(want, fmt.Sprintf("a.txt:%d duplicate u%d@x.com %v", i, i, i%2 == 0))
		}
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("finding %d: got %q, want %q", i, got[i], want[i])
		}
	}
}
