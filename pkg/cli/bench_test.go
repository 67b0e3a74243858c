package cli

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/internal/corpus"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// BenchmarkStartup runs the whole command for one address, as a user at a
// prompt or a hook does: what start-up costs beyond the process itself.
func BenchmarkStartup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ios, _, _ := iostreams.Test("")
		if code := Main([]string{"check", "-q", "someone@example.com"}, ios); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// corpusBytes generates a corpus once per benchmark run.
func corpusBytes(b *testing.B, o corpus.Options) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := corpus.Write(&buf, o); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkThroughput runs `rcptlint check --format json` over a realistic
// list of 1,000,000 addresses at about 1,000 domains with 1% typos, read
// from standard input, and reports addresses per second; "repeats" is the
// same list with one address in fifteen a repeat of an earlier one (lists
// merged from several exports), each a duplicate finding while the rule
// remembers its first. scripts/bench.sh compares the binary with a
// line-splitting baseline on both lists.
func BenchmarkThroughput(b *testing.B) {
	for _, tc := range []struct {
		name    string
		args    []string
		repeats float64
	}{
		{"all-rules", []string{"check", "--no-config", "--format", "json"}, 0},
		{"no-batch-rules", []string{"check", "--config", "testdata/no-batch-rules.yaml", "--format", "json"}, 0},
		{"repeats", []string{"check", "--no-config", "--format", "json"}, 1.0 / 15},
		{"emit-clean", []string{"check", "--no-config", "-q", "--emit", "clean"}, 1.0 / 15},
	} {
		b.Run(tc.name, func(b *testing.B) {
			data := corpusBytes(b, corpus.Options{N: 1_000_000, Domains: 1000, Typos: 0.01, Repeats: tc.repeats, Seed: 1})
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				ios, _, _ := iostreams.Test("")
				ios.In = bytes.NewReader(data)
				ios.Out = io.Discard
				ios.ErrOut = io.Discard
				Main(tc.args, ios)
			}
			b.ReportMetric(float64(b.N)*1e6/b.Elapsed().Seconds(), "addresses/s")
		})
	}
}

// BenchmarkArgumentList checks one argument holding a list of addresses
// behind a non-ASCII name, at two sizes: the time per address must not
// grow with the argument (each address's code-point column was once
// counted from the argument's start).
func BenchmarkArgumentList(b *testing.B) {
	for _, n := range []int{2_000, 16_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var arg strings.Builder
			arg.WriteString("Jörg <j@example.com>")
			for i := 0; i < n; i++ {
				fmt.Fprintf(&arg, ", u%d@example.com", i)
			}
			b.ReportAllocs()
			for b.Loop() {
				ios, _, _ := iostreams.Test("")
				ios.Out, ios.ErrOut = io.Discard, io.Discard
				Main([]string{"check", "-q", "--no-config", "--format", "json", arg.String()}, ios)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*(n+1)), "ns/address")
		})
	}
}
