package typo

import (
	"slices"
	"strings"
)

// Names finds, among many stored domain names, those one edit from a
// query compared whole, dots included: a letter or a dot left out, added
// or changed, or two neighbours swapped (fco.gv.uk, fcogov.uk and
// fco.gob.uk for fco.gov.uk). It is a symmetric-delete index of depth
// one: a name is filed under its hash and the hashes of the strings made
// by deleting one of its bytes, so that it costs one key a byte, and a
// query looks up the same of its own; Distance confirms each candidate.
//
// The hash is polynomial, so that the deletions of every tail of a query
// (each subdomain's parent: the names under mail.fco.gv.uk) are hashed in
// time linear in the query, not quadratic.
type Names struct {
	names []string
	// keys holds a 40-bit hash above the 24-bit id of a name, sorted; dir
	// holds, for each value of the top dirBits bits, the first key at or
	// above it, and len(keys) last.
	keys    []uint64
	dir     []uint32
	dirBits uint
	// maxLen is the length of the longest name: no longer tail is looked up.
	maxLen int
}

// polyBase is the odd multiplier of the polynomial hash.
const polyBase = 0x100000001b3

// NewNames indexes names, which it keeps; ids are positions in names. At
// most MaxWords names are indexed.
func NewNames(names []string) *Names {
	names = names[:min(len(names), MaxWords):min(len(names), MaxWords)]
	n := 0
	for _, s := range names {
		n += len(s) + 1
	}
	keys := make([]uint64, 0, n)
	var pre, pow []uint64
	for id, s := range names {
		pre, pow = prefixHashes(s, pre[:0], pow[:0])
		tailDeletions(s, 0, pre, pow, func(h uint64) {
			keys = append(keys, nameKey(h)<<idBits|uint64(id))
		})
	}
	slices.Sort(keys)
	return NewNamesFrom(names, slices.Compact(keys))
}

// NewNamesFrom returns the index of names whose keys were computed ahead
// of time (by Keys of an index of the same names); it keeps both slices
// and only builds the directory, in one pass over the keys.
func NewNamesFrom(names []string, keys []uint64) *Names {
	x := &Names{names: names[:len(names):len(names)], keys: keys[:len(keys):len(keys)]}
	for _, s := range names {
		x.maxLen = max(x.maxLen, len(s))
	}
	x.dirBits = 1
	for 1<<x.dirBits < len(keys)/2 {
		x.dirBits++
	}
	x.dir = make([]uint32, 1<<x.dirBits+1)
	p := 0
	for i, k := range keys {
		for top := int(k >> (64 - x.dirBits)); p <= top; p++ {
			x.dir[p] = uint32(i)
		}
	}
	for ; p < len(x.dir); p++ {
		x.dir[p] = uint32(len(keys))
	}
	return x
}

// Keys returns the index's sorted keys, for NewNamesFrom.
func (x *Names) Keys() []uint64 { return x.keys }

// Name returns the name stored under id.
func (x *Names) Name(id int) string { return x.names[id] }

// Len returns the number of stored names.
func (x *Names) Len() int { return len(x.names) }

// NearTails calls fn for every stored name one edit from a tail of
// query of two labels or more (query itself, then query without its first
// label, and so on), with the offset of that tail in query and the
// name's id. A tail equal to a stored name is not reported. A query of n
// bytes costs at most n lookups a tail, and only tails no longer than the
// longest name plus one are looked up.
func (x *Names) NearTails(query string, fn func(start, id int)) {
	if len(x.names) == 0 {
		return
	}
	var preBuf, powBuf [256]uint64
	pre, pow := prefixHashes(query, preBuf[:0], powBuf[:0])
	var seenBuf [16]int32
	for start := 0; start < len(query); {
		dot := strings.IndexByte(query[start:], '.')
		if dot < 0 {
			return // a single label is no name of two
		}
		if len(query)-start <= x.maxLen+1 {
			seen := seenBuf[:0]
			tail := query[start:]
			tailDeletions(query, start, pre, pow, func(h uint64) {
				seen = x.lookup(nameKey(h), seen, tail, func(id int) { fn(start, id) })
			})
		}
		start += dot + 1
	}
}

// lookup calls fn with each id filed under the 40-bit hash h whose name
// is one edit from tail and not yet in seen, and returns seen with them.
func (x *Names) lookup(h uint64, seen []int32, tail string, fn func(id int)) []int32 {
	p := h >> (64 - idBits - x.dirBits)
	for i := x.dir[p]; i < x.dir[p+1]; i++ {
		kh := x.keys[i] >> idBits
		if kh < h {
			continue
		}
		if kh > h {
			break
		}
		id := int32(x.keys[i] & (MaxWords - 1))
		if slices.Contains(seen, id) {
			continue
		}
		seen = append(seen, id)
		if Distance(tail, x.names[id], 1) == 1 {
			fn(int(id))
		}
	}
	return seen
}

// prefixHashes returns the polynomial hashes of every prefix of s
// (pre[k] for s[:k]) and the powers of the base up to len(s), in the
// buffers given when they are large enough.
func prefixHashes(s string, pre, pow []uint64) ([]uint64, []uint64) {
	pre = append(pre, 0)
	pow = append(pow, 1)
	for k := 0; k < len(s); k++ {
		pre = append(pre, pre[k]*polyBase+uint64(s[k]))
		pow = append(pow, pow[k]*polyBase)
	}
	return pre, pow
}

// tailDeletions calls fn with the polynomial hash of s[start:] and of
// every string made by deleting one of its bytes, each in constant time
// from the prefix hashes of s.
func tailDeletions(s string, start int, pre, pow []uint64, fn func(uint64)) {
	n := len(s)
	sub := func(a, b int) uint64 { return pre[b] - pre[a]*pow[b-a] }
	fn(sub(start, n))
	for i := start; i < n; i++ {
		fn(sub(start, i)*pow[n-i-1] + sub(i+1, n))
	}
}

// nameKey mixes a polynomial hash into the 40 bits a key holds.
func nameKey(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h >> idBits
}
