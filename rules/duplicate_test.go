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

// The first appearance is named in its own input however many inputs the
// run has: past 65,535 of them (a table of 16 bits of input number), each
// repeat named the last input read.
func TestDuplicateManyInputs(t *testing.T) {
	b := rules.Duplicate{}.NewBatch().(lint.OrderedBatch)
	const inputs = 70_000
	for i := range inputs {
		s := &lint.Subject{Raw: fmt.Sprintf("u%d@example.com", i), Mailbox: uint64(i + 1)}
		b.Judge(s, lint.Location{File: fmt.Sprintf("in%d.txt", i), Source: i, Line: 1, Column: 1})
	}
	for _, i := range []int{0, 65_534, 65_535, 65_536, inputs - 2} {
		s := &lint.Subject{Raw: fmt.Sprintf("u%d@example.com", i), Mailbox: uint64(i + 1)}
		issues := b.Judge(s, lint.Location{File: "last.txt", Source: inputs, Line: 2, Column: 1})
		if len(issues) != 1 {
			t.Fatalf("input %d: %d issues, want 1", i, len(issues))
		}
		if want := fmt.Sprintf("u%d@example.com appears again; first at in%d.txt:1:1", i, i); issues[0].Message != want {
			t.Errorf("message %q, want %q", issues[0].Message, want)
		}
	}
}

// The first appearance's line is never shown wrong: past what the table
// keeps, the message names the input alone.
func TestDuplicateFarLine(t *testing.T) {
	for _, c := range []struct {
		line int
		want string
	}{
		{1<<30 - 1, "a.csv:1073741823:7"},
		{1 << 30, "a.csv"},
		{5_000_000_000, "a.csv"},
	} {
		b := rules.Duplicate{}.NewBatch().(lint.OrderedBatch)
		s := &lint.Subject{Raw: "jane@example.com", Mailbox: 42}
		b.Judge(s, lint.Location{File: "a.csv", Line: c.line, Column: 7})
		msg := b.Judge(s, lint.Location{File: "a.csv", Line: c.line + 1, Column: 1})[0].Message
		if want := "jane@example.com appears again; first at " + c.want; msg != want {
			t.Errorf("line %d: message %q, want %q", c.line, msg, want)
		}
	}
}
