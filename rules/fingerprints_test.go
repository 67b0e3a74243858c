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
