package report

import (
	"bufio"
	"fmt"
	"io"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// BenchmarkOutput writes 100,000 findings in each format, and, as the
// floor, the same number of lines of similar length with a buffered
// writer. scripts/bench.sh prints each format's ratio to the floor.
func BenchmarkOutput(b *testing.B) {
	fs := make([]lint.Finding, 100_000)
	for i := range fs {
		addr := fmt.Sprintf("user%d@gmial.com", i)
		fs[i] = lint.Finding{
			Location: lint.Location{File: "list.csv", Line: i + 1, Column: 7}, AddressAt: lint.Location{File: "list.csv", Line: i + 1, Column: 7},
			Address: addr, Rule: "domain-typo", Severity: lint.Warning, Fixable: true,
			Message:    "'gmial.com' is the well-known mail domain gmail.com with two letters swapped ('ia' for 'ai')",
			Suggestion: fmt.Sprintf("user%d@gmail.com", i),
		}
	}
	run := &Run{Tool: "bench", Rules: []lint.Doc{{ID: "domain-typo", Summary: "s", Explanation: "e"}}}
	b.Run("floor", func(b *testing.B) {
		for b.Loop() {
			w := bufio.NewWriter(io.Discard)
			for i := range fs {
				fmt.Fprintf(w, "%s:%d:%d: %s %s: %s; did you mean %s?\n", fs[i].File, fs[i].Line, fs[i].Column, "warning", fs[i].Rule, fs[i].Message, fs[i].Suggestion)
			}
			w.Flush()
		}
	})
	for _, format := range []string{"text", "json", "sarif", "github"} {
		b.Run(format, func(b *testing.B) {
			r, _ := New(format, false)
			b.ReportAllocs()
			for b.Loop() {
				if err := r.Report(io.Discard, run, Slice(fs)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
