package rules

import (
	"fmt"

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

// The table lives on a goroutine of its own: Observe fingerprints each
// address and queues it in chunks, and the worker looks the chunks up in
// the table on the other core. Looking up a whole chunk first touches
// every slot it will need, so that the memory loads overlap instead of
// waiting one after another.
const (
	chunkSize   = 1024
	chunksAhead = 4
)

type duplicateBatch struct {
	seen    fingerprints
	files   map[int32]string // input names by Location.Source
	repeats []repeat
	full    *repeat

	cur     *chunk
	work    chan *chunk
	free    chan *chunk
	done    chan struct{}
	started bool
}

// chunk is a run of observed mailboxes waiting for the table.
type chunk struct {
	keys  []uint64
	locs  []lint.Location
	ends  []int32 // end of each address in text
	text  []byte
	slots []int
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

// Observe queues the mailbox for the table.
func (b *duplicateBatch) Observe(s *lint.Subject, loc lint.Location) {
	if s.SplitErr != nil || s.Allowed {
		return
	}
	if b.cur == nil {
		b.cur = b.newChunk()
	}
	c := b.cur
	c.keys = append(c.keys, s.Mailbox)
	c.locs = append(c.locs, loc)
	c.text = append(c.text, s.Raw...)
	c.ends = append(c.ends, int32(len(c.text)))
	if len(c.keys) == chunkSize {
		b.send()
	}
}

func (b *duplicateBatch) newChunk() *chunk {
	if b.started {
		select {
		case c := <-b.free:
			return c
		default:
		}
	}
	return &chunk{keys: make([]uint64, 0, chunkSize), locs: make([]lint.Location, 0, chunkSize), ends: make([]int32, 0, chunkSize), slots: make([]int, chunkSize)}
}

// send hands the current chunk to the worker, starting it on first use.
func (b *duplicateBatch) send() {
	if !b.started {
		b.started = true
		b.work = make(chan *chunk, chunksAhead)
		b.free = make(chan *chunk, chunksAhead+1)
		b.done = make(chan struct{})
		go b.worker()
	}
	b.work <- b.cur
	b.cur = nil
}

func (b *duplicateBatch) worker() {
	defer close(b.done)
	for c := range b.work {
		b.process(c)
		c.keys, c.locs, c.ends, c.text = c.keys[:0], c.locs[:0], c.ends[:0], c.text[:0]
		select {
		case b.free <- c:
		default:
		}
	}
}

// process looks a chunk up in the table, in order.
func (b *duplicateBatch) process(c *chunk) {
	b.seen.touch(c.keys, c.slots)
	start := int32(0)
	for i, key := range c.keys {
		loc, end := c.locs[i], c.ends[i]
		addr := c.text[start:end]
		start = end
		if first, ok := b.seen.get(key); ok {
			b.repeats = append(b.repeats, repeat{loc: loc, first: b.unpack(first), address: string(addr)})
			continue
		}
		if b.seen.n >= duplicateLimit {
			if b.full == nil {
				b.full = &repeat{loc: loc, address: string(addr)}
			}
			continue
		}
		src := int32(min(loc.Source, 1<<16-1))
		if _, ok := b.files[src]; !ok {
			b.files[src] = loc.File
		}
		b.seen.put(key, pack(loc.Source, loc.Line, loc.Column))
	}
}

func (b *duplicateBatch) unpack(p packedLocation) lint.Location {
	src, line, col := p.unpack()
	return lint.Location{File: b.files[int32(src)], Source: src, Line: line, Column: col}
}

// Finish waits for the worker and reports the repeats.
func (b *duplicateBatch) Finish(report func(lint.Location, string, lint.Issue)) {
	if b.started {
		if b.cur != nil {
			b.work <- b.cur
			b.cur = nil
		}
		close(b.work)
		<-b.done
	} else if b.cur != nil {
		b.process(b.cur)
		b.cur = nil
	}
	for _, r := range b.repeats {
		report(r.loc, r.address, lint.Issue{Message: fmt.Sprintf("%s appears again; first at %s:%d:%d", r.address, r.first.File, r.first.Line, r.first.Column)})
	}
	if b.full != nil {
		msg := fmt.Sprintf("the run has more than %d distinct mailboxes; repeats of this and later ones are not checked", duplicateLimit)
		report(b.full.loc, b.full.address, lint.Issue{Message: msg})
	}
}

// fingerprints is an open-addressing hash table from mailbox fingerprints
// to the location first seen, with linear probing. A Go map would take
// about three times the memory for the same entries.
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

// touch reads the home slot of each key, so that the loads of a whole
// chunk are in flight together before it is looked up.
func (t *fingerprints) touch(keys []uint64, slots []int) {
	if len(t.keys) == 0 {
		return
	}
	var sink uint64
	for i, k := range keys {
		slots[i] = t.home(max(k, 1))
		sink += t.keys[slots[i]]
	}
	t.sink = sink
}

func (t *fingerprints) slot(key uint64) int {
	mask := len(t.keys) - 1
	i := t.home(key)
	for t.keys[i] != 0 && t.keys[i] != key {
		i = (i + 1) & mask
	}
	return i
}

func (t *fingerprints) get(key uint64) (packedLocation, bool) {
	if t.n == 0 {
		return 0, false
	}
	key = max(key, 1)
	i := t.slot(key)
	return t.locs[i], t.keys[i] == key
}

// put adds a key that is not in the table, growing it when it would be
// more than three quarters full.
func (t *fingerprints) put(key uint64, loc packedLocation) {
	key = max(key, 1)
	if (t.n+1)*4 > len(t.keys)*3 {
		t.grow()
	}
	i := t.slot(key)
	t.keys[i], t.locs[i] = key, loc
	t.n++
}

func (t *fingerprints) grow() {
	old, oldLocs := t.keys, t.locs
	size := max(2*len(old), 1024)
	t.keys, t.locs = make([]uint64, size), make([]packedLocation, size)
	for i, k := range old {
		if k != 0 {
			j := t.slot(k)
			t.keys[j], t.locs[j] = k, oldLocs[i]
		}
	}
}
