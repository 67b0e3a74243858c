package rules_test

import (
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/internal/corpus"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// BenchmarkDomains measures the per-domain work: every domain rule on each
// distinct domain of a realistic 1,000,000-address list (about 1,000
// domains and their typos), once each, as a run does on first sight.
func BenchmarkDomains(b *testing.B) {
	seen := map[string]bool{}
	var addrs []string
	for _, line := range corpusLines(b, corpus.Options{N: 1_000_000, Domains: 1000, Typos: 0.01, Seed: 1}) {
		if at := strings.LastIndexByte(line, '@'); at >= 0 && !seen[line[at+1:]] {
			seen[line[at+1:]] = true
			addrs = append(addrs, "x@"+line[at+1:])
		}
	}
	env, err := rules.NewEnv(rules.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		e, _ := lint.New(lint.Options{Rules: rules.All(env)})
		for i, a := range addrs {
			e.Check(a, lint.Location{Line: i + 1}, func(*lint.Finding) {})
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(addrs)), "ns/domain")
}
