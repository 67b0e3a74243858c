// Package fix applies suggested replacements to input files without
// losing a byte: everything but the replaced addresses is copied as it was
// (CSV quoting, CRLF or CR line ends, a byte-order mark, the presence or
// absence of a final newline), the file is replaced atomically (a
// temporary file in the same folder, synced, then renamed over the
// original, keeping its owner, group and mode), and a file that changed
// since it was checked is left alone.
//
// Edits are given one at a time, in input order, and applied as the file
// is copied: nothing is kept per edit, so fixing a million addresses needs
// no more memory than fixing one.
package fix

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
)

// Edit replaces the text Old, found at a 1-based line and byte column
// (counted as the input reader counts them: after a byte-order mark, lines
// ending in LF, CRLF or a lone CR), with New.
type Edit struct {
	Line, Column int
	Old, New     string
}

// Outcome says whether an edit was applied, and if not, why.
type Outcome uint8

// The outcomes of an edit.
const (
	Applied Outcome = iota
	NotThere
	Passed
	Overlaps
	NoLine
)

// String says why an edit was not applied.
func (o Outcome) String() string {
	switch o {
	case Applied:
		return "applied"
	case NotThere:
		return "the text there is not the address that was checked"
	case Passed:
		return "its place was passed by an earlier fix or does not exist"
	case Overlaps:
		return "it overlaps another fix of the same address"
	}
	return "the line does not exist"
}

// ErrChanged reports a file that changed between the check and the fix.
var ErrChanged = errors.New("the file changed since it was checked; not fixed")

// ctxEvery is how many bytes a rewrite copies between looks at its
// context, so that an interrupt stops it within a long line too.
const ctxEvery = 64 << 10

// Rewriter copies r to w, applying the edits it is given in input order.
type Rewriter struct {
	ctx  context.Context
	r    *bufio.Reader
	w    *bufio.Writer
	diff *Diff // records the changed lines; nil unless a diff is wanted
	// spell is how the input writes text (see SetSpelling).
	spell Spelling

	line    int // current line, 1-based
	col     int // byte column of the next byte, 1-based
	applied int // edits applied
	// lastLine and lastEnd are the line and the column after the last
	// edit applied, to tell an overlap from a place passed.
	lastLine, lastEnd int
	copied            int // bytes copied since the context was last looked at
	done              bool
	// feeds counts the line feeds read and partial tells bytes read after
	// the last: the lines as a diff counts them.
	feeds   int
	partial bool
}

// NewRewriter returns a rewriter of r into w; a byte-order mark is copied
// at once. With diff set, the changed lines are recorded in it, for its
// Render once the rewriter is closed.
func NewRewriter(ctx context.Context, r io.Reader, w io.Writer, diff *Diff) *Rewriter {
	rw := &Rewriter{ctx: ctx, r: bufio.NewReaderSize(r, 64<<10), w: bufio.NewWriterSize(w, 64<<10), line: 1, col: 1, diff: diff}
	if bom, err := rw.r.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		rw.r.Discard(3)
		rw.w.Write(bom)
		rw.partial = true
	}
	return rw
}

// Apply copies the input up to the edit's place and applies it, if the
// text there is its Old text. Edits must come in input order: one whose
// place was passed is not applied. The error is one of reading, writing
// or the context.
func (rw *Rewriter) Apply(e Edit) (Outcome, error) {
	if err := rw.copyTo(e.Line, e.Column); err != nil {
		return NoLine, err
	}
	switch {
	case rw.done && e.Line >= rw.line:
		return NoLine, nil
	case e.Line == rw.lastLine && e.Column < rw.lastEnd:
		return Overlaps, nil
	case e.Line != rw.line || e.Column != rw.col:
		return Passed, nil
	}
	if e.Old == "" || e.New == "" {
		return NotThere, nil
	}
	if !rw.spell.plain() {
		return rw.applySpelled(e)
	}
	got, err := rw.r.Peek(len(e.Old))
	if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
		return NotThere, err
	}
	// A line break in the replacement would add a line, and an empty one
	// could take a last line away: the lines of the fixed file are those
	// of the original, one for one.
	if string(got) != e.Old || bytes.ContainsAny(got, "\r\n") || strings.ContainsAny(e.New, "\r\n") {
		return NotThere, nil
	}
	rw.r.Discard(len(e.Old))
	rw.w.WriteString(e.New)
	rw.partial = true
	if rw.diff != nil && e.Old != e.New {
		rw.diff.changed(rw.feeds + 1)
	}
	rw.col += len(e.Old)
	rw.lastLine, rw.lastEnd = rw.line, rw.col
	rw.applied++
	return Applied, nil
}

// Applied returns how many edits were applied.
func (rw *Rewriter) Applied() int { return rw.applied }

// Close copies the rest of the input and flushes the output.
func (rw *Rewriter) Close() error {
	if err := rw.copyTo(int(^uint(0)>>1), 1); err != nil {
		return err
	}
	if rw.diff != nil {
		rw.diff.lines = rw.feeds
		if rw.partial {
			rw.diff.lines++
		}
	}
	return rw.w.Flush()
}

// copyTo copies bytes until the given place, the end of its line, or the
// end of the input.
func (rw *Rewriter) copyTo(line, col int) error {
	for !rw.done && (rw.line < line || rw.line == line && rw.col < col) {
		if rw.copied++; rw.copied >= ctxEvery || rw.col == 1 {
			rw.copied = 0
			if err := rw.ctx.Err(); err != nil {
				return err
			}
		}
		c, err := rw.r.ReadByte()
		if err == io.EOF {
			rw.done = true
			rw.endLine()
			return nil
		}
		if err != nil {
			return err
		}
		rw.put(c)
		switch c {
		case '\n':
			rw.endLine()
		case '\r':
			if n, err := rw.r.Peek(1); err == nil && n[0] == '\n' {
				rw.r.Discard(1)
				rw.put('\n')
			}
			rw.endLine()
		default:
			rw.col++
		}
	}
	return nil
}

// put copies one byte of the original.
func (rw *Rewriter) put(c byte) {
	rw.w.WriteByte(c)
	if c == '\n' {
		rw.feeds++
	}
	rw.partial = c != '\n'
}

func (rw *Rewriter) endLine() {
	rw.line++
	rw.col = 1
}
