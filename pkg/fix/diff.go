package fix

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/spill"
)

// diffContext is the number of unchanged lines shown around a change, as
// diff -u shows them: git apply needs them to place a hunk.
const diffContext = 3

// Diff writes the changes to one file as a unified diff with three lines
// of context (as diff -u does), which git apply and patch -p1 apply. Lines
// are what patch and git call lines, ended by a line feed: a CRLF line
// keeps its CR, and a file with CR-only line ends is one line. The name is
// quoted as git quotes it when it holds unusual bytes.
//
// A Rewriter given a Diff records the lines it changes; Render then reads
// the original and the rewritten file side by side, once each, and writes
// the hunks. Memory is bounded whatever the length of a line or the
// number of changes: the changed line numbers are spilled to a temporary
// file past 64 KiB, and lines are copied in pieces.
type Diff struct {
	w      *bufio.Writer
	name   string
	escape bool
	err    error

	changes *spill.Buffer // the changed lines, increasing, as uvarints
	last    int           // the last line recorded
	lines   int           // the number of lines of the original
}

// NewDiff returns a diff of the file name, written to w. With escape, the
// control and invisible characters of the lines shown are written as
// escapes (\x1b, \u202e), for a terminal: such a diff shows the change but
// no longer applies to those lines.
func NewDiff(w io.Writer, name string, escape bool) *Diff {
	return &Diff{w: bufio.NewWriterSize(w, 64<<10), name: name, escape: escape, changes: spill.New(64 << 10)}
}

// Flush writes out what is buffered and removes the temporary file of
// the changed lines, if any.
func (d *Diff) Flush() error {
	d.changes.Close()
	if d.err == nil {
		d.err = d.w.Flush()
	}
	return d.err
}

// Err returns the first error writing the diff.
func (d *Diff) Err() error { return d.err }

// changed records that a line (1-based, counted at line feeds) changed.
func (d *Diff) changed(line int) {
	if line == d.last {
		return
	}
	d.last = line
	var b [binary.MaxVarintLen64]byte
	d.changes.Write(binary.AppendUvarint(b[:0], uint64(line)))
}

// Render writes the hunks of the changes recorded, reading the original
// and the rewritten content from their starts.
func (d *Diff) Render(orig, fixed io.Reader) error {
	if d.err == nil {
		d.err = d.changes.Err()
	}
	if d.err != nil || d.changes.Len() == 0 {
		return d.err
	}
	bounds, err := d.changes.Reader()
	if err != nil {
		return d.fail(err)
	}
	runs, err := d.changes.Reader()
	if err != nil {
		return d.fail(err)
	}
	h := &hunker{
		d:      d,
		bounds: newUvarints(bounds), runs: newUvarints(runs),
		a: &lineCursor{r: bufio.NewReaderSize(orig, 64<<10), next: 1},
		b: &lineCursor{r: bufio.NewReaderSize(fixed, 64<<10), next: 1},
	}
	fmt.Fprintf(d.w, "--- %s\n+++ %s\n", headerName("a/"+d.name), headerName("b/"+d.name))
	for h.more() {
		if err := h.hunk(); err != nil {
			return d.fail(err)
		}
	}
	return d.err
}

func (d *Diff) fail(err error) error {
	if d.err == nil {
		d.err = err
	}
	return d.err
}

// hunker groups the changed lines into hunks and writes them.
type hunker struct {
	d            *Diff
	bounds, runs *uvarints // two readers of the changed lines
	a, b         *lineCursor
}

func (h *hunker) more() bool { return h.bounds.ok() }

// hunk writes the next hunk: the changed lines that lie within twice the
// context of each other, with the context around them.
func (h *hunker) hunk() error {
	first := h.bounds.take()
	last := first
	for h.bounds.ok() && h.bounds.peek()-last <= 2*diffContext+1 {
		last = h.bounds.take()
	}
	start, end := max(1, first-diffContext), min(h.d.lines, last+diffContext)
	span := hunkRange(start, end-start+1)
	fmt.Fprintf(h.d.w, "@@ -%s +%s @@\n", span, span)
	if err := h.a.skipTo(start); err != nil {
		return err
	}
	if err := h.b.skipTo(start); err != nil {
		return err
	}
	for line := start; line <= end; {
		if !h.runs.ok() || h.runs.peek() != line {
			if err := h.a.copy(h.d, ' '); err != nil {
				return err
			}
			if err := h.b.skip(); err != nil {
				return err
			}
			line++
			continue
		}
		from, to := line, line
		for h.runs.ok() && h.runs.peek() == to {
			h.runs.take()
			to++
		}
		for ; line < to; line++ {
			if err := h.a.copy(h.d, '-'); err != nil {
				return err
			}
		}
		for l := from; l < to; l++ {
			if err := h.b.copy(h.d, '+'); err != nil {
				return err
			}
		}
	}
	if h.runs.err != nil {
		return h.runs.err
	}
	return h.bounds.err
}

