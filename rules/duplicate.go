package rules

import (
	"fmt"
	"math/bits"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// The duplicate rule remembers mailboxes in an open-addressing table of
// fingerprints and packed locations, 18 bytes a slot, that grows up to
// duplicateSlots slots and is at most three quarters full: at most 4.5 MiB,
// whatever the input.
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
	return &duplicateBatch{files: map[int32]string{}}
}

type duplicateBatch struct {
	seen    fingerprints
	files   map[int32]string // input names by Location.Source
	lastSrc int32            // the last input named in files
	full    bool             // the table is full, and that was said
}

// packedLocation is a Location in 8 bytes: 16 bits of input number (the
// file name is kept once per input), 32 of line, 16 of column (a column
// past 65,535, in a line that long, is shown as 65,535).
type packedLocation uint64

func pack(source, line, column int) packedLocation {
	return packedLocation(uint64(min(source, 1<<16-1))<<48 | uint64(min(line, 1<<32-1))<<16 | uint64(min(column, 1<<16-1)))
}

func (p packedLocation) unpack() (source, line, column int) {
	return int(p >> 48), int(p >> 16 & (1<<32 - 1)), int(p & (1<<16 - 1))
}

// Judge looks the mailbox up, remembers it when it is new, and reports
// it when it is a repeat: the first appearance is known by then, so the
// rule keeps no repeat until the run ends.
func (b *duplicateBatch) Judge(s *lint.Subject, loc lint.Location) []lint.Issue {
	if s.SplitErr != nil || s.Allowed {
		return nil
	}
	if first, ok := b.seen.get(s.Mailbox); ok {
		f := b.unpack(first)
		return []lint.Issue{{Message: fmt.Sprintf("%s appears again; first at %s:%d:%d", s.Raw, f.File, f.Line, f.Column)}}
	}
	if b.seen.n >= duplicateLimit {
		if b.full {
			return nil
		}
		b.full = true
		return []lint.Issue{{Message: fmt.Sprintf("the run has more than %d distinct mailboxes; repeats of this and later ones are not checked", duplicateLimit)}}
	}
	if src := int32(min(loc.Source, 1<<16-1)); src != b.lastSrc || len(b.files) == 0 {
		b.files[src], b.lastSrc = loc.File, src
	}
	b.seen.put(s.Mailbox, pack(loc.Source, loc.Line, loc.Column))
	return nil
}

// Observe is Judge without the issues; the engine calls Judge.
func (b *duplicateBatch) Observe(s *lint.Subject, loc lint.Location) { b.Judge(s, loc) }

func (b *duplicateBatch) unpack(p packedLocation) lint.Location {
	src, line, col := p.unpack()
	return lint.Location{File: b.files[int32(src)], Source: src, Line: line, Column: col}
}

// Finish has nothing left to report: Judge has reported every repeat.
func (b *duplicateBatch) Finish(func(lint.Location, string, lint.Issue)) {}

// fingerprints is an open-addressing hash table from mailbox fingerprints
// to the location first seen, laid out as Swiss tables are: slots in
// groups of four, each group with a control word of 16 bits a slot that
// hold 15 bits of the key above a set high bit, or 0 for an empty slot. A
// lookup compares the four lanes of a group at once and loads a key only
// when its 15 bits match (one time in ten thousand for a key that is not
// there), so that looking up a mailbox that is not there, the usual case,
// reads one control word from half a megabyte, which stays in the cache
// where the keys would not. A new table is all zeros, so it costs nothing
// until used.
type fingerprints struct {
	ctrl  []uint64 // per group: 16 bits a slot
	slots []fpSlot
	n     int
}

type fpSlot struct {
	key uint64
	loc packedLocation
}

const (
	groupSlots = 4
	laneLows   = 0x0001000100010001
	laneHighs  = 0x8000800080008000
	// The table starts at a sixteenth of its largest size and grows four
	// times at once, so that a long list does not copy it over and over.
	fingerprintsStart  = duplicateSlots / 16
	fingerprintsGrowth = 4
)

// group is the group a key's probe starts at.
func (t *fingerprints) group(key uint64) int {
	return int(key*0x9e3779b97f4a7c15>>32) & (len(t.ctrl) - 1)
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

func (t *fingerprints) get(key uint64) (packedLocation, bool) {
	if t.n == 0 {
		return 0, false
	}
	tg := tag(key)
	mask := len(t.ctrl) - 1
	for g := t.group(key); ; g = (g + 1) & mask {
		c := t.ctrl[g]
		for m := matches(c, tg); m != 0; m &= m - 1 {
			s := &t.slots[g*groupSlots+bits.TrailingZeros64(m)/16]
			if s.key == key {
				return s.loc, true
			}
		}
		if ^c&laneHighs != 0 {
			return 0, false // the group has an empty slot: the key is not further on
		}
	}
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

// insert places a key in the first empty slot of its probe.
func (t *fingerprints) insert(key uint64, loc packedLocation) {
	mask := len(t.ctrl) - 1
	for g := t.group(key); ; g = (g + 1) & mask {
		if empty := ^t.ctrl[g] & laneHighs; empty != 0 {
			lane := bits.TrailingZeros64(empty) / 16
			t.ctrl[g] |= tag(key) << (16 * lane)
			t.slots[g*groupSlots+lane] = fpSlot{key, loc}
			return
		}
	}
}

func (t *fingerprints) grow() {
	old, oldSlots := t.ctrl, t.slots
	size := fingerprintsStart
	if len(oldSlots) > 0 {
		size = min(fingerprintsGrowth*len(oldSlots), duplicateSlots)
	}
	t.ctrl, t.slots = make([]uint64, size/groupSlots), make([]fpSlot, size)
	for g, c := range old {
		for lane := range groupSlots {
			if c>>(16*lane)&0x8000 != 0 {
				s := oldSlots[g*groupSlots+lane]
				t.insert(s.key, s.loc)
			}
		}
	}
}
