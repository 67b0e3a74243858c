package rules

import (
	"math/rand"
	"testing"
)

// The table finds every key put in it, with its location, and no other,
// at every load up to three quarters and across growth, keys that share
// their fifteen tag bits included.
func TestFingerprints(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var tab fingerprints
	want := map[uint64]packedLocation{}
	for i := range 50_000 {
		key := rng.Uint64()
		switch i % 7 {
		case 0:
			key &= 0xffff // keys that share their low bits
		case 1:
			key |= 0x7fff << 49 // and their tag
		}
		if _, ok := want[key]; ok {
			continue
		}
		loc := pack(i%3, i, i%80)
		tab.put(key, loc)
		want[key] = loc
		if i%997 == 0 {
			for k, l := range want {
				if got, ok := tab.get(k); !ok || got != l {
					t.Fatalf("after %d keys: get(%#x) = %v, %v; want %v", len(want), k, got, ok, l)
				}
			}
		}
		probe := rng.Uint64()
		if _, ok := tab.get(probe); ok != (want[probe] != 0 || probe == key) {
			t.Fatalf("get(%#x) found a key never put", probe)
		}
	}
	if tab.n != len(want) {
		t.Errorf("table holds %d keys, want %d", tab.n, len(want))
	}
}

// A key whose two groups are both full goes to the overflow map, is found
// there, is not confused with a key at the same groups, and survives the
// table's growth.
func TestFingerprintsOverflow(t *testing.T) {
	var tab fingerprints
	tab.put(1, pack(0, 1, 1))
	key := uint64(0x1234_5678_9abc_def0)
	g1, g2 := tab.groups(key)
	// Fill both groups with other keys' lanes.
	for _, g := range []int{g1, g2} {
		for lane := range groupSlots {
			filler := uint64(1000 + g*groupSlots + lane)
			tab.ctrl[2*g+lane/4] |= tag(filler) << (16 * (lane % 4))
			tab.slots[g*groupSlots+lane] = fpSlot{filler, pack(0, 2, 1)}
		}
	}
	tab.put(key, pack(0, 7, 3))
	if len(tab.overflow) != 1 {
		t.Fatalf("overflow holds %d keys, want 1", len(tab.overflow))
	}
	if loc, ok := tab.get(key); !ok || loc != pack(0, 7, 3) {
		t.Fatalf("get(overflowed key) = %v, %v", loc, ok)
	}
	if _, ok := tab.get(key ^ 1); ok {
		t.Fatal("found a key never put")
	}
	tab.grow()
	if loc, ok := tab.get(key); !ok || loc != pack(0, 7, 3) {
		t.Fatalf("after growth: get(overflowed key) = %v, %v", loc, ok)
	}
	if loc, ok := tab.get(1); !ok || loc != pack(0, 1, 1) {
		t.Fatalf("after growth: get(1) = %v, %v", loc, ok)
	}
}

func BenchmarkFingerprintsMiss(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	var tab fingerprints
	for range duplicateLimit {
		tab.put(rng.Uint64(), 1)
	}
	keys := make([]uint64, 1<<16)
	for i := range keys {
		keys[i] = rng.Uint64()
	}
	n := 0
	for i := 0; b.Loop(); i++ {
		if _, ok := tab.get(keys[i&(len(keys)-1)]); ok {
			n++
		}
	}
	_ = n
}
