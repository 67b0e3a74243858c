package fix

import (
	"bytes"
	"io"
)

// Spelling is how an input's format writes the text it holds, when that
// is not byte for byte: its long lines folded (vCard, LDIF) and its
// special characters escaped (vCard's \, \; \\ \n). An edit's Old text is
// then the text as read, found at its place as written, and the repair is
// written the same way: the bytes of what it does not change are kept,
// folds and escapes included, and a character it brings is escaped.
type Spelling struct {
	// Folds tells that a line break followed by a space or a tab
	// continues the line: the break and that one character are not text.
	Folds bool
	// Escapes are the backslash escapes, each the byte written after the
	// backslash and the byte it stands for; a backslash before any other
	// byte stands for itself. A repair writes a byte that an escape
	// stands for with the first such escape.
	Escapes [][2]byte
}

// plain reports whether the spelling is byte for byte.
func (s *Spelling) plain() bool { return !s.Folds && len(s.Escapes) == 0 }

// SetSpelling tells how the input writes text; edits applied after it
// read and write in that spelling.
func (rw *Rewriter) SetSpelling(s Spelling) { rw.spell = s }

// SetSpelling tells how the file writes text (see Rewriter.SetSpelling).
func (f *File) SetSpelling(s Spelling) { f.rw.SetSpelling(s) }

// SetSpelling tells how the file writes text (see Rewriter.SetSpelling).
func (p *Preview) SetSpelling(s Spelling) { p.rw.SetSpelling(s) }

// written is where Old is in the input as written: the start and end of
// the written unit of each of its bytes (one byte, or an escape with any
// fold inside it).
type written struct {
	starts, ends []int
}

// applySpelled applies an edit at the reader's place in the rewriter's
// spelling: Old is read back through it, and New written in it.
func (rw *Rewriter) applySpelled(e Edit) (Outcome, error) {
	// A written byte takes a few bytes at most (an escape, a fold): peek
	// a little more than Old, and more only when that falls short.
	var sr spellReader
	for n := 2*len(e.Old) + 8; ; n *= 2 {
		n = min(n, rw.r.Size())
		w, err := rw.r.Peek(n)
		if err != nil && err != io.EOF {
			return NotThere, err
		}
		sr = spellReader{s: &rw.spell, w: w, whole: err != nil || n == rw.r.Size(), at: sr.at}
		if sr.read(e.Old) {
			break
		}
		if !sr.short {
			return NotThere, nil
		}
	}
	end := sr.at.ends[len(sr.at.ends)-1]
	repl, from, to, ok := rw.spell.respell(sr.w[:end], e.Old, e.New, &sr.at)
	if !ok {
		return NotThere, nil
	}
	rw.w.Write(repl)
	if rw.diff != nil && e.Old != e.New {
		// The lines of the bytes replaced, or of the place of those
		// inserted.
		first := rw.feeds + 1 + bytes.Count(sr.w[:from], []byte("\n"))
		last := first + bytes.Count(sr.w[from:to], []byte("\n"))
		for line := first; line <= last; line++ {
			rw.diff.changed(line)
		}
	}
	for i, c := range sr.w[:end] {
		switch {
		case c == '\n':
			rw.feeds++
			rw.endLine()
		case c == '\r' && (i+1 == end || sr.w[i+1] != '\n'):
			rw.endLine()
		case c != '\r':
			rw.col++
		}
	}
	rw.r.Discard(end)
	rw.partial = true
	rw.lastLine, rw.lastEnd = rw.line, rw.col
	rw.applied++
	return Applied, nil
}

// spellReader reads text back from the bytes w written in a spelling.
type spellReader struct {
	s *Spelling
	w []byte
	// whole tells that nothing follows w that could be looked at.
	whole bool
	// short is set when a decision needed bytes past w, which is not
	// whole.
	short bool
	at    written
}

