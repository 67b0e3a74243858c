package rules_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/internal/longtest"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

func TestDuplicate(t *testing.T) {
	got := runBatch(t, rules.Options{}, "duplicate",
		input{"a.csv", []string{"jane@example.com", "bob@example.com", "Jane@example.com", "jane@EXAMPLE.com"}},
		input{"b.txt", []string{"x@müller.de", "jane@example.com", "x@xn--mller-kva.de", "not-an-address"}},
	)
	want := []struct {
		file      string
		line      int
		firstFile string
		firstLine int
	}{
		{"a.csv", 4, "a.csv", 1},
		{"b.txt", 2, "a.csv", 1},
		{"b.txt", 3, "b.txt", 1},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d findings, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		f := got[i]
		msg := fmt.Sprintf("%s appears again; first at %s:%d:1", f.Address, w.firstFile, w.firstLine)
		if f.File != w.file || f.Line != w.line || f.Severity.String() != "info" || f.Message != msg {
			t.Errorf("finding %d: %+v", i, f)
		}
	}
}

// Past its limit the rule says once, at the first address it cannot
// compare, that it stopped comparing, and memory stays bounded.
func TestDuplicateLimit(t *testing.T) {
	longtest.Skip(t, "feeds 200,000 addresses")
	addrs := many(200_000, "example.com")
	addrs = append(addrs, addrs[0], addrs[199_999])
	got := runBatch(t, rules.Options{}, "duplicate", input{"big.txt", addrs})
	if len(got) != 2 {
		t.Fatalf("got %d findings, want the repeat of the first address and one note: %+v", len(got), got)
	}
	if got[0].Line != 196_609 || got[1].Line != 200_001 || !strings.Contains(got[0].Message, "more than 196608 distinct mailboxes") {
		t.Errorf("got %+v", got)
	}
}

// A repeat is reported as it is checked, before the addresses after it:
// the rule holds no repeat until the run ends, so a list of a million
// copies of one address takes no more memory than one copy.
func TestDuplicateReportedAtTheRepeat(t *testing.T) {
	e := newEngine(t, rules.Options{})
	var order []string
	for i, a := range []string{"a@example.com", "b@example.com", "a@example.com", "c@gmial.com"} {
		e.Check(a, lint.Location{File: "f", Line: i + 1, Column: 1}, func(f *lint.Finding) {
			order = append(order, fmt.Sprintf("%s:%d", f.Rule, f.Line))
		})
	}
	e.Finish(func(f *lint.Finding) { order = append(order, fmt.Sprintf("%s:%d at the end", f.Rule, f.Line)) })
	if want := []string{"duplicate:3", "domain-typo:4"}; fmt.Sprint(order) != fmt.Sprint(want) {
		t.Errorf("findings in the order %v, want %v", order, want)
	}
}

// A repeat costs the rule one allocation, its message: a list with many
// repeats (merged exports) makes little garbage.
func TestDuplicateRepeatAllocations(t *testing.T) {
	b := rules.Duplicate{}.NewBatch().(lint.OrderedBatch)
	s := &lint.Subject{Raw: "jane@example.com", Mailbox: 42}
	b.Judge(s, lint.Location{File: "a.csv", Line: 3, Column: 7})
	var msg string
	allocs := testing.AllocsPerRun(100, func() {
		msg = b.Judge(s, lint.Location{File: "a.csv", Line: 9, Column: 1})[0].Message
	})
	if want := "jane@example.com appears again; first at a.csv:3:7"; msg != want {
		t.Errorf("message %q, want %q", msg, want)
	}
	if allocs > 1 {
		t.Errorf("a repeat costs %.0f allocations, want 1", allocs)
	}
}

// The first appearance's column is never shown wrong: past what the table
// keeps (65,535), the message names the line alone.
func TestDuplicateFarColumn(t *testing.T) {
	for _, c := range []struct {
		column int
		want   string
	}{
		{65_535, "a.csv:3:65535"},
		{70_001, "a.csv:3"},
	} {
		b := rules.Duplicate{}.NewBatch().(lint.OrderedBatch)
		s := &lint.Subject{Raw: "jane@example.com", Mailbox: 42}
		b.Judge(s, lint.Location{File: "a.csv", Line: 3, Column: c.column})
		msg := b.Judge(s, lint.Location{File: "a.csv", Line: 9, Column: 1})[0].Message
		if want := "jane@example.com appears again; first at " + c.want; msg != want {
			t.Errorf("column %d: message %q, want %q", c.column, msg, want)
		}
	}
}
