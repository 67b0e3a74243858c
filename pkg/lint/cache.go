package lint

import (
	"encoding/binary"
	"math/bits"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"
)

// domainTable is the engine's per-domain cache, shared by every goroutine
// that checks: an insert-only open-addressing table whose slots are read
// without a lock, so that the lookup every address makes costs a hash of a
// few words and a comparison. Inserts, growth and the distinct-name count
// take the lock. A reader that holds the table being replaced by a larger
// one only misses what was added since, and then asks under the lock.
type domainTable struct {
	cur atomic.Pointer[slotArray]

	mu sync.Mutex
	n  int
	// names counts the distinct domain names, for Stats.
	names  distinctCount
	nextID int
}

type slotArray struct {
	slots []slot // a power of two of them, at most three quarters in use
}

// slot holds a result, the hash of its written domain and, for a domain
// of up to 15 bytes (most are), the domain itself with its length in two
// words, so that a lookup compares it without following a pointer. The
// hash is written last: a reader that sees it sees the rest.
type slot struct {
	hash   atomic.Uint64 // 0 marks an empty slot
	res    *domainResult
	k0, k1 uint64
}

// inlineKey returns the words a slot holds of a domain of up to 15 bytes:
// its bytes, and its length in the last byte. The words are loaded from
// the string directly (through a buffer on the stack, the loads would
// wait for the stores).
func inlineKey(s string) (k0, k1 uint64, ok bool) {
	n := len(s)
	if n > 15 {
		return 0, ^uint64(0), false // a length byte no short domain has
	}
	p := unsafe.Slice(unsafe.StringData(s), n)
	switch {
	case n >= 8:
		// The last eight bytes, shifted down past those in k0.
		k0, k1 = binary.LittleEndian.Uint64(p), binary.LittleEndian.Uint64(p[n-8:])>>(8*(16-n))
	case n >= 4:
		// Two loads that overlap in the middle, where their bytes agree.
		k0 = uint64(binary.LittleEndian.Uint32(p)) | uint64(binary.LittleEndian.Uint32(p[n-4:]))<<(8*(n-4))
	default:
		for i := n - 1; i >= 0; i-- {
			k0 = k0<<8 | uint64(p[i])
		}
	}
	return k0, k1 | uint64(n)<<56, true
}

func newDomainTable() *domainTable {
	t := &domainTable{}
	t.cur.Store(&slotArray{slots: make([]slot, 256)})
	return t
}

// quickHash hashes a domain as written from its first, last and (when
// long) middle eight bytes and its length: every byte of a name of up to
// 16 bytes, which most domains are, at a fraction of the cost of hashing
// each byte. Names that hash alike are still told apart by comparing them.
// It is never 0.
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
	return (h ^ h>>32) | 1
}

// find returns the result cached for a written domain with hash h, or nil.
func (a *slotArray) find(written string, h uint64) *domainResult {
	k0, k1, short := inlineKey(written)
	mask := uint64(len(a.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		s := &a.slots[i]
		switch sh := s.hash.Load(); {
		case sh == 0:
			return nil
		case sh != h:
		case short:
			if s.k0 == k0 && s.k1 == k1 {
				return s.res
			}
		case s.res.facts.Written == written:
			return s.res
		}
	}
}

// insert adds a result to a table that has room for it; the caller holds
// the lock.
func (a *slotArray) insert(h uint64, r *domainResult) {
	mask := uint64(len(a.slots) - 1)
	i := h & mask
	for a.slots[i].hash.Load() != 0 {
		i = (i + 1) & mask
	}
	s := &a.slots[i]
	s.res = r
	s.k0, s.k1, _ = inlineKey(r.facts.Written)
	s.hash.Store(h)
}

// get returns the result for a written domain, computed on first sight.
// Results are computed outside the lock, so that the domain rules of
// distinct domains run on every core; when two goroutines compute the same
// domain at once, the first to finish is kept (both are the same but for
// the id).
func (t *domainTable) get(written string, e *Engine) *domainResult {
	h := quickHash(written)
	if r := t.cur.Load().find(written, h); r != nil {
		return r
	}
	r := e.analyze(strings.Clone(written))
	t.mu.Lock()
	defer t.mu.Unlock()
	a := t.cur.Load()
	if first := a.find(written, h); first != nil {
		return first
	}
	switch {
	case t.n >= maxCachedDomains:
		a = &slotArray{slots: make([]slot, len(a.slots))}
		t.cur.Store(a)
		t.n = 0
	case 4*(t.n+1) > 3*len(a.slots):
		a = a.grown()
		t.cur.Store(a)
	}
	r.id = t.nextID
	t.nextID++
	t.names.add(r.keyHash)
	a.insert(h, r)
	t.n++
	return r
}

// grown returns a copy of the table with twice the slots.
func (a *slotArray) grown() *slotArray {
	b := &slotArray{slots: make([]slot, 2*len(a.slots))}
	for i := range a.slots {
		if h := a.slots[i].hash.Load(); h != 0 {
			b.insert(h, a.slots[i].res)
		}
	}
	return b
}

// release lets the cached results go, once no more addresses come.
func (t *domainTable) release() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.cur.Store(&slotArray{slots: make([]slot, 1)})
	t.n = 0
}

// hashSet is a set of 64-bit hashes in 8 bytes a slot: open addressing,
// at most three quarters full (a Go map takes several times that).
type hashSet struct {
	slots []uint64 // 0 marks an empty slot; hash 0 is stored as 1
	n     int
}

func (s *hashSet) add(h uint64) {
	h = max(h, 1)
	if 4*(s.n+1) > 3*len(s.slots) {
		old := s.slots
		s.slots = make([]uint64, max(2*len(old), 64))
		for _, o := range old {
			if o != 0 {
				s.insert(o)
			}
		}
	}
	if s.insert(h) {
		s.n++
	}
}

// insert adds h unless it is there, and reports whether it was added.
func (s *hashSet) insert(h uint64) bool {
	mask := uint64(len(s.slots) - 1)
	for i := h * 0x9e3779b97f4a7c15 >> 32 & mask; ; i = (i + 1) & mask {
		switch s.slots[i] {
		case 0:
			s.slots[i] = h
			return true
		case h:
			return false
		}
	}
}
