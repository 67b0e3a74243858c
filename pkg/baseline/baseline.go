// Package baseline reads and writes a baseline: the findings a team has
// accepted, which later runs do not report, so that only new slips fail.
//
// A baseline is a JSON file:
//
//	{
//	  "version": 1,
//	  "findings": [
//	    {"file": "lists/team.txt", "rule": "domain-typo", "address": "jane@gmial.com", "count": 1}
//	  ]
//	}
//
// An entry names the rule, the file (relative to the baseline's folder,
// slash-separated; "-" for standard input, "<args>" for arguments) and the
// address as written, never a line number, so that lines added or removed
// above a finding do not make it new. Count is how many such findings are
// accepted (a repeated address has one each time). Entries are sorted by
// file, rule and address, one a line, so that the file is deterministic
// and its diffs are readable. A file name or address that is not valid
// UTF-8 is written and matched with each invalid byte as the text \xNN.
package baseline

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/report"
)

// MaxSize bounds a baseline file, read or written: at 100 to 150 bytes
// an entry, 16 MiB holds over 100,000 accepted findings.
const MaxSize = 16 << 20

// Version is the format's version, written and required.
const Version = 1

// Key identifies a finding in a baseline.
type Key struct {
	File, Rule, Address string
}

// NewKey makes the key of a finding; file and address are as written,
// and go through Text.
func NewKey(file, rule, address string) Key {
	return Key{File: Text(file), Rule: rule, Address: Text(address)}
}

// Text is a file name or address as a baseline holds it: as written when it is valid
// UTF-8, else with each invalid byte as the text \xNN (how JSON output
// shows it).
func Text(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	const hex = "0123456789abcdef"
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, '\\', 'x', hex[s[i]>>4], hex[s[i]&0xf])
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return string(b)
}

// Set is a baseline read for matching: how many findings of each key are
// still accepted, by a 128-bit hash of the key, so that an entry costs
// the same 24 bytes and a map slot however long its strings.
type Set struct {
	seed1, seed2 maphash.Seed
	left         map[[2]uint64]int32
}

// entry is one finding of the file.
type entry struct {
	File    string `json:"file"`
	Rule    string `json:"rule"`
	Address string `json:"address"`
	Count   int32  `json:"count"`
}

// Read reads a baseline of at most MaxSize bytes from r, entry by entry;
// errors name the entry at fault (1-based) but not the file, which the
// caller names.
func Read(r io.Reader) (*Set, error) {
	lr := &limitReader{r: r, left: MaxSize}
	s, err := read(json.NewDecoder(lr))
	if lr.over {
		return nil, fmt.Errorf("is larger than %d bytes, the most a baseline may be", MaxSize)
	}
	return s, err
}

func read(dec *json.Decoder) (*Set, error) {
	dec.DisallowUnknownFields()
	notBaseline := func(err error) error {
		return fmt.Errorf("not a baseline (JSON with \"version\" and \"findings\"): %w", err)
	}
	if err := expect(dec, json.Delim('{')); err != nil {
		return nil, notBaseline(err)
	}
	s := &Set{seed1: maphash.MakeSeed(), seed2: maphash.MakeSeed(), left: map[[2]uint64]int32{}}
	version := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, notBaseline(err)
		}
		switch tok {
		case "version":
			if err := dec.Decode(&version); err != nil {
				return nil, notBaseline(err)
			}
		case "findings":
			if err := s.readFindings(dec); err != nil {
				return nil, err
			}
		default:
			return nil, notBaseline(fmt.Errorf("unknown key %v", tok))
		}
	}
	if err := expect(dec, json.Delim('}')); err != nil {
		return nil, notBaseline(err)
	}
	if version != Version {
		return nil, fmt.Errorf("not a baseline of version %d (want \"version\": %d)", Version, Version)
	}
	return s, nil
}

// readFindings reads the findings array, one entry at a time.
func (s *Set) readFindings(dec *json.Decoder) error {
	if err := expect(dec, json.Delim('[')); err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	for i := 1; dec.More(); i++ {
		e := entry{Count: 1}
		if err := dec.Decode(&e); err != nil {
			return fmt.Errorf("finding %d: %w", i, err)
		}
		if e.File == "" || e.Rule == "" || e.Address == "" || e.Count < 1 {
			return fmt.Errorf("finding %d: want a file, a rule, an address and a count of at least 1", i)
		}
		h := s.hash(Key{e.File, e.Rule, e.Address})
		s.left[h] = int32(min(int64(s.left[h])+int64(e.Count), math.MaxInt32))
	}
	if err := expect(dec, json.Delim(']')); err != nil {
		return fmt.Errorf("findings: %w", err)
	}
	return nil
}