// hunkRange writes a hunk's line range as diff does: the count is left out
// when it is 1.
func hunkRange(start, n int) string {
	if n == 1 {
		return strconv.Itoa(start)
	}
	return strconv.Itoa(start) + "," + strconv.Itoa(n)
}

// uvarints reads a sequence of uvarints, one ahead.
type uvarints struct {
	r    *bufio.Reader
	next int
	have bool
	err  error
}

func newUvarints(r io.Reader) *uvarints {
	u := &uvarints{r: bufio.NewReaderSize(r, 4096)}
	u.advance()
	return u
}

func (u *uvarints) advance() {
	v, err := binary.ReadUvarint(u.r)
	u.next, u.have = int(v), err == nil
	if err != nil && err != io.EOF {
		u.err = err
	}
}

func (u *uvarints) ok() bool  { return u.have }
func (u *uvarints) peek() int { return u.next }

func (u *uvarints) take() int {
	v := u.next
	u.advance()
	return v
}

// lineCursor reads a file line by line, in pieces.
type lineCursor struct {
	r    *bufio.Reader
	next int // the line read next, 1-based
}

// skipTo passes over the lines before line.
func (c *lineCursor) skipTo(line int) error {
	for c.next < line {
		if err := c.skip(); err != nil {
			return err
		}
	}
	return nil
}

// skip passes over one line.
func (c *lineCursor) skip() error {
	_, err := c.each(func([]byte) {})
	return err
}

// copy writes one line to the diff behind its sign (' ', '-' or '+'),
// escaped when the diff is for a terminal, and says when it is the last
// line and has no line feed.
func (c *lineCursor) copy(d *Diff, sign byte) error {
	d.w.WriteByte(sign)
	var carry []byte // an incomplete UTF-8 sequence at the end of a piece
	nl, err := c.each(func(piece []byte) {
		if !d.escape {
			d.w.Write(piece)
			return
		}
		data := append(carry, piece...)
		cut := len(data)
		for i := max(0, len(data)-utf8.UTFMax+1); i < len(data); i++ {
			if utf8.RuneStart(data[i]) && !utf8.FullRune(data[i:]) {
				cut = i
				break
			}
		}
		var b strings.Builder
		escape.Append(&b, string(data[:cut]))
		d.w.WriteString(b.String())
		carry = append([]byte(nil), data[cut:]...)
	})
	if len(carry) > 0 {
		var b strings.Builder
		escape.Append(&b, string(carry))
		d.w.WriteString(b.String())
	}
	d.w.WriteByte('\n')
	if err == nil && !nl {
		d.w.WriteString("\\ No newline at end of file\n")
	}
	return err
}

// errShort reports a file that ended before a line the diff needs: it
// changed while it was diffed.
var errShort = errors.New("the file is shorter than when it was read")

// each hands the pieces of one line, without its line feed, to fn, and
// reports whether the line ended with one.
func (c *lineCursor) each(fn func([]byte)) (nl bool, err error) {
	c.next++
	for n := 0; ; n++ {
		piece, err := c.r.ReadSlice('\n')
		if len(piece) > 0 && piece[len(piece)-1] == '\n' {
			fn(piece[:len(piece)-1])
			return true, nil
		}
		fn(piece)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF && (n > 0 || len(piece) > 0):
			return false, nil
		case err == io.EOF:
			return false, errShort
		}
		return false, err
	}
}

// headerName is name as a ---/+++ line of a diff holds it: quoted as git
// quotes it, and, as git does, followed by a tab when it is left unquoted
// with a space in it, since patch reads a name up to a tab or, when there
// is none, up to the first space.
func headerName(name string) string {
	q := QuoteName(name)
	if q == name && strings.IndexByte(name, ' ') >= 0 {
		return name + "\t"
	}
	return q
}

// QuoteName returns a file name as git writes it in a diff header: as it
// is when it holds only printable ASCII other than '"' and '\', else in
// double quotes with C escapes (\n, \t, \", \\) and other bytes in octal.
func QuoteName(name string) string {
	plain := true
	for i := 0; i < len(name) && plain; i++ {
		c := name[i]
		plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\'
	}
	if plain {
		return name
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case strings.IndexByte("\a\b\t\n\v\f\r", c) >= 0:
			b.WriteByte('\\')
			b.WriteByte("abtnvfr"[strings.IndexByte("\a\b\t\n\v\f\r", c)])
		case c < 0x20 || c >= 0x7f:
			fmt.Fprintf(&b, "\\%03o", c)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}
