package rules

import (
	"fmt"
	"runtime"
	"testing"
)

// A trusted entry costs about 1 KiB of index for a 15-letter label plus
// its facts and map slots, allocated once: 2 KiB in all (3 KiB under the
// race detector), against 6 KiB when the keys grew by doubling. The
// README's reliability table states the bound.
func TestTrustedMemoryPerEntry(t *testing.T) {
	const n = 20_000
	trusted := make([]string, n)
	for i := range trusted {
		trusted[i] = fmt.Sprintf("acmetralog%05d.com", i) // 15 letters
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	env, err := NewEnv(Options{Trusted: trusted})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(env)
	per := (after.TotalAlloc - before.TotalAlloc) / n
	t.Logf("%d bytes allocated per trusted entry", per)
	if per > 4096 {
		t.Errorf("%d bytes allocated per trusted entry, want at most 4,096", per)
	}
}
