package rules

import (
	"fmt"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// The duplicate rule remembers mailboxes in an open-addressing table of
// fingerprints and packed locations, 20 bytes a slot, that doubles up to
// duplicateSlots slots and is at most three quarters full: at most 20 MiB,
// whatever the input.
const (
	duplicateSlots = 1 << 20
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

To keep memory bounded whatever the input (at most 20 MiB), the rule
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
	repeats []repeat
	full    *repeat
}

// packedLocation is a Location without its file name, which files holds
// once per input: 12 bytes a mailbox instead of 40.
type packedLocation struct{ source, line, column int32 }

type repeat struct {
	loc, first lint.Location
	address    string
}

// Observe remembers the mailbox or notes it as a repeat.
func (b *duplicateBatch) Observe(s *lint.Subject, loc lint.Location) {
	if s.SplitErr != nil || s.Allowed {
		return
	}
	key := mailboxKey(s)
	if first, ok := b.seen.get(key); ok {
		b.repeats = append(b.repeats, repeat{loc: loc, first: b.unpack(first), address: strings.Clone(s.Raw)})
		return
	}
	if b.seen.n >= duplicateLimit {
		if b.full == nil {
			b.full = &repeat{loc: loc, address: strings.Clone(s.Raw)}
		}
		return
	}
	src := int32(loc.Source)
	if _, ok := b.files[src]; !ok {
		b.files[src] = loc.File
	}
	b.seen.put(key, packedLocation{src, int32(min(loc.Line, 1<<31-1)), int32(min(loc.Column, 1<<31-1))})
}

func (b *duplicateBatch) unpack(p packedLocation) lint.Location {
	return lint.Location{File: b.files[p.source], Source: int(p.source), Line: int(p.line), Column: int(p.column)}
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

// mailboxKey fingerprints a mailbox: the local part as written, the domain
// in ASCII lower case.
func mailboxKey(s *lint.Subject) uint64 {
	d := s.Domain.Name
	if d == "" {
		d = strings.ToLower(s.Addr.Domain)
	}
	h := fnvString(fnvOffset, s.Addr.Local)
	h = fnvString(h, "@")
	return fnvString(h, d)
}

// FNV-1a, 64 bits, written out so that hashing allocates nothing.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// fingerprints is an open-addressing hash table from mailbox fingerprints
// to the location first seen, with linear probing. A Go map would take
// about three times the memory for the same entries.
type fingerprints struct {
	keys []uint64 // 0 marks an empty slot
	locs []packedLocation
	n    int
}

func (t *fingerprints) slot(key uint64) int {
	mask := len(t.keys) - 1
	i := int(key*0x9e3779b97f4a7c15>>32) & mask
	for t.keys[i] != 0 && t.keys[i] != key {
		i = (i + 1) & mask
	}
	return i
}

func (t *fingerprints) get(key uint64) (packedLocation, bool) {
	if t.n == 0 {
		return packedLocation{}, false
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
