package rules_test

import (
	"testing"

	"github.com/rcptlint/rcptlint/rules"
)

// BenchmarkNewEnv measures what every run pays before its first address:
// the embedded data and the indexes built on it.
func BenchmarkNewEnv(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rules.NewEnv(rules.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
