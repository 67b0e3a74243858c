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
// and its diffs are readable. An address that is not valid UTF-8 is
// written and matched with each invalid byte as the text \xNN.
package baseline

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/report"
)

// MaxSize bounds a baseline file, read or written: at about 80 bytes an
// entry, 16 MiB holds some 200,000 accepted findings.
const MaxSize = 16 << 20

// Version is the format's version, written and required.
const Version = 1

// Key identifies a finding in a baseline.
type Key struct {
	File, Rule, Address string
}

// NewKey makes the key of a finding; address is as written.
func NewKey(file, rule, address string) Key {
	return Key{File: file, Rule: rule, Address: Text(address)}
}

// Text is an address as a baseline holds it: as written when it is valid
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
// still accepted.
type Set struct {
	left map[Key]int
}

// entry is one finding of the file.
type entry struct {
	File    string `json:"file"`
	Rule    string `json:"rule"`
	Address string `json:"address"`
	Count   int    `json:"count"`
}

// Read reads a baseline of at most MaxSize bytes from r; errors name the
// entry at fault (1-based) but not the file, which the caller names.
func Read(r io.Reader) (*Set, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxSize {
		return nil, fmt.Errorf("is larger than %d bytes, the most a baseline may be", MaxSize)
	}
	var doc struct {
		Version  *int              `json:"version"`
		Findings []json.RawMessage `json:"findings"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a baseline (JSON with \"version\" and \"findings\"): %w", err)
	}
	if doc.Version == nil || *doc.Version != Version {
		return nil, fmt.Errorf("not a baseline of version %d (want \"version\": %d)", Version, Version)
	}
	s := &Set{left: make(map[Key]int, len(doc.Findings))}
	for i, raw := range doc.Findings {
		e := entry{Count: 1}
		if err := strictUnmarshal(raw, &e); err != nil {
			return nil, fmt.Errorf("finding %d: %w", i+1, err)
		}
		if e.File == "" || e.Rule == "" || e.Address == "" || e.Count < 1 {
			return nil, fmt.Errorf("finding %d: want a file, a rule, an address and a count of at least 1", i+1)
		}
		s.left[Key{e.File, e.Rule, e.Address}] += e.Count
	}
	return s, nil
}

func strictUnmarshal(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// Accept reports whether the baseline accepts one more finding of key,
// and counts it.
func (s *Set) Accept(k Key) bool {
	if s == nil || s.left[k] == 0 {
		return false
	}
	s.left[k]--
	return true
}

// Builder collects the findings of a run for a new baseline, in memory
// bounded by MaxSize.
type Builder struct {
	counts map[Key]int
	size   int
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{counts: map[Key]int{}} }

// ErrTooLarge is returned when a baseline would pass MaxSize.
var ErrTooLarge = fmt.Errorf("more findings than a baseline of %d bytes holds", MaxSize)

// Add counts a finding. Past MaxSize it returns ErrTooLarge, and the
// builder no longer grows.
func (b *Builder) Add(k Key) error {
	if n, ok := b.counts[k]; ok {
		b.counts[k] = n + 1
		return nil
	}
	size := entrySize(k)
	if b.size+size > MaxSize {
		b.size = MaxSize + 1
		return ErrTooLarge
	}
	b.size += size
	b.counts[k] = 1
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
		n += c
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
		buf = strconv.AppendInt(buf, int64(b.counts[k]), 10)
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
