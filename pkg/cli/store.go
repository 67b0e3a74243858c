package cli

import (
	"encoding/binary"
	"errors"
	"io"
	"iter"
	"os"
	"unsafe"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/report"
)

// spillAt is how many bytes of encoded findings a run keeps in memory
// before it writes them to a temporary file (about 2,500 findings): a list
// with a million typos must not need a million findings' worth of memory
// to be reported in order. Memory a run touches for the first time costs
// more than writing the file: on a VM whose host backs each page at first
// touch (13 µs a page), 2 MiB took 390 more page faults than 512 KiB on a
// million addresses with one repeat in fifteen.
const spillAt = 512 << 10

// findingStore keeps a run's findings in input order. Findings of the
// rules that judge one address arrive in input order and are kept
// encoded, spilled to a temporary file past spillAt bytes; findings of
// batch rules arrive at the end and are merged in when the store is read.
type findingStore struct {
	enc   []byte // encoded findings not spilled
	batch []lint.Finding
	spill *os.File
	files map[int]string // input names by Location.Source, for decoding
	err   error
	// frag, when set, renders each finding as it is added: the store
	// keeps the rendered pieces, with their locations, instead of the
	// findings (read with pieces). Once findings are spilled, later ones
	// are kept as findings and rendered when read, since a rendered piece
	// is three times the bytes to write to the file and read back.
	frag      report.Fragmenter
	renderedN int // the findings kept rendered, first of all
}

func newFindingStore(frag report.Fragmenter) *findingStore {
	return &findingStore{frag: frag, files: map[int]string{}}
}

// add stores a finding of a per-address rule.
func (s *findingStore) add(f *lint.Finding) {
	if s.enc == nil {
		// Room for all that is kept before a spill at once: growing to it
		// would touch twice the memory, the pages of each copy anew.
		s.enc = make([]byte, 0, spillAt+64<<10)
	}
	switch {
	case s.frag != nil && s.spill == nil:
		s.enc = encodePiece(s.enc, f, s.frag)
		s.renderedN++
	default:
		s.enc = encodeFinding(s.enc, f)
		s.files[f.Source] = f.File
	}
	if len(s.enc) >= spillAt {
		s.flush()
	}
}

// addBatch stores findings of batch rules; the store may keep fs itself.
func (s *findingStore) addBatch(fs ...lint.Finding) {
	if s.batch == nil {
		s.batch = fs
		return
	}
	s.batch = append(s.batch, fs...)
}

// flush writes the encoded findings to the temporary file.
func (s *findingStore) flush() {
	if s.err != nil || len(s.enc) == 0 {
		return
	}
	if s.spill == nil {
		if s.spill, s.err = os.CreateTemp("", "rcptlint-findings-*"); s.err != nil {
			// No room for a temporary file: keep the findings in memory.
			s.spill, s.err = nil, nil
			return
		}
		os.Remove(s.spill.Name()) // gone once closed, whatever happens
	}
	_, s.err = s.spill.Write(s.enc)
	s.enc = s.enc[:0]
}

// reader returns a reader of the records stored, spilled and in memory.
func (s *findingStore) reader() (*findingReader, error) {
	src := &findingReader{buf: s.enc, err: &s.err}
	if s.spill != nil {
		s.flush()
		if s.err == nil {
			_, s.err = s.spill.Seek(0, io.SeekStart)
		}
		src.r, src.mem = s.spill, make([]byte, 64<<10)
		src.buf = src.mem[:0]
	}
	return src, s.err
}

// pieces returns the findings in input order, rendered as they came or
// not, with the batch rules' merged in at their places; a store made with
// a Fragmenter only. A piece is valid until the next.
func (s *findingStore) pieces() (iter.Seq[report.Piece], error) {
	report.Sort(s.batch)
	src, err := s.reader()
	if err != nil {
		return nil, err
	}
	return func(yield func(report.Piece) bool) {
		var f lint.Finding
		b := 0
		for i := 0; ; i++ {
			var p report.Piece
			var loc lint.Location
			var ok bool
			if i < s.renderedN {
				loc, p.Rendered, ok = src.piece()
			} else if ok = src.finding(&f, s.files); ok {
				loc, p.Finding = f.Location, &f
			}
			if !ok {
				break
			}
			for b < len(s.batch) && s.batch[b].Location.Before(loc) {
				if !yield(report.Piece{Finding: &s.batch[b]}) {
					return
				}
				b++
			}
			if !yield(p) {
				return
			}
		}
		for ; b < len(s.batch); b++ {
			if !yield(report.Piece{Finding: &s.batch[b]}) {
				return
			}
		}
	}, nil
}

// all returns every finding in input order: the per-address ones, spilled
// and in memory, merged with the batch ones. A finding is valid until the
// next.
func (s *findingStore) all() (iter.Seq[*lint.Finding], error) {
	report.Sort(s.batch)
	src, err := s.reader()
	if err != nil {
		return nil, err
	}
	return func(yield func(*lint.Finding) bool) {
		var cur lint.Finding
		b := 0
		for src.finding(&cur, s.files) {
			f := &cur
			for b < len(s.batch) && s.batch[b].Location.Before(f.Location) {
				if !yield(&s.batch[b]) {
					return
				}
				b++
			}
			if !yield(f) {
				return
			}
		}
		for ; b < len(s.batch); b++ {
			if !yield(&s.batch[b]) {
				return
			}
		}
	}, nil
}

// findingReader reads the records of the spill file, if any, and then
// those in memory. What it decodes is a view of its buffer, valid until
// the next record is read: reading a million findings back makes no
// garbage (a new buffer for each 64 KiB read and a copy of each finding's
// text were 0.7 µs a finding, and memory that grew with the findings).
type findingReader struct {
	r   io.Reader // the spill file; nil once read
	mem []byte    // the buffer the spill file is read into
	buf []byte    // records read and not decoded: of mem, or the store's
	err *error    // the store's, for a spill file that cannot be read back
}

