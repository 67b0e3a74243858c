package cli

import (
	"bufio"
	"encoding/binary"
	"errors"
	"io"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/spill"
)

// heldInMemory is how much of the addresses --emit clean or flagged holds
// back is kept in memory; the rest goes to a temporary file.
const heldInMemory = 2 << 20

// held keeps the addresses --emit clean and --emit flagged write, in input
// order, until the run ends: the outlier rule judges an address against
// the whole run, so whether it is clean is known only then. Memory is
// bounded: past heldInMemory the addresses are spilled to a temporary
// file.
type held struct {
	buf     *spill.Buffer
	late    map[heldKey]bool // addresses a batch rule flagged at the end
	scratch []byte
}

// heldKey locates an address among the inputs.
type heldKey struct{ source, line, column int }

func newHeld() *held {
	return &held{buf: spill.New(heldInMemory), late: map[heldKey]bool{}}
}

func keyOf(l lint.Location) heldKey { return heldKey{l.Source, l.Line, l.Column} }

// add holds an address back, with whether it is flagged so far.
func (h *held) add(text string, at lint.Location, flagged bool) {
	b := h.scratch[:0]
	if flagged {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	for _, n := range []int{at.Source, at.Line, at.Column, at.Char, len(text)} {
		b = binary.AppendUvarint(b, uint64(n))
	}
	h.scratch = b
	h.buf.Write(b)
	h.buf.WriteString(text)
}

// flag marks the address at a location as flagged by a batch rule.
func (h *held) flag(at lint.Location) { h.late[keyOf(at)] = true }

// each hands back every address held, in input order, with whether it
// was flagged by any rule.
// The text is valid only during the call.
func (h *held) each(file func(source int) string, fn func(text []byte, at lint.Location, flagged bool)) error {
	defer h.buf.Close()
	r, err := h.buf.Reader()
	if err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var text []byte
	for {
		mark, err := br.ReadByte()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		var n [5]int
		for i := range n {
			v, err := binary.ReadUvarint(br)
			if err != nil {
				return errors.Join(errors.New("reading back the held addresses"), err)
			}
			n[i] = int(v)
		}
		if cap(text) < n[4] {
			text = make([]byte, n[4])
		}
		text = text[:n[4]]
		if _, err := io.ReadFull(br, text); err != nil {
			return err
		}
		at := lint.Location{File: file(n[0]), Source: n[0], Line: n[1], Column: n[2], Char: n[3]}
		fn(text, at, mark == 1 || len(h.late) > 0 && h.late[keyOf(at)])
	}
}
