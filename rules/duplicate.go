package rules

import (
	"fmt"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// The duplicate rule remembers mailboxes in an open-addressing table of
// fingerprints and packed locations, 16 bytes a slot, that doubles up to
// duplicateSlots slots and is at most three quarters full: at most 4 MiB,
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

To keep memory bounded whatever the input (at most 4 MiB), the rule
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
	repeats []repeat
	full    *repeat
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

type repeat struct {
	loc, first lint.Location
	address    string
}

// Observe looks the mailbox up, and remembers it when it is new.
func (b *duplicateBatch) Observe(s *lint.Subject, loc lint.Location) {
	if s.SplitErr != nil || s.Allowed {
		return
	}
	if first, ok := b.seen.get(s.Mailbox); ok {
		b.repeats = append(b.repeats, repeat{loc: loc, first: b.unpack(first), address: strings.Clone(s.Raw)})
		return
	}
	if b.seen.n >= duplicateLimit {
		if b.full == nil {
			b.full = &repeat{loc: loc, address: strings.Clone(s.Raw)}
		}
		return
	}
	if src := int32(min(loc.Source, 1<<16-1)); src != b.lastSrc || len(b.files) == 0 {
		b.files[src], b.lastSrc = loc.File, src
	}
	b.seen.put(s.Mailbox, pack(loc.Source, loc.Line, loc.Column))
}

// ObserveAll observes a run of addresses. It first touches the table slot
// of each, so that the memory loads, which miss the cache in a table of
// megabytes, are in flight together instead of one after another.
func (b *duplicateBatch) ObserveAll(subjects []lint.Subject, locs []lint.Location) {
	b.seen.touch(subjects)
	for i := range subjects {
		b.Observe(&subjects[i], locs[i])
	}
}

func (b *duplicateBatch) unpack(p packedLocation) lint.Location {
	src, line, col := p.unpack()
	return lint.Location{File: b.files[int32(src)], Source: src, Line: line, Column: col}
}

// Finish reports the repeats.
func (b *duplicateBatch) Finish(report func(lint.Location, string, lint.Issue)) {
	for _, r := range b.repeats {
		report(r.loc, r.address, lint.Issue{Message: fmt.Sprintf("%s appears again; first at %s:%d:%d", r.address, r.first.File, r.first.Line, r.first.Column)})
	}
	if b.full != nil {
		msg := fmt.Sprintf("the run has more than %d distinct mailboxes; repeats of this and later ones are not checked", duplicateLimit)
		report(b.full.loc, b.full.address, lint.Issue{Message: msg})
	}
}

// fingerprints is an open-addressing hash table from mailbox fingerprints
// to the location first seen, with linear probing kept in Robin Hood
// order: a key never sits further from its home slot than the key after
// it, so a lookup of a key that is absent, the usual case, stops after a
// few slots instead of running to the end of its cluster. A Go map would
// take about three times the memory for the same entries.
type fingerprints struct {
	keys []uint64 // 0 marks an empty slot
	locs []packedLocation
	n    int
	sink uint64 // keeps touch's loads from being optimized away
}

// home is the slot a key's probe starts at.
func (t *fingerprints) home(key uint64) int {
	return int(key*0x9e3779b97f4a7c15>>32) & (len(t.keys) - 1)
}

// dist is how far slot i is from the home of the key in it.
func (t *fingerprints) dist(key uint64, i int) int {
	return (i - t.home(key)) & (len(t.keys) - 1)
}

// touch reads the home slot of each subject's mailbox.
func (t *fingerprints) touch(subjects []lint.Subject) {
	if len(t.keys) == 0 {
		return
	}
	var sink uint64
	for i := range subjects {
		sink += t.keys[t.home(max(subjects[i].Mailbox, 1))]
	}
	t.sink = sink
}

func (t *fingerprints) get(key uint64) (packedLocation, bool) {
	if t.n == 0 {
		return 0, false
	}
	key = max(key, 1)
	mask := len(t.keys) - 1
	for i, d := t.home(key), 0; ; i, d = (i+1)&mask, d+1 {
		switch k := t.keys[i]; {
		case k == key:
			return t.locs[i], true
		case k == 0 || t.dist(k, i) < d:
			return 0, false
		}
	}
}

// put adds a key that is not in the table, growing it when it would be
// more than three quarters full.
func (t *fingerprints) put(key uint64, loc packedLocation) {
	if (t.n+1)*4 > len(t.keys)*3 {
		t.grow()
	}
	t.insert(max(key, 1), loc)
	t.n++
}

// insert places key in Robin Hood order: it takes the first slot whose key
// is nearer its own home, and that key moves on in turn.
func (t *fingerprints) insert(key uint64, loc packedLocation) {
	mask := len(t.keys) - 1
	for i, d := t.home(key), 0; ; i, d = (i+1)&mask, d+1 {
		k := t.keys[i]
		if k == 0 {
			t.keys[i], t.locs[i] = key, loc
			return
		}
		if kd := t.dist(k, i); kd < d {
			t.keys[i], key = key, k
			t.locs[i], loc = loc, t.locs[i]
			d = kd
		}
	}
}

func (t *fingerprints) grow() {
	old, oldLocs := t.keys, t.locs
	size := max(2*len(old), 1024)
	t.keys, t.locs = make([]uint64, size), make([]packedLocation, size)
	for i, k := range old {
		if k != 0 {
			t.insert(k, oldLocs[i])
		}
	}
}
