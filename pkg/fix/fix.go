// Package fix applies suggested replacements to input files without
// losing a byte: everything but the replaced addresses is copied as it was
// (CSV quoting, CRLF or CR line ends, a byte-order mark, the presence or
// absence of a final newline), the file is replaced atomically (a
// temporary file in the same folder, synced, then renamed over the
// original, keeping its mode), and a file that changed since it was
// checked is left alone.
package fix

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"sort"
)

// Edit replaces the text Old, found at a 1-based line and byte column
// (counted as the input reader counts them: after a byte-order mark, lines
// ending in LF, CRLF or a lone CR), with New.
type Edit struct {
	Line, Column int
	Old, New     string
}

// Skipped is an edit that was not applied, and why.
type Skipped struct {
	Edit
	Reason string
}

// LineChange is one line before and after the edits, for a diff. The
// lines exclude their LF (a CR before it is kept, as diff shows it).
type LineChange struct {
	Line     int
	Old, New []byte
	// NoEOL reports that the line is the last and has no line end.
	NoEOL bool
}

// Result says what a rewrite did.
type Result struct {
	Applied []Edit
	Skipped []Skipped
	Changes []LineChange
}

// ErrChanged reports a file that changed between the check and the fix.
var ErrChanged = errors.New("the file changed since it was checked; not fixed")

// Rewrite copies r to w with the edits applied. Edits whose Old text is not
// at their place are skipped; two edits of one place keep the first.
//
// ctx ends the copy early (an interrupt): Rewrite then returns its error.
func Rewrite(ctx context.Context, r io.Reader, w io.Writer, edits []Edit) (Result, error) {
	edits = sorted(edits)
	br := bufio.NewReaderSize(r, 64<<10)
	bw := bufio.NewWriterSize(w, 64<<10)
	rw := &rewriter{ctx: ctx, r: br, w: bw, edits: edits}
	if err := rw.run(); err != nil {
		return rw.res, err
	}
	return rw.res, bw.Flush()
}

func sorted(edits []Edit) []Edit {
	out := append([]Edit(nil), edits...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].Column < out[j].Column
	})
	return out
}

type rewriter struct {
	ctx   context.Context
	r     *bufio.Reader
	w     *bufio.Writer
	edits []Edit
	res   Result
	line  int // current line, 1-based
	col   int // byte column of the next byte, 1-based
	// cur and next hold the current line before and after its edits,
	// while it has edits, for the diff.
	cur, next []byte
	tracking  bool
}

func (rw *rewriter) run() error {
	rw.line, rw.col = 1, 1
	if bom, err := rw.r.Peek(3); err == nil && bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		rw.r.Discard(3)
		rw.w.Write(bom)
	}
	for {
		if rw.col == 1 && rw.ctx.Err() != nil {
			return rw.ctx.Err()
		}
		rw.startLine()
		if err := rw.applyAt(); err != nil {
			return err
		}
		c, err := rw.r.ReadByte()
		if err == io.EOF {
			rw.endLine(true)
			rw.skipRest()
			return nil
		}
		if err != nil {
			return err
		}
		rw.put(c)
		switch c {
		case '\n':
			rw.endLine(false)
		case '\r':
			if n, err := rw.r.Peek(1); err == nil && n[0] == '\n' {
				rw.r.Discard(1)
				rw.put('\n')
			}
			rw.endLine(false)
		default:
			rw.col++
		}
	}
}

// startLine begins tracking a line for the diff when it has edits.
func (rw *rewriter) startLine() {
	if rw.col == 1 && !rw.tracking && len(rw.edits) > 0 && rw.edits[0].Line == rw.line {
		rw.tracking = true
		rw.cur, rw.next = rw.cur[:0], rw.next[:0]
	}
}

// applyAt applies every edit that starts at the current position.
func (rw *rewriter) applyAt() error {
	for len(rw.edits) > 0 && (rw.edits[0].Line < rw.line || rw.edits[0].Line == rw.line && rw.edits[0].Column < rw.col) {
		rw.skip(rw.edits[0], "its place was passed by an earlier fix or does not exist")
	}
	for len(rw.edits) > 0 && rw.edits[0].Line == rw.line && rw.edits[0].Column == rw.col {
		e := rw.edits[0]
		got, err := rw.r.Peek(len(e.Old))
		if err != nil && err != io.EOF && !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
		if string(got) != e.Old || bytes.ContainsAny([]byte(e.Old), "\r\n") {
			rw.skip(e, "the text there is not the address that was checked")
			continue
		}
		rw.edits = rw.edits[1:]
		rw.r.Discard(len(e.Old))
		rw.w.WriteString(e.New)
		if rw.tracking {
			rw.cur = append(rw.cur, e.Old...)
			rw.next = append(rw.next, e.New...)
		}
		rw.col += len(e.Old)
		rw.res.Applied = append(rw.res.Applied, e)
		for len(rw.edits) > 0 && rw.edits[0].Line == e.Line && rw.edits[0].Column < rw.col {
			rw.skip(rw.edits[0], "it overlaps another fix of the same address")
		}
	}
	return nil
}