// expect reads the next token, which must be want.
func expect(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("want %v, got %v", want, tok)
	}
	return nil
}

// hash is a key's 128-bit hash: two 64-bit hashes of differently seeded
// hashers. A file name and a rule hold no NUL, so the fields are
// delimited unambiguously.
func (s *Set) hash(k Key) [2]uint64 {
	var out [2]uint64
	for i, seed := range []maphash.Seed{s.seed1, s.seed2} {
		var h maphash.Hash
		h.SetSeed(seed)
		h.WriteString(k.File)
		h.WriteByte(0)
		h.WriteString(k.Rule)
		h.WriteByte(0)
		h.WriteString(k.Address)
		out[i] = h.Sum64()
	}
	return out
}

// limitReader reads at most left bytes, and tells when r holds more.
type limitReader struct {
	r    io.Reader
	left int64
	over bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left < 0 {
		l.over = true
		return 0, io.EOF
	}
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		l.over = true
		return n, io.EOF
	}
	return n, err
}

// Accept reports whether the baseline accepts one more finding of key,
// and counts it.
func (s *Set) Accept(k Key) bool {
	if s == nil {
		return false
	}
	h := s.hash(k)
	if s.left[h] == 0 {
		return false
	}
	s.left[h]--
	return true
}

// Builder collects the findings of a run for a new baseline, in memory
// bounded by MaxSize.
type Builder struct {
	// counts are held by pointer: assigning to a map's string key that
	// is there already stores the key given, and a finding's key is a
	// view of a buffer the next batch reuses (a count raised that way
	// left the map holding keys turned into pieces of other addresses).
	counts map[Key]*int
	size   int
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{counts: map[Key]*int{}} }

// ErrTooLarge is returned when a baseline would pass MaxSize.
var ErrTooLarge = fmt.Errorf("more findings than a baseline of %d bytes holds", MaxSize)

// Add counts a finding. Past MaxSize it returns ErrTooLarge, and the
// builder no longer grows.
func (b *Builder) Add(k Key) error {
	if n, ok := b.counts[k]; ok {
		*n++
		return nil
	}
	size := entrySize(k)
	if b.size+size > MaxSize {
		b.size = MaxSize + 1
		return ErrTooLarge
	}
	b.size += size
	one := 1
	b.counts[Key{strings.Clone(k.File), strings.Clone(k.Rule), strings.Clone(k.Address)}] = &one
	return nil
}

// entrySize is about the bytes an entry takes in the file.
func entrySize(k Key) int {
	return len(`    {"file": "", "rule": "", "address": "", "count": 12345678},`) + len(k.File) + len(k.Rule) + len(k.Address)
}

// Len is the number of findings added.
func (b *Builder) Len() int {
	n := 0
	for _, c := range b.counts {
		n += *c
	}
	return n
}

// WriteTo writes the baseline, its entries sorted.
func (b *Builder) WriteTo(w io.Writer) (int64, error) {
	if b.size > MaxSize {
		return 0, ErrTooLarge
	}
	keys := make([]Key, 0, len(b.counts))
	for k := range b.counts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y Key) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Rule, y.Rule), cmp.Compare(x.Address, y.Address))
	})
	cw := &countingWriter{w: bufio.NewWriter(w)}
	fmt.Fprintf(cw, "{\n  \"version\": %d,\n  \"findings\": [", Version)
	var buf []byte
	for i, k := range keys {
		buf = buf[:0]
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, "\n    {\"file\": "...)
		buf = report.AppendString(buf, k.File)
		buf = append(buf, ", \"rule\": "...)
		buf = report.AppendString(buf, k.Rule)
		buf = append(buf, ", \"address\": "...)
		buf = report.AppendString(buf, k.Address)
		buf = append(buf, ", \"count\": "...)
		buf = strconv.AppendInt(buf, int64(*b.counts[k]), 10)
		buf = append(buf, '}')
		cw.Write(buf)
	}
	if len(keys) > 0 {
		cw.Write([]byte("\n  "))
	}
	cw.Write([]byte("]\n}\n"))
	if cw.err == nil {
		cw.err = cw.w.Flush()
	}
	return cw.n, cw.err
}

type countingWriter struct {
	w   *bufio.Writer
	n   int64
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}
