package rules

import (
	"fmt"
	"math/bits"
	"strconv"
	"unsafe"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// The duplicate rule remembers mailboxes in a hash table of fingerprints
// and packed locations (fingerprints below), 18 bytes a slot, that grows up
// to duplicateSlots slots and is at most three quarters full: at most
// 4.5 MiB, whatever the input.
const (
	duplicateSlots = 1 << 18
	duplicateLimit = duplicateSlots / 4 * 3
)

// Duplicate reports a mailbox that appears more than once in a run.
type Duplicate struct{}

// Doc documents the duplicate rule.
func (Duplicate) Doc() lint.Doc {
	return lint.Doc{
		ID:       "duplicate",
		Summary:  "The same mailbox appears more than once in the run",
		Severity: lint.Info,
		Explanation: fmt.Sprintf(`Reports every repeat of a mailbox, with the location of its first
appearance, across all the inputs of a run. The domain is compared without
regard to case (and in its ASCII form, so müller.de and xn--mller-kva.de are
one); the local part is compared as written, since only the receiving
server knows whether Jane and jane are one mailbox.

To keep memory bounded whatever the input (at most 4.5 MiB), the rule
remembers the first %d distinct mailboxes it sees (a 64-bit fingerprint and
a location each); when a run has more, it says so once, at the first
address it can no longer compare, and repeats of later mailboxes go
unreported.`, duplicateLimit),
		Examples: []lint.Example{
			{Address: "jane@example.com", Finding: "on its second appearance: first at list.csv:3:7"},
			{Address: "Jane@example.com", Finding: ""},
			{Address: "jane@EXAMPLE.com", Finding: "a repeat of jane@example.com"},
		},
	}
}

// NewBatch starts a fresh set of seen mailboxes.
func (Duplicate) NewBatch() lint.Batch {
	return &duplicateBatch{}
}

type duplicateBatch struct {
	seen fingerprints
	// files names the inputs of the remembered mailboxes, numbered in the
	// order read: at most one a mailbox, so fewer than 1<<18.
	files   []string
	lastSrc int  // the Location.Source of the last input in files
	full    bool // the table is full, and that was said
	// msg and issue are reused for each repeat, which a list merged from
	// several exports has many of: the message is a view of msg, which
	// the engine is done with before the next Judge (OrderedBatch), so a
	// repeat allocates nothing.
	msg   []byte
	issue [1]lint.Issue
}

// packedLocation is a Location in 8 bytes: 18 bits of the input's number
// in duplicateBatch.files, 30 of line, 16 of column. A line past
// 1,073,741,823 or a column past 65,535 is kept as 0, unknown, and the
// message names no line or no column rather than a wrong one.
type packedLocation uint64

const (
	fileBits   = 18
	lineBits   = 30
	columnBits = 16
)

func pack(file, line, column int) packedLocation {
	if line >= 1<<lineBits {
		line, column = 0, 0
	}
	if column >= 1<<columnBits {
		column = 0
	}
	return packedLocation(uint64(file)<<(lineBits+columnBits) | uint64(line)<<columnBits | uint64(column))
}

func (p packedLocation) unpack() (file, line, column int) {
	return int(p >> (lineBits + columnBits)), int(p >> columnBits & (1<<lineBits - 1)), int(p & (1<<columnBits - 1))
}

// The inputs of the remembered mailboxes, one number each at most, fit in
// the packed location.
var _ = [1]struct{}{}[duplicateLimit>>fileBits]

// Judge looks the mailbox up, remembers it when it is new, and reports
// it when it is a repeat: the first appearance is known by then, so the
// rule keeps no repeat until the run ends.
func (b *duplicateBatch) Judge(s *lint.Subject, loc lint.Location) []lint.Issue {
	if s.SplitErr != nil || s.Allowed {
		return nil
	}
	if first, ok := b.seen.get(s.Mailbox); ok {
		return b.repeat(s.Raw, b.unpack(first))
	}
	if b.seen.n >= duplicateLimit {
		if b.full {
			return nil
		}
		b.full = true
		return []lint.Issue{{Message: fmt.Sprintf("the run has more than %d distinct mailboxes; repeats of this and later ones are not checked", duplicateLimit)}}
	}
	if loc.Source != b.lastSrc || len(b.files) == 0 {
		b.files, b.lastSrc = append(b.files, loc.File), loc.Source
	}
	b.seen.put(s.Mailbox, pack(len(b.files)-1, loc.Line, loc.Column))
	return nil
}

// repeat returns the issue of a repeat of the mailbox first seen at first:
// "RAW appears again; first at FILE:LINE:COLUMN".
func (b *duplicateBatch) repeat(raw string, first lint.Location) []lint.Issue {
	m := append(b.msg[:0], raw...)
	m = append(m, " appears again; first at "...)
	m = append(m, first.File...)
	if first.Line > 0 {
		m = append(m, ':')
		m = strconv.AppendInt(m, int64(first.Line), 10)
	}
	if first.Line > 0 && first.Column > 0 {
		m = append(m, ':')
		m = strconv.AppendInt(m, int64(first.Column), 10)
	}
	b.msg = m
	b.issue[0] = lint.Issue{Message: unsafe.String(unsafe.SliceData(m), len(m))}
	return b.issue[:]
}

// Observe is Judge without the issues; the engine calls Judge.
func (b *duplicateBatch) Observe(s *lint.Subject, loc lint.Location) { b.Judge(s, loc) }

func (b *duplicateBatch) unpack(p packedLocation) lint.Location {
	file, line, col := p.unpack()
	return lint.Location{File: b.files[file], Line: line, Column: col}
}

// Finish has nothing left to report: Judge has reported every repeat.
func (b *duplicateBatch) Finish(func(lint.Location, string, lint.Issue)) {}

// fingerprints is a hash table from mailbox fingerprints to the location
// first seen. Its slots are in groups of eight, each group with two
// control words of 16 bits a slot that hold 15 bits of the key above a set
// high bit, or 0 for an empty slot. A key may sit in either of two groups
// picked by different bits of it, and is put in the emptier one, which
// keeps the groups evenly filled: looking up a key that is not there, the
// usual case, compares the eight lanes of both groups at once, two reads
// that go on together from half a megabyte that stays in the cache, and
// loads a key only when its 15 bits match (one time in two thousand). A
// key whose two groups are both full goes to a small overflow map, and
// its groups are marked so that a lookup there looks in the map too. A new
// table is all zeros, so it costs nothing until used.
//
// (The table was a linear-probing one before: at three quarters full,
// half of the lookups found their first group full and went on, at a
// mispredicted branch each.)
type fingerprints struct {
	ctrl     []uint64 // two words a group: 16 bits a slot
	slots    []fpSlot
	overflow map[uint64]packedLocation
	spilled  []uint64 // a bit a group: a key of the group is in overflow
	n        int
}

type fpSlot struct {
	key uint64
	loc packedLocation
}

const (
	groupSlots = 8
	laneLows   = 0x0001000100010001
	laneHighs  = 0x8000800080008000
	// The table starts at a sixteenth of its largest size (12,288
	// mailboxes) and then grows to its largest at once: each size's pages
	// are touched anew, and a long list then touches 4.8 MiB, not 6 (1M
	// addresses: 340 fewer page faults, 4 ms less CPU).
	fingerprintsStart  = duplicateSlots / 16
	fingerprintsGrowth = 16
)

// groups are the two groups a key may sit in.
func (t *fingerprints) groups(key uint64) (int, int) {
	mask := uint64(len(t.slots)/groupSlots - 1)
	h := key * 0x9e3779b97f4a7c15
	return int(h >> 40 & mask), int(h >> 16 & mask)
}

// tag is what a key's control lane holds.
func tag(key uint64) uint64 { return key>>49 | 0x8000 }

// matches returns a word with the high bit set in each lane of ctrl that
// equals tag, and in no other.
func matches(ctrl, tag uint64) uint64 {
	const lows = 0x7fff7fff7fff7fff
	x := ctrl ^ tag*laneLows
	return ^((x&lows + lows) | x | lows)
}

// find looks for key in group g.
func (t *fingerprints) find(g int, key, tg uint64) (packedLocation, bool) {
	for w := range 2 {
		for m := matches(t.ctrl[2*g+w], tg); m != 0; m &= m - 1 {
			if s := &t.slots[g*groupSlots+4*w+bits.TrailingZeros64(m)/16]; s.key == key {
				return s.loc, true
			}
		}
	}
	return 0, false
}

func (t *fingerprints) get(key uint64) (packedLocation, bool) {
	if t.n == 0 {
		return 0, false
	}
	tg := tag(key)
	g1, g2 := t.groups(key)
	a0, a1, b0, b1 := t.ctrl[2*g1], t.ctrl[2*g1+1], t.ctrl[2*g2], t.ctrl[2*g2+1]
	if matches(a0, tg)|matches(a1, tg)|matches(b0, tg)|matches(b1, tg) != 0 {
		if loc, ok := t.find(g1, key, tg); ok {
			return loc, true
		}
		if loc, ok := t.find(g2, key, tg); ok {
			return loc, true
		}
	}
	if t.overflow != nil && (t.spilled[g1/64]>>(g1%64)|t.spilled[g2/64]>>(g2%64))&1 != 0 {
		loc, ok := t.overflow[key]
		return loc, ok
	}
	return 0, false
}

// put adds a key that is not in the table, growing it when it would be
// more than three quarters full.
func (t *fingerprints) put(key uint64, loc packedLocation) {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	t.insert(key, loc)
	t.n++
}

// insert places a key in an empty slot of the emptier of its groups.
func (t *fingerprints) insert(key uint64, loc packedLocation) {
	g1, g2 := t.groups(key)
	empty := func(g int) int {
		return bits.OnesCount64(^t.ctrl[2*g]&laneHighs) + bits.OnesCount64(^t.ctrl[2*g+1]&laneHighs)
	}
	g := g1
	if empty(g2) > empty(g1) {
		g = g2
	}
	for w := range 2 {
		if e := ^t.ctrl[2*g+w] & laneHighs; e != 0 {
			lane := bits.TrailingZeros64(e) / 16
			t.ctrl[2*g+w] |= tag(key) << (16 * lane)
			t.slots[g*groupSlots+4*w+lane] = fpSlot{key, loc}
			return
		}
	}
	if t.overflow == nil {
		t.overflow = map[uint64]packedLocation{}
		t.spilled = make([]uint64, (len(t.slots)/groupSlots+63)/64)
	}
	t.overflow[key] = loc
	t.spilled[g1/64] |= 1 << (g1 % 64)
	t.spilled[g2/64] |= 1 << (g2 % 64)
}

func (t *fingerprints) grow() {
	oldCtrl, oldSlots, oldOverflow := t.ctrl, t.slots, t.overflow
	size := fingerprintsStart
	if len(oldSlots) > 0 {
		size = min(fingerprintsGrowth*len(oldSlots), duplicateSlots)
	}
	t.ctrl, t.slots = make([]uint64, size/4), make([]fpSlot, size)
	t.overflow, t.spilled = nil, nil
	for w, c := range oldCtrl {
		for lane := range 4 {
			if c>>(16*lane)&0x8000 != 0 {
				s := oldSlots[w*4+lane]
				t.insert(s.key, s.loc)
			}
		}
	}
	for key, loc := range oldOverflow {
		t.insert(key, loc)
	}
}
