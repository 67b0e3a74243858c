package lint

import "math/bits"

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

func hashString(h uint64, s string) uint64 {
	for ; len(s) >= 8; s = s[8:] {
		w := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
		h = mixWord(h, w)
	}
	if len(s) > 0 {
		var w uint64
		for i := len(s) - 1; i >= 0; i-- {
			w = w<<8 | uint64(s[i])
		}
		h = mixWord(h, w)
	}
	return h
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