// put copies one byte of the original.
func (rw *rewriter) put(c byte) {
	rw.w.WriteByte(c)
	if rw.tracking && c != '\n' {
		rw.cur = append(rw.cur, c)
		rw.next = append(rw.next, c)
	}
}

func (rw *rewriter) endLine(eof bool) {
	if rw.tracking {
		if !bytes.Equal(rw.cur, rw.next) {
			rw.res.Changes = append(rw.res.Changes, LineChange{
				Line: rw.line, Old: bytes.Clone(rw.cur), New: bytes.Clone(rw.next), NoEOL: eof,
			})
		}
		rw.tracking = false
	}
	rw.line++
	rw.col = 1
}

func (rw *rewriter) skip(e Edit, why string) {
	rw.res.Skipped = append(rw.res.Skipped, Skipped{e, why})
	rw.edits = rw.edits[1:]
}

func (rw *rewriter) skipRest() {
	for len(rw.edits) > 0 {
		rw.skip(rw.edits[0], "the line does not exist")
	}
}

// Preview computes what fixing path would change, without writing.
func Preview(ctx context.Context, path string, edits []Edit) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{}, err
	}
	defer f.Close()
	if err := refuseUTF16(f); err != nil {
		return Result{}, err
	}
	return Rewrite(ctx, f, io.Discard, edits)
}

// refuseUTF16 fails for a file that starts with a UTF-16 byte-order mark:
// its addresses were checked decoded, and byte-exact edits would not find
// them. It leaves f at its start.
func refuseUTF16(f *os.File) error {
	head := make([]byte, 2)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if n == 2 && (head[0] == 0xff && head[1] == 0xfe || head[0] == 0xfe && head[1] == 0xff) {
		return errors.New("the file is UTF-16; convert it to UTF-8 to fix it (iconv -f UTF-16 -t UTF-8)")
	}
	return nil
}

// File applies the edits to path in place. want is the SHA-256 of the
// content that was checked; a file whose content differs now, or that
// changes while it is rewritten, is left as it is and ErrChanged returned.
// A symbolic link is followed: its target is rewritten.
//
// An interrupt (ctx done) abandons the fix: the temporary file is removed
// and the original left as it was.
func File(ctx context.Context, path string, edits []Edit, want []byte) (res Result, err error) {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return res, err
	}
	in, err := os.Open(target)
	if err != nil {
		return res, err
	}
	defer in.Close()
	before, err := in.Stat()
	if err != nil {
		return res, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".rcptlint-*")
	if err != nil {
		return res, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = refuseUTF16(in); err != nil {
		return res, err
	}
	sum := sha256.New()
	if res, err = Rewrite(ctx, io.TeeReader(in, sum), tmp, edits); err != nil {
		return res, err
	}
	if len(res.Applied) == 0 {
		tmp.Close()
		return res, os.Remove(tmp.Name())
	}
	if err = finish(tmp, before.Mode()); err != nil {
		return res, err
	}
	if err = unchanged(target, before, sum, want); err != nil {
		return res, err
	}
	if err = ctx.Err(); err != nil {
		return res, err
	}
	return res, os.Rename(tmp.Name(), target)
}

func finish(tmp *os.File, mode os.FileMode) error {
	if err := tmp.Chmod(mode.Perm()); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	return tmp.Close()
}

// unchanged verifies that the file is still what was checked and what was
// copied.
func unchanged(path string, before os.FileInfo, sum hash.Hash, want []byte) error {
	if want != nil && !bytes.Equal(sum.Sum(nil), want) {
		return fmt.Errorf("%w (its content differs)", ErrChanged)
	}
	now, err := os.Stat(path)
	if err != nil {
		return err
	}
	if now.Size() != before.Size() || !now.ModTime().Equal(before.ModTime()) {
		return fmt.Errorf("%w (it was modified while being fixed)", ErrChanged)
	}
	return nil
}

// WriteDiff writes the changes to one file as a unified diff with no
// context lines (as diff -U0 does), which patch and git apply accept.
func WriteDiff(w io.Writer, name string, changes []LineChange) error {
	if len(changes) == 0 {
		return nil
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "--- a/%s\n+++ b/%s\n", name, name)
	for _, c := range changes {
		fmt.Fprintf(bw, "@@ -%d +%d @@\n-", c.Line, c.Line)
		bw.Write(c.Old)
		bw.WriteString("\n")
		if c.NoEOL {
			bw.WriteString("\\ No newline at end of file\n")
		}
		bw.WriteString("+")
		bw.Write(c.New)
		bw.WriteString("\n")
		if c.NoEOL {
			bw.WriteString("\\ No newline at end of file\n")
		}
	}
	return bw.Flush()
}
