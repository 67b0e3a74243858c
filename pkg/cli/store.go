package cli

import (
	"bufio"
	"encoding/binary"
	"io"
	"iter"
	"os"
	"sort"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// spillAt is how many findings a run keeps in memory before it writes
// them to a temporary file: a list with a million typos must not need a
// million findings' worth of memory to be reported in order.
const spillAt = 4096

// findingStore keeps a run's findings in input order. Findings of the
// rules that judge one address arrive in input order and are spilled to
// a temporary file in batches; findings of batch rules arrive at the end
// and are merged in when the store is read.
type findingStore struct {
	mem   []lint.Finding
	batch []lint.Finding
	spill *os.File
	w     *bufio.Writer
	files map[int]string // input names by Location.Source, for decoding
	buf   []byte
	err   error
	// keep holds every finding in memory (for --fix and --diff, which
	// work on them as a slice).
	keep bool
}

func newFindingStore(keep bool) *findingStore {
	return &findingStore{keep: keep, files: map[int]string{}}
}

// add stores a finding of a per-address rule.
func (s *findingStore) add(f *lint.Finding) {
	s.mem = append(s.mem, *f)
	if !s.keep && len(s.mem) >= spillAt {
		s.flush()
	}
}

// addBatch stores a finding of a batch rule.
func (s *findingStore) addBatch(f *lint.Finding) { s.batch = append(s.batch, *f) }

// flush writes the findings in memory to the temporary file.
func (s *findingStore) flush() {
	if s.err != nil {
		return
	}
	if s.spill == nil {
		if s.spill, s.err = os.CreateTemp("", "rcptlint-findings-*"); s.err != nil {
			// No room for a temporary file: keep the findings in memory.
			s.keep = true
			return
		}
		os.Remove(s.spill.Name()) // gone once closed, whatever happens
		s.w = bufio.NewWriterSize(s.spill, 64<<10)
	}
	for i := range s.mem {
		s.buf = encodeFinding(s.buf[:0], &s.mem[i])
		s.files[s.mem[i].Source] = s.mem[i].File
		if _, s.err = s.w.Write(s.buf); s.err != nil {
			return
		}
	}
	s.mem = s.mem[:0]
}

// all returns every finding in input order: the per-address ones, spilled
// and in memory, merged with the batch ones.
func (s *findingStore) all() (iter.Seq[*lint.Finding], error) {
	sort.SliceStable(s.batch, func(i, j int) bool { return s.batch[i].Location.Before(s.batch[j].Location) })
	var spilled *bufio.Reader
	if s.spill != nil {
		if s.err == nil {
			s.err = s.w.Flush()
		}
		if s.err == nil {
			_, s.err = s.spill.Seek(0, io.SeekStart)
		}
		spilled = bufio.NewReaderSize(s.spill, 64<<10)
	}
	if s.err != nil {
		return nil, s.err
	}
	return func(yield func(*lint.Finding) bool) {
		var cur lint.Finding
		next := s.sequence(spilled, &cur)
		b := 0
		for f := next(); f != nil; f = next() {
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

// sequence returns a function giving the per-address findings one by
// one: first the spilled ones, decoded into cur, then those in memory.
func (s *findingStore) sequence(spilled *bufio.Reader, cur *lint.Finding) func() *lint.Finding {
	i := 0
	return func() *lint.Finding {
		if spilled != nil {
			if decodeFinding(spilled, cur, s.files) == nil {
				return cur
			}
			spilled = nil
		}
		if i < len(s.mem) {
			i++
			return &s.mem[i-1]
		}
		return nil
	}
}

// slice returns the findings as a slice; only for a store that keeps them.
func (s *findingStore) slice() []lint.Finding { return s.mem }

// close removes the temporary file.
func (s *findingStore) close() {
	if s.spill != nil {
		s.spill.Close()
		s.spill = nil
	}
}

// encodeFinding appends a finding in a compact binary form.
func encodeFinding(b []byte, f *lint.Finding) []byte {
	for _, n := range []int{f.Source, f.Line, f.Column, f.Char, f.AddressAt.Line, f.AddressAt.Column, f.AddressAt.Char, int(f.Severity)} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	flag := byte(0)
	if f.Fixable {
		flag = 1
	}
	b = append(b, flag)
	for _, str := range []string{f.Address, f.Rule, f.Message, f.Suggestion} {
		b = binary.AppendUvarint(b, uint64(len(str)))
		b = append(b, str...)
	}
	return b
}

// decodeFinding reads one finding written by encodeFinding.
func decodeFinding(r *bufio.Reader, f *lint.Finding, files map[int]string) error {
	var ns [8]int
	for i := range ns {
		v, err := binary.ReadUvarint(r)
		if err != nil {
			return err
		}
		ns[i] = int(v)
	}
	flag, err := r.ReadByte()
	if err != nil {
		return err
	}
	var strs [4]string
	for i := range strs {
		n, err := binary.ReadUvarint(r)
		if err != nil {
			return err
		}
		b := make([]byte, n)
		if _, err := io.ReadFull(r, b); err != nil {
			return err
		}
		strs[i] = string(b)
	}
	file := files[ns[0]]
	*f = lint.Finding{
		Location:   lint.Location{File: file, Source: ns[0], Line: ns[1], Column: ns[2], Char: ns[3]},
		AddressAt:  lint.Location{File: file, Source: ns[0], Line: ns[4], Column: ns[5], Char: ns[6]},
		Severity:   lint.Severity(ns[7]),
		Fixable:    flag == 1,
		Address:    strs[0],
		Rule:       strs[1],
		Message:    strs[2],
		Suggestion: strs[3],
	}
	return nil
}
