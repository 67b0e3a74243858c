package lint

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// domainCache is a checker's own map from written domains to their
// results, which every address looks its domain up in: open addressing
// with linear probing, at most half full, on a hash of a few machine words
// of the name. That costs a third of what a Go map's hash of every byte
// does (BenchmarkThroughput in pkg/cli); two names that hash alike are
// still told apart by comparing them.
type domainCache struct {
	slots []cacheSlot // a power of two of them
	n     int
}

type cacheSlot struct {
	hash uint64
	key  string
	res  *domainResult // nil marks an empty slot
}

// quickHash hashes a domain name from its first, last and (when long)
// middle eight bytes and its length: every byte of a name of up to 16
// bytes, which most domains are.
func quickHash(s string) uint64 {
	n := len(s)
	var a, b uint64
	if n >= 8 {
		p := unsafe.Slice(unsafe.StringData(s), n)
		a, b = binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[n-8:])
		if n > 16 {
			a ^= bits.RotateLeft64(binary.LittleEndian.Uint64(p[n/2-4:]), 29)
		}
	} else {
		for i := range n {
			a = a<<8 | uint64(s[i])
		}
	}
	h := a*c1 ^ bits.RotateLeft64(b*c2, 31) ^ uint64(n)
	h ^= h >> 32
	h *= 0xd6e8feb86659fd93
	return h ^ h>>32
}

// get returns the result cached for a written domain with hash h, or nil.
func (c *domainCache) get(written string, h uint64) *domainResult {
	if c.n == 0 {
		return nil
	}
	mask := uint64(len(c.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &c.slots[i]
		if s.res == nil {
			return nil
		}
		if s.hash == h && s.key == written {
			return s.res
		}
	}
}

// put caches a result that is not in the cache. Past maxCachedDomains
// entries the cache starts afresh.
func (c *domainCache) put(written string, h uint64, res *domainResult) {
	switch {
	case c.n >= maxCachedDomains:
		clear(c.slots)
		c.n = 0
	case 2*(c.n+1) > len(c.slots):
		c.grow()
	}
	c.insert(cacheSlot{h, written, res})
	c.n++
}

func (c *domainCache) insert(s cacheSlot) {
	mask := uint64(len(c.slots) - 1)
	i := s.hash & mask
	for c.slots[i].res != nil {
		i = (i + 1) & mask
	}
	c.slots[i] = s
}

func (c *domainCache) grow() {
	old := c.slots
	c.slots = make([]cacheSlot, max(2*len(old), 256))
	for _, s := range old {
		if s.res != nil {
			c.insert(s)
		}
	}
}
