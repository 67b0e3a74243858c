package rules

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
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

// Past LargeTrusted entries, names are compared within one edit: an entry
// costs a key a letter rather than one for every pair of letters, and a
// slip of one letter is still found.
func TestLargeTrustedList(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of more than 100,000 trusted domains")
	}
	n := LargeTrusted + 1_000
	trusted := make([]string, n)
	for i := range trusted {
		trusted[i] = fmt.Sprintf("acmetralog%06d.com", i) // 16 letters
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	env, err := NewEnv(Options{Trusted: trusted})
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	per := (after.TotalAlloc - before.TotalAlloc) / uint64(n)
	t.Logf("%d bytes allocated per trusted entry", per)
	if per > 1536 {
		t.Errorf("%d bytes allocated per trusted entry of a large list, want at most 1,536", per)
	}
	e, err := lint.New(lint.Options{Rules: All(env)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	e.Check("x@acmetralg001234.com", lint.Location{File: "f", Line: 1, Column: 1}, func(f *lint.Finding) {
		got = append(got, f.Rule+" "+f.Suggestion)
	})
	if want := "domain-typo x@acmetralog001234.com"; len(got) != 1 || got[0] != want {
		t.Errorf("findings %q, want %q", got, want)
	}
}
