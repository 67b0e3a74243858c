package rules

import (
	"fmt"
	"runtime"
	"testing"
)

// A trusted entry costs about 1 KiB of index for a 15-letter label plus
// its facts and map slots, allocated once: the README's reliability table
// states the bound, this holds it (the keys used to grow by doubling,
// which allocated twice as much again).
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
	if per > 2560 {
		t.Errorf("%d bytes allocated per trusted entry, want at most 2,560", per)
	}
}
