package rules_test

import (
	"fmt"
	"runtime"
	"strconv"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// BenchmarkBatchRules runs one batch rule over 1,000,000 addresses at
// 1,000 domains and reports the heap it holds at the end of the run
// (heap-MB) beside the usual allocation counts. The outlier rule's memory
// follows the domains; the duplicate rule's follows the distinct
// mailboxes up to its limit.
func BenchmarkBatchRules(b *testing.B) {
	for _, tc := range []struct {
		rule      string
		addresses int
	}{
		{"outlier", 100_000}, {"outlier", 1_000_000},
		{"duplicate", 100_000}, {"duplicate", 1_000_000},
	} {
		b.Run(fmt.Sprintf("%s/%d", tc.rule, tc.addresses), func(b *testing.B) {
			env, err := rules.NewEnv(rules.Options{})
			if err != nil {
				b.Fatal(err)
			}
			var only []lint.Rule
			for _, r := range rules.All(env) {
				if r.Doc().ID == tc.rule {
					only = append(only, r)
				}
			}
			domains := make([]string, 1000)
			for i := range domains {
				domains[i] = "company" + strconv.Itoa(i) + ".example.com"
			}
			addr := make([]byte, 0, 64)
			b.ReportAllocs()
			var heap uint64
			for b.Loop() {
				e, _ := lint.New(lint.Options{Rules: only})
				for i := 0; i < tc.addresses; i++ {
					addr = append(addr[:0], "user"...)
					addr = strconv.AppendInt(addr, int64(i), 10)
					addr = append(addr, '@')
					addr = append(addr, domains[i%len(domains)]...)
					e.Check(string(addr), lint.Location{File: "list.txt", Line: i + 1, Column: 1}, func(*lint.Finding) {})
				}
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				heap = ms.HeapAlloc
				e.Finish(func(*lint.Finding) {})
				runtime.KeepAlive(e)
			}
			b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
		})
	}
}
