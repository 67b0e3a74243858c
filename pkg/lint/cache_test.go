package lint

import (
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
