package lint

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// mailboxKey fingerprints a mailbox: its local part as written, and its
// domain's name through domainKeyHash, computed once per domain. It is a
// 64-bit hash in the manner of MurmurHash3, eight bytes a step; among the
// few million mailboxes of a run, two keys collide with a probability of
// about one in a million millions.
func mailboxKey(local string, domainHash uint64) uint64 {
	return fmix(mixWord(hashString(uint64(len(local))*c1, local), domainHash))
}

// domainKeyHash is a domain name's half of its mailboxes' keys.
func domainKeyHash(name string) uint64 {
	return fmix(hashString(uint64(len(name))*c2, name))
}

const (
	c1 = 0x87c37b91114253d5
	c2 = 0x4cf5ad432745937f
)

// hashString mixes s into h eight bytes a step. The last step of a string
// of eight bytes or more takes its last eight, overlapping the step before
// (the length, mixed in by the callers, keeps such strings apart).
func hashString(h uint64, s string) uint64 {
	n := len(s)
	if n < 8 {
		var w uint64
		for i := n - 1; i >= 0; i-- {
			w = w<<8 | uint64(s[i])
		}
		return mixWord(h, w)
	}
	p := unsafe.Slice(unsafe.StringData(s), n)
	for i := 0; i+8 < n; i += 8 {
		h = mixWord(h, binary.LittleEndian.Uint64(p[i:]))
	}
	return mixWord(h, binary.LittleEndian.Uint64(p[n-8:]))
}

func mixWord(h, w uint64) uint64 {
	w *= c1
	w = bits.RotateLeft64(w, 31)
	w *= c2
	h ^= w
	return bits.RotateLeft64(h, 27)*5 + 0x52dce729
}

// fmix is MurmurHash3's finalizer: every bit of h affects every bit of the
// result.
func fmix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}
