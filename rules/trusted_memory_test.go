package rules

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/rcptlint/rcptlint/internal/longtest"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// A trusted entry costs about 1 KiB of index for a 15-letter label plus
// its facts and map slots, allocated once: 2 KiB in all (3 KiB under the
// race detector), against 6 KiB when the keys grew by doubling. The
// README's reliability table states the bound.
func TestTrustedMemoryPerEntry(t *testing.T) {
	_, per := trustedEnv(t, 20_000, "acmetralog%05d.com") // 15 letters
	if per > 4096 {
		t.Errorf("%d bytes allocated per trusted entry, want at most 4,096", per)
	}
}

// trustedEnv makes an environment trusting n domains named by format and
// a number, and returns it with the bytes allocated per entry.
func trustedEnv(t *testing.T, n int, format string) (*Env, uint64) {
	t.Helper()
	trusted := make([]string, n)
	for i := range trusted {
		trusted[i] = fmt.Sprintf(format, i)
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
	return env, per
}

// Past LargeTrusted entries, names are compared within one edit: an entry
// costs a key a letter rather than one for every pair of letters, and a
// slip of one letter is still found. An entry keeps its registrable domain
// and two offsets, not its domain's facts, whose validation it reuses:
// about 800 bytes allocated an entry (1,107 with the facts, 920 under the
// race detector).
func TestLargeTrustedList(t *testing.T) {
	longtest.Skip(t, "builds an index of more than 100,000 trusted domains")
	env, per := trustedEnv(t, LargeTrusted+1_000, "acmetralog%06d.com") // 16 letters
	if per > 1000 {
		t.Errorf("%d bytes allocated per trusted entry of a large list, want at most 1,000", per)
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

// An Env holds what its distinct entries need, not its entries: a list
// that repeats a domain (in any case, or spelled in Unicode and in ASCII)
// costs what the domain alone costs, so that a configuration of
// 16 MiB of one line cannot size the tables by its 1.86 million lines
// (949 MB for a run).
func TestRepeatedEntriesCostOneEntry(t *testing.T) {
	held := func(n int) uint64 {
		t.Helper()
		trusted := []string{"acme-firm.com", "ACME-Firm.com", ".acme-firm.com", " acme-firm.com", "mil", "MIL", "bücher.de", "xn--bcher-kva.de"}
		known := []string{"known-firm.com", "Known-Firm.com"}
		o := Options{Trusted: make([]string, n), Known: make([]string, n)}
		for i := range n {
			o.Trusted[i] = trusted[i%len(trusted)]
			o.Known[i] = known[i%len(known)]
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		env, err := NewEnv(o)
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(env)
		runtime.KeepAlive(o)
		return after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
	}
	few, many := held(1_000), held(200_000)
	t.Logf("held: %d bytes for 1,000 repeats, %d for 200,000", few, many)
	if many > 2*few+64<<10 {
		t.Errorf("an Env of 200,000 repeats of one entry holds %d bytes, against %d for 1,000: want at most twice as much plus 64 KiB", many, few)
	}
}