// read reports whether w starts with the text old, as written, and
// records where each of its bytes is written in r.at.
func (r *spellReader) read(old string) bool {
	r.at.starts, r.at.ends = r.at.starts[:0], r.at.ends[:0]
	i := 0
	for k := 0; k < len(old); k++ {
		if k > 0 {
			i = r.skipFolds(i)
		}
		if i >= len(r.w) {
			r.short = !r.whole
			return false
		}
		c, n := r.unit(i)
		if r.short || c != old[k] || r.w[i] == '\r' || r.w[i] == '\n' {
			return false
		}
		r.at.starts = append(r.at.starts, i)
		r.at.ends = append(r.at.ends, i+n)
		i += n
	}
	return len(old) > 0
}

// unit returns the byte that the written unit at w[i] stands for, and its
// length: an escape, with any fold between its backslash and its code,
// or one byte.
func (r *spellReader) unit(i int) (byte, int) {
	if r.w[i] != '\\' || len(r.s.Escapes) == 0 {
		return r.w[i], 1
	}
	j := r.skipFolds(i + 1)
	if j >= len(r.w) {
		r.short = !r.whole
		return '\\', 1
	}
	for _, esc := range r.s.Escapes {
		if r.w[j] == esc[0] {
			return esc[1], j + 1 - i
		}
	}
	return '\\', 1
}

// skipFolds returns where the text goes on after any folds at w[i].
func (r *spellReader) skipFolds(i int) int {
	w := r.w
	for r.s.Folds && i < len(w) && (w[i] == '\r' || w[i] == '\n') {
		j := i + 1
		if w[i] == '\r' && j < len(w) && w[j] == '\n' {
			j++
		}
		if j >= len(w) {
			// The break, or what follows it, may go on past w.
			r.short = !r.whole
			return i
		}
		if w[j] != ' ' && w[j] != '\t' {
			return i
		}
		i = j + 1
	}
	return i
}

// respell returns the written text of old, w, with old turned into new:
// the bytes written for the start and the end that old and new share are
// kept as they are, folds and escapes included, and the bytes between
// (w[from:to]) are written in the spelling, with the folds among them
// kept in their order (between the same bytes where the repair keeps
// them), so that the input keeps its lines one for one; a bare backslash
// just before them is escaped. ok is false when a byte cannot be written
// (a line break with no escape).
func (s *Spelling) respell(w []byte, old, new string, at *written) (_ []byte, from, to int, ok bool) {
	p := 0
	for p < len(old) && p < len(new) && old[p] == new[p] {
		p++
	}
	if p > 0 && len(s.Escapes) > 0 && at.ends[p-1]-at.starts[p-1] == 1 && w[at.starts[p-1]] == '\\' {
		// A backslash that stands for itself before a byte that is no
		// escape's code could stand before one after the repair: it is
		// written again, escaped.
		p--
	}
	q := 0
	for q < len(old)-p && q < len(new)-p && old[len(old)-1-q] == new[len(new)-1-q] {
		q++
	}
	from, to = len(w), len(w)
	if p < len(old) {
		from = at.starts[p]
		to = from
	}
	if p < len(old)-q {
		to = at.ends[len(old)-q-1]
	}
	out := append(make([]byte, 0, len(w)+2*len(new)), w[:from]...)
	olds, news := len(old)-q-p, len(new)-q-p
	for m := range max(olds, news) {
		if m > 0 && m < olds {
			// The folds between two bytes of old.
			out = append(out, w[at.ends[p+m-1]:at.starts[p+m]]...)
		}
		if m < news && !s.escape(&out, new[p+m]) {
			if c := new[p+m]; c == '\r' || c == '\n' {
				return nil, 0, 0, false
			}
			out = append(out, new[p+m])
		}
		if m < olds && at.ends[p+m]-at.starts[p+m] > 2 {
			// The folds inside an escape.
			out = append(out, w[at.starts[p+m]+1:at.ends[p+m]-1]...)
		}
	}
	return append(out, w[to:]...), from, to, true
}

// escape appends the first escape of c to out, if there is one.
func (s *Spelling) escape(out *[]byte, c byte) bool {
	for _, esc := range s.Escapes {
		if esc[1] == c {
			*out = append(*out, '\\', esc[0])
			return true
		}
	}
	return false
}
