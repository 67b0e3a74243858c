package lint

import (
	"math"
	"runtime"
	"strings"
	"testing"
)

// inlineKey gives different words to different domains of up to 15 bytes
// (every length, every byte position) and the same words to equal ones.
func TestInlineKey(t *testing.T) {
	seen := map[[2]uint64]string{}
	for n := range 16 {
		for pos := range max(n, 1) {
			for _, c := range []byte{'a', 'b', 0, 0xff} {
				b := []byte(strings.Repeat("x", n))
				if n > 0 {
					b[pos] = c
				}
				s := string(b)
				k0, k1, ok := inlineKey(s)
				if !ok {
					t.Fatalf("%q is not inlined", s)
				}
				if prev, dup := seen[[2]uint64{k0, k1}]; dup && prev != s {
					t.Fatalf("%q and %q have the same words", prev, s)
				}
				seen[[2]uint64{k0, k1}] = s
			}
		}
	}
	if _, k1, ok := inlineKey(strings.Repeat("x", 16)); ok || k1>>56 <= 15 {
		t.Error("a 16-byte domain is inlined, or its words look like a short one's")
	}
}

// The set counts each hash once, 0 and 1 as one, across growth.
func TestHashSet(t *testing.T) {
	var s hashSet
	for round := range 2 {
		for i := range 100_000 {
			s.add(uint64(i) * 0x9e3779b97f4a7c15)
		}
		if s.n != 100_000 {
			t.Fatalf("round %d: %d hashes counted, want 100000", round, s.n)
		}
	}
	s.add(1)
	if s.n != 100_000 {
		t.Errorf("1 counted apart from 0: %d", s.n)
	}
}

// The distinct-domain count holds a bounded memory however many domains
// come: 2,000,000 distinct names once took 32 MiB of hash set.
func TestDomainCountMemory(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	tbl := newDomainTable()
	for i := range 2_000_000 {
		tbl.names.add(fmix(uint64(i) + 1))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 1<<20 {
		t.Errorf("counting 2,000,000 domains holds %d bytes, want under 1 MiB", grown)
	}
	runtime.KeepAlive(tbl)
}

// The count is exact up to maxExactDomains and an estimate within 2%
// past it, never below what was counted exactly.
func TestDistinctCount(t *testing.T) {
	var c distinctCount
	added := 0
	for _, tc := range []struct {
		n         int
		estimated bool
	}{{1000, false}, {maxExactDomains, false}, {maxExactDomains + 1, true}, {300_000, true}, {1_000_000, true}, {6_000_000, true}} {
		for ; added < tc.n; added++ {
			h := fmix(uint64(added) + 1)
			c.add(h)
			c.add(h) // a repeat is not counted again
		}
		n, estimated := c.count()
		if estimated != tc.estimated {
			t.Fatalf("%d hashes: estimated %v, want %v", tc.n, estimated, tc.estimated)
		}
		if !estimated && n != tc.n || n < min(tc.n, maxExactDomains+1) || math.Abs(float64(n-tc.n)) > 0.02*float64(tc.n) {
			t.Errorf("%d hashes counted as %d", tc.n, n)
		}
	}
}
