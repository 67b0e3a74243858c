package rules_test

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// companyName returns a deterministic company-like label.
func companyName(rng *rand.Rand) string {
	syl := []string{"ac", "me", "tra", "lo", "gis", "tec", "nor", "da", "vi", "ra", "sol", "ar", "ko", "min", "pe", "xa", "lu", "mi", "ve", "ro"}
	s := ""
	for k := 3 + rng.Intn(3); k > 0; k-- {
		s += syl[rng.Intn(len(syl))]
	}
	return s
}

// BenchmarkTrusted checks 100,000 distinct recipient domains against 100
// and against 100,000 trusted domains, building the index included: the
// near-miss search uses an index, so the second costs a small multiple of
// the first, not a thousand times. The similar case trusts store00000.com
// … store99999.com, whose labels share most of their deletions.
// scripts/bench.sh prints the ratios.
func BenchmarkTrusted(b *testing.B) {
	rng := rand.New(rand.NewSource(7))
	recipients := make([]string, 100_000)
	for i := range recipients {
		recipients[i] = fmt.Sprintf("x@%s%d.com", companyName(rng), i)
	}
	similar := make([]string, 100_000)
	for i := range similar {
		similar[i] = fmt.Sprintf("store%05d.com", i)
	}
	for _, n := range []int{100, 100_000, -100_000} {
		trusted, name := similar, "similar=100000"
		if n > 0 {
			trusted, name = make([]string, n), fmt.Sprintf("trusted=%d", n)
			for i := range trusted {
				trusted[i] = fmt.Sprintf("%s-%d.com", companyName(rng), i)
			}
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				env, err := rules.NewEnv(rules.Options{Trusted: trusted})
				if err != nil {
					b.Fatal(err)
				}
				e, _ := lint.New(lint.Options{Rules: rules.All(env)})
				for i, r := range recipients {
					e.Check(r, lint.Location{Line: i + 1}, func(*lint.Finding) {})
				}
			}
		})
	}
}