// finding decodes the next record, written by encodeFinding, into f.
func (fr *findingReader) finding(f *lint.Finding, files map[int]string) bool {
	for {
		if n := decodeFinding(fr.buf, f, files); n > 0 {
			fr.buf = fr.buf[n:]
			return true
		}
		if !fr.more() {
			return false
		}
	}
}

// piece decodes the next record, written by encodePiece.
func (fr *findingReader) piece() (lint.Location, []byte, bool) {
	for {
		if loc, piece, n := decodePiece(fr.buf); n > 0 {
			fr.buf = fr.buf[n:]
			return loc, piece, true
		}
		if !fr.more() {
			return lint.Location{}, nil, false
		}
	}
}

// more reads on when buf does not hold a whole record, and reports
// whether there may be one now.
func (fr *findingReader) more() bool {
	if fr.r == nil {
		if len(fr.buf) > 0 && *fr.err == nil {
			*fr.err = errors.New("the temporary file of findings was cut short")
		}
		return false
	}
	// What is left is the start of a record: it moves to the front, in a
	// buffer twice its size when it fills more than half of this one.
	rest := len(fr.buf)
	if 2*rest > len(fr.mem) {
		fr.mem = make([]byte, 2*rest)
	}
	copy(fr.mem, fr.buf)
	n, err := io.ReadFull(fr.r, fr.mem[rest:])
	fr.buf = fr.mem[:rest+n]
	if err != nil {
		fr.r = nil
		if err != io.EOF && err != io.ErrUnexpectedEOF && *fr.err == nil {
			*fr.err = err
		}
	}
	return true
}

// close removes the temporary file.
func (s *findingStore) close() {
	if s.spill != nil {
		s.spill.Close()
		s.spill = nil
	}
}

// encodePiece appends a finding's location and its rendering by frag.
func encodePiece(b []byte, f *lint.Finding, frag report.Fragmenter) []byte {
	for _, n := range []int{f.Source, f.Line, f.Column} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	// The piece's length goes before it, as a varint padded to five
	// bytes, filled in once the piece is rendered: up to 32 GiB, where a
	// finding holds an address of at most a line (MaxLineLen) a few times.
	at := len(b)
	b = append(b, 0, 0, 0, 0, 0)
	b = frag.AppendFinding(b, f)
	n := uint64(len(b) - at - 5)
	for i := range 5 {
		b[at+i] = byte(n>>(7*i))&0x7f | 0x80
	}
	b[at+4] &= 0x7f
	return b
}

// decodePiece decodes a record encodePiece wrote at the start of b and
// returns its length, or 0 when b does not hold a whole one.
func decodePiece(b []byte) (loc lint.Location, piece []byte, n int) {
	var ns [4]int
	for i := range ns {
		v, m := binary.Uvarint(b[n:])
		if m <= 0 || v > 1<<40 {
			return lint.Location{}, nil, 0
		}
		ns[i] = int(v)
		n += m
	}
	if ns[3] > len(b)-n {
		return lint.Location{}, nil, 0
	}
	return lint.Location{Source: ns[0], Line: ns[1], Column: ns[2]}, b[n : n+ns[3]], n + ns[3]
}

// The bits of a record's flag byte.
const (
	fixableFlag = 1 << iota // Finding.Fixable
	opaqueFlag              // Location.Opaque, of the finding and its address
)

// encodeFinding appends a finding in a compact binary form.
func encodeFinding(b []byte, f *lint.Finding) []byte {
	for _, n := range []int{f.Source, f.Line, f.Column, f.Char, f.AddressAt.Line, f.AddressAt.Column, f.AddressAt.Char, int(f.Severity)} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	flag := byte(0)
	if f.Fixable {
		flag |= fixableFlag
	}
	if f.AddressAt.Opaque {
		flag |= opaqueFlag
	}
	b = append(b, flag)
	for _, str := range []string{f.Address, f.Rule, f.Message, f.Suggestion} {
		b = binary.AppendUvarint(b, uint64(len(str)))
		b = append(b, str...)
	}
	return b
}

// decodeFinding decodes the finding encodeFinding wrote at the start of
// b and returns its length, or 0 when b does not hold a whole one. The
// finding's strings are views of b.
func decodeFinding(b []byte, f *lint.Finding, files map[int]string) int {
	at := 0
	uvarint := func() (int, bool) {
		v, n := binary.Uvarint(b[at:])
		if n <= 0 || v > 1<<40 {
			return 0, false
		}
		at += n
		return int(v), true
	}
	var ns [8]int
	for i := range ns {
		v, ok := uvarint()
		if !ok {
			return 0
		}
		ns[i] = v
	}
	if at >= len(b) {
		return 0
	}
	flag := b[at]
	at++
	var strs [4]string
	for i := range strs {
		n, ok := uvarint()
		if !ok || n > len(b)-at {
			return 0
		}
		if n > 0 {
			strs[i] = unsafe.String(&b[at], n)
		}
		at += n
	}
	file, opaque := files[ns[0]], flag&opaqueFlag != 0
	*f = lint.Finding{
		Location:   lint.Location{File: file, Source: ns[0], Line: ns[1], Column: ns[2], Char: ns[3], Opaque: opaque},
		AddressAt:  lint.Location{File: file, Source: ns[0], Line: ns[4], Column: ns[5], Char: ns[6], Opaque: opaque},
		Severity:   lint.Severity(ns[7]),
		Fixable:    flag&fixableFlag != 0,
		Address:    strs[0],
		Rule:       strs[1],
		Message:    strs[2],
		Suggestion: strs[3],
	}
	return at
}
