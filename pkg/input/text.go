package input

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/rcptlint/rcptlint/pkg/address"
)

// readText reads one address or RFC 5322 address list per line, optionally
// behind a To:, Cc: or Bcc: header name. Blank lines and comment lines are
// skipped (see IsComment).
//
// A line longer than MaxLineLen (a list of many thousands of addresses) is
// read in segments cut after a separator outside quotes, comments and
// angle brackets; one that cannot be cut so (a single entry that long) is
// reported and skipped.
func readText(lr *lineReader, h Handler) error {
	lr.cut = address.LastSeparator
	chars := 0 // code points before the segment, in its physical line
	for {
		if h.stopped() {
			return ErrStopped
		}
		if b, at, n, ok := lr.nextPlain(); ok {
			h.Address(Address{Text: view(b), Line: n, Column: 1, Char: 1, At: at})
			continue
		}
		b, n, tooLong, ok := lr.next()
		if !ok {
			return lr.Err()
		}
		if tooLong {
			h.Problem(Problem{Line: n, Msg: fmt.Sprintf("line is longer than %d bytes and cannot be split between addresses; skipped", MaxLineLen)})
			continue
		}
		if lr.off == 0 {
			chars = 0
		}
		line, off := view(b), lr.off
		checkBytes(b, n, h)
		from := 0
		if off == 0 {
			if IsComment(line) {
				h.directive(line, n, true)
				continue
			}
			from = address.HeaderNameEnd(line)
		}
		h.directive(line[from:], n, false)
		cc := charCounter{line: line}
		emitList(line, from, func(start, end int) {
			h.Address(Address{Text: line[start:end], Line: n, Column: off + start + 1, Char: chars + cc.column(start)})
		})
		if lr.partial {
			chars += utf8.RuneCount(b)
		}
	}
}

// directive hands on the ignore comment of a line, if it has one; alone
// tells a comment line.
func (h *Handler) directive(line string, n int, alone bool) {
	if h.Directive == nil {
		return
	}
	if d, ok := findDirective(line, n); ok {
		d.Alone = alone
		h.Directive(d)
	}
}

// checkBytes reports a line that is not valid UTF-8 or holds a NUL byte;
// its addresses are still checked, and the syntax rule says which is bad.
func checkBytes(b []byte, n int, h Handler) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		h.Problem(Problem{Line: n, Msg: fmt.Sprintf("line holds a NUL byte (at byte %d)", i+1)})
		return
	}
	if !utf8.Valid(b) {
		h.Problem(Problem{Line: n, Msg: "line is not valid UTF-8; save the list as UTF-8"})
	}
}

// view returns b as a string without copying it. The string is valid only
// until the reader reuses its buffer, which is after the handler returns:
// Address.Text says so, and the engine copies what it keeps.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// EachAddress calls fn with the start and end of every address in text,
// read as a text list's lines are: each line an address list, and each
// address unwrapped from quotes, mailto: and words around it (see
// unwrap). The command line's addresses are read with it, so that an
// argument of several lines ("$(cat list)") gives each line's addresses,
// not one address holding line breaks.
func EachAddress(text string, fn func(start, end int)) {
	start := 0
	for start < len(text) {
		end := strings.IndexAny(text[start:], "\r\n")
		if end < 0 {
			end = len(text)
		} else {
			end += start
		}
		emitList(text[:end], start, fn)
		start = end + 1
	}
}

// emitList calls fn with the span of every address in line[from:],
// unwrapped (see unwrap).
func emitList(line string, from int, fn func(start, end int)) {
	address.ScanList(line[from:], func(s address.Span) bool {
		start, end := from+s.Start, from+s.End
		if quotedList(line[start:end]) {
			emitList(line[:end-1], start+1, fn)
			return true
		}
		s = unwrap(line, address.Span{Start: start, End: end})
		fn(s.Start, s.End)
		return true
	})
}

// quotedList reports whether an entry is a whole address list in double
// quotes ("a@x.com, b@y.com", as a JSON or shell line quotes it), whose
// addresses are read one by one: no address is written so, since the
// quotes hold no '@' and domain after them. The quotes hold no other
// quote, so that the list inside is read without this again.
func quotedList(t string) bool {
	return len(t) > 2 && t[0] == '"' && t[len(t)-1] == '"' && !strings.ContainsAny(t[1:len(t)-1], `"\`) &&
		strings.ContainsAny(t, ",;") && strings.Count(t, "@") > 1
}

// unwrap narrows the span of a list entry to the address it holds when
// the entry wraps it in a way no address is written, so that the address
// is checked, located and fixed alone and the wrapper kept: whole in
// double quotes ("bob@x.com", as JSON and shells quote it), after words of
// prose or a name ("see jane@x.com", mutt's "alias bob bob@x.com"), or
// behind mailto: (a link, with any ?query after the address).
func unwrap(line string, s address.Span) address.Span {
	t := line[s.Start:s.End]
	if len(t) > 2 && t[0] == '"' && t[len(t)-1] == '"' && !strings.ContainsAny(t[1:len(t)-1], `"\`) && strings.IndexByte(t, '@') > 1 {
		s.Start, s.End = s.Start+1, s.End-1
	}
	s = proseWord(line, s)
	t = line[s.Start:s.End]
	if len(t) > len("mailto:") && t[0]|0x20 == 'm' && strings.EqualFold(t[:len("mailto:")], "mailto:") && strings.IndexByte(t, '@') > len("mailto:") {
		s.Start += len("mailto:")
		at := strings.IndexByte(t, '@')
		if q := strings.IndexByte(t[at:], '?'); q >= 0 {
			s.End = s.Start - len("mailto:") + at + q
		}
	}
	return s
}

// isProse reports whether an entry has several words and no quotes,
// brackets or comments, in one pass over it (the common entry, one
// address, is looked at once).
func isProse(t string) bool {
	blank := false
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case ' ', '\t':
			blank = true
		case '"', '<', '>', '(', ')':
			return false
		}
	}
	return blank
}

// proseWord returns the one word of an entry of several words that holds
// an '@' inside it, when the entry has no quotes, brackets or comments to
// parse: the other words are prose or a name. Else it returns s.
func proseWord(line string, s address.Span) address.Span {
	t := line[s.Start:s.End]
	if !isProse(t) {
		return s
	}
	word, n := address.Span{}, 0
	for w := range address.Words(t) {
		if at := strings.IndexByte(t[w.Start:w.End], '@'); at >= 0 {
			n++
			if at == 0 || w.Start+at == w.End-1 {
				return s
			}
			word = address.Span{Start: s.Start + w.Start, End: s.Start + w.End}
		}
	}
	if n != 1 {
		return s
	}
	return word
}

// IsComment reports whether a text line is a comment: its first non-blank
// character is '#' and either white space follows it or the line has no
// '@'. A '#' is legal in a local part, so "#team@example.com" is an address
// while "# team list" and "#disabled" are comments.
func IsComment(line string) bool {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	if i == len(line) || line[i] != '#' {
		return false
	}
	if i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t' {
		return true
	}
	for j := i; j < len(line); j++ {
		if line[j] == '@' {
			return false
		}
	}
	return true
}
