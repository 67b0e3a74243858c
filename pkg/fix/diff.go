package fix

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/spill"
)

// Diff writes the changes to one file as a unified diff with no context
// lines (as diff -U0 does), which patch and git apply accept. The name is
// quoted as git quotes it when it holds unusual bytes.
type Diff struct {
	w       *bufio.Writer
	name    string
	escape  bool
	started bool
	err     error
}

// NewDiff returns a diff of the file name, written to w. With escape, the
// control and invisible characters of the changed lines are written as
// escapes (\x1b, \u202e), for a terminal: such a diff shows the change
// but no longer applies to those lines.
func NewDiff(w io.Writer, name string, escape bool) *Diff {
	return &Diff{w: bufio.NewWriterSize(w, 64<<10), name: name, escape: escape}
}

// Flush writes out what is buffered.
func (d *Diff) Flush() error {
	if d.err == nil {
		d.err = d.w.Flush()
	}
	return d.err
}

// Err returns the first error writing the diff.
func (d *Diff) Err() error { return d.err }

// change writes one changed line, before and after.
func (d *Diff) change(line int, old, new *spill.Buffer, noEOL bool) {
	if !d.started {
		d.started = true
		fmt.Fprintf(d.w, "--- %s\n+++ %s\n", QuoteName("a/"+d.name), QuoteName("b/"+d.name))
	}
	fmt.Fprintf(d.w, "@@ -%d +%d @@\n", line, line)
	for _, side := range []struct {
		sign byte
		text *spill.Buffer
	}{{'-', old}, {'+', new}} {
		d.w.WriteByte(side.sign)
		d.content(side.text)
		d.w.WriteByte('\n')
		if noEOL {
			d.w.WriteString("\\ No newline at end of file\n")
		}
	}
}

// content copies a line, escaped when asked.
func (d *Diff) content(b *spill.Buffer) {
	r, err := b.Reader()
	if err == nil && !d.escape {
		_, err = io.Copy(d.w, r)
	} else if err == nil {
		err = copyEscaped(d.w, bufio.NewReader(r))
	}
	if err != nil && d.err == nil {
		d.err = err
	}
}

// copyEscaped copies r to w with every unsafe character escaped.
func copyEscaped(w *bufio.Writer, r *bufio.Reader) error {
	var piece strings.Builder
	for {
		c, size, err := r.ReadRune()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		s := string(c)
		if c == utf8.RuneError && size == 1 {
			r.UnreadRune()
			b, _ := r.ReadByte()
			s = string([]byte{b})
		}
		piece.Reset()
		escape.Append(&piece, s)
		w.WriteString(piece.String())
	}
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

// lineDiff follows the line being rewritten, when it has an edit, and
// hands it to a Diff at its end if it changed. The line is kept in spill
// buffers: a line of any length fits in bounded memory.
type lineDiff struct {
	d        *Diff
	line     int
	tracking bool
	changed  bool
	old, new *spill.Buffer
}

// lineInMemory is how much of a changed line is kept in memory, before
// and after; the rest goes to a temporary file.
const lineInMemory = 1 << 20

func newLineDiff(d *Diff) *lineDiff {
	return &lineDiff{d: d, old: spill.New(lineInMemory), new: spill.New(lineInMemory)}
}

// start begins to follow a line with an edit.
func (ld *lineDiff) start(line int) {
	if ld.tracking {
		return
	}
	ld.tracking, ld.changed, ld.line = true, false, line
	ld.old.Reset()
	ld.new.Reset()
}

func (ld *lineDiff) same(c byte) {
	if ld.tracking {
		ld.old.WriteByte(c)
		ld.new.WriteByte(c)
	}
}

func (ld *lineDiff) edit(old, new string) {
	ld.old.WriteString(old)
	ld.new.WriteString(new)
	ld.changed = ld.changed || old != new
}

// end ends a line; eof tells the last line, without a line end.
func (ld *lineDiff) end(eof bool) {
	if ld.tracking && ld.changed {
		ld.d.change(ld.line, ld.old, ld.new, eof)
	}
	ld.tracking = false
}

// err returns the first error of the spill buffers or the diff.
func (ld *lineDiff) err() error {
	for _, err := range []error{ld.old.Err(), ld.new.Err(), ld.d.err} {
		if err != nil {
			return err
		}
	}
	return nil
}

// close removes the spill buffers' files.
func (ld *lineDiff) close() {
	ld.old.Close()
	ld.new.Close()
}
