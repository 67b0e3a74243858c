package address

import (
	"iter"
	"strings"
)

// Span is the byte range [Start, End) of one addr-spec inside a line.
type Span struct {
	Start, End int
}

// ScanList finds the addresses in one line of an RFC 5322 address list and
// calls yield with the span of each addr-spec, in order, until yield returns
// false. It is lenient where lists written by people are: entries may be
// separated by ',' or ';'; "Name <addr>", "addr (comment)" and group syntax
// ("Team: a@x, b@y;") work; a bare "Jane Doe jane@example.com" yields the
// word with the '@'; entries without an '@' beside ones with it are taken
// for the rest of a row ("Doe, Jane <jane@example.com>", "Jane,jane@x.com,
// Acme") and skipped; and a '#' standing alone after white space starts a
// comment that runs to the end of the line. Whatever else does not parse is
// yielded whole, so that validation can say what is wrong with it.
func ScanList(line string, yield func(Span) bool) {
	if simple(line) {
		// The common case, one bare address: nothing to split or trim.
		if line != "" {
			yield(Span{0, len(line)})
		}
		return
	}
	// Entries without an '@' next to entries with one are not addresses
	// but the rest of a row: a display name cut at its comma ("Doe, Jane
	// <jane@example.com>") or another column of a pasted table. Alone, or
	// among others like them, they are yielded to be reported.
	withAt, without := 0, 0
	eachEntry(line, func(s Span) bool {
		if strings.IndexByte(line[s.Start:s.End], '@') >= 0 {
			withAt++
		} else {
			without++
		}
		return true
	})
	skipBare := withAt > 0 && without > 0
	eachEntry(line, func(s Span) bool {
		if skipBare && strings.IndexByte(line[s.Start:s.End], '@') < 0 {
			return true
		}
		return yield(s)
	})
}

// eachEntry calls fn with the addr-spec span of every entry of line.
func eachEntry(line string, fn func(Span) bool) {
	for pos := 0; pos < len(line); {
		end, next, span, ok := scanEntry(line, pos)
		if ok && !fn(span) {
			return
		}
		if end == len(line) {
			return
		}
		pos = next
	}
}

// scanEntry scans one list entry starting at pos. It returns where the
// entry ends, where the next one starts, and the entry's addr-spec span
// (ok is false for an entry that holds nothing).
func scanEntry(line string, pos int) (end, next int, span Span, ok bool) {
	angleStart, angleEnd := -1, -1
	sawAt := false
	i := pos
scan:
	for i < len(line) {
		switch c := line[i]; c {
		case '"':
			if j := quotedEnd(line[i:]); j > 0 {
				i += j
				continue
			}
			i = len(line)
			break scan
		case '(':
			i = commentEnd(line, i)
			continue
		case '<':
			if angleStart < 0 {
				angleStart = i
			}
		case '>':
			if angleStart >= 0 && angleEnd < 0 {
				angleEnd = i
			}
		case '@':
			sawAt = true
		case ',', ';':
			if angleStart < 0 || angleEnd >= 0 {
				break scan
			}
		case ':':
			if angleStart < 0 && !sawAt && (i+1 == len(line) || isSpace(line[i+1]) || line[i+1] == ';') {
				// Group syntax: the text before the colon names the group.
				pos = i + 1
			}
		case '#':
			if (i == 0 || isSpace(line[i-1])) && (i+1 == len(line) || isSpace(line[i+1])) {
				end = i
				span, ok = entrySpan(line, pos, i, angleStart, angleEnd)
				return end, len(line), span, ok
			}
		}
		i++
	}
	span, ok = entrySpan(line, pos, i, angleStart, angleEnd)
	return i, i + 1, span, ok
}

// entrySpan picks the addr-spec out of the entry line[start:end].
func entrySpan(line string, start, end, angleStart, angleEnd int) (Span, bool) {
	if angleStart >= 0 && angleStart < end {
		if angleEnd >= 0 && angleEnd < end {
			return trimSpan(line, angleStart+1, angleEnd), true
		}
		// An unclosed '<': hand over everything from it, so that
		// validation reports the stray bracket.
		s := trimSpan(line, angleStart, end)
		return s, s.End > s.Start
	}
	s := trimSpan(line, start, end)
	if s.End <= s.Start {
		return s, false
	}
	if word, ok := soleAddressWord(line, s); ok {
		return word, true
	}
	return s, true
}

// trimSpan drops white space and comments around line[start:end].
func trimSpan(line string, start, end int) Span {
	for start < end {
		switch {
		case isSpace(line[start]):
			start++
		case line[start] == '(':
			start = min(commentEnd(line, start), end)
		default:
			goto left
		}
	}
left:
	for end > start {
		switch {
		case isSpace(line[end-1]):
			end--
		case line[end-1] == ')':
			open := commentStart(line, start, end-1)
			if open < 0 {
				return Span{start, end}
			}
			end = open
		default:
			return Span{start, end}
		}
	}
	return Span{start, end}
}

// soleAddressWord handles "Jane Doe jane@example.com": when the span holds
// several words outside quotes, exactly one of them looks like an address,
// and the others read as a name (one starts with a capital or a non-ASCII
// letter), that word is the address and the rest a display name. "john
// doe@example.com" stays whole: it is more likely a local part with a
// space than a name.
func soleAddressWord(line string, s Span) (Span, bool) {
	text := line[s.Start:s.End]
	if !strings.ContainsAny(text, " \t") || strings.ContainsAny(text, `"()`) {
		return s, false
	}
	var found Span
	n, named := 0, false
	for i := 0; i < len(text); {
		for i < len(text) && isSpace(text[i]) {
			i++
		}
		j := i
		for j < len(text) && !isSpace(text[j]) {
			j++
		}
		switch {
		case j > i && strings.Contains(text[i:j], "@"):
			n++
			found = Span{s.Start + i, s.Start + j}
		case j > i && (text[i] >= 'A' && text[i] <= 'Z' || text[i] >= 0x80):
			named = true
		}
		i = j
	}
	if n != 1 || !named {
		return s, false
	}
	w := line[found.Start:found.End]
	at := strings.LastIndexByte(w, '@')
	if at <= 0 || at == len(w)-1 {
		return s, false
	}
	return found, true
}

// commentEnd returns the index just past the (possibly nested) comment that
// starts at line[i], or len(line) when it is not closed.
func commentEnd[T string | []byte](line T, i int) int {
	depth := 0
	for ; i < len(line); i++ {
		switch line[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return len(line)
}

// commentStart returns the index of the '(' that opens the comment closed
// at line[closeAt], searching no further left than start, or -1.
func commentStart(line string, start, closeAt int) int {
	depth := 0
	for i := closeAt; i >= start; i-- {
		switch line[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// HeaderNameEnd returns the length of a leading "To:", "Cc:", "Bcc:" or
// "Reply-To:" header name (any case, with the white space after it), or 0.
func HeaderNameEnd(line string) int {
	colon := strings.IndexByte(line, ':')
	if colon < 2 || colon > len("reply-to") {
		return 0
	}
	switch strings.ToLower(line[:colon]) {
	case "to", "cc", "bcc", "reply-to", "resent-to", "resent-cc":
	default:
		return 0
	}
	i := colon + 1
	for i < len(line) && isSpace(line[i]) {
		i++
	}
	return i
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// listSpecial marks the bytes that make a line more than one bare address:
// white space, separators, and the openers of quotes, comments and angle
// brackets.
var listSpecial = func() (t [256]bool) {
	for _, c := range " \t\r\n,;<\"(" {
		t[c] = true
	}
	return t
}()

func simple(line string) bool {
	for i := 0; i < len(line); i++ {
		if listSpecial[line[i]] {
			return false
		}
	}
	return true
}

// PlainLine returns the index of the '@' of line when line, as a line of
// an address list, is exactly one plain address (see SplitPlain): ScanList
// yields it whole and HeaderNameEnd finds no header name in it. It returns
// 0 for any other line. Nearly every line of a list is one plain address,
// and one pass settles it.
func PlainLine(line string) int {
	if at, end := PlainPrefix(line); end == len(line) {
		return at
	}
	return 0
}

// PlainPrefix reads s from its start as far as it can be part of a plain
// line (see PlainLine), and returns where it stopped, end, and the index
// of the '@' when s[:end] is a plain line, or 0. A reader finds the end of
// a plain line this way (it stops at the line end) without a pass to look
// for the end first.
func PlainPrefix(s string) (at, end int) {
	at, ok := plainAt(s)
	if !ok {
		return 0, at
	}
	end = at + 1
	for end < len(s) && plainLineDomain[s[end]] {
		end++
	}
	return at, end
}

// plainLineDomain marks the bytes PlainLine takes in a domain: printable
// ASCII but for list specials, a header's colon, '@' and angle brackets.
var plainLineDomain = func() (t [256]bool) {
	for c := byte('!'); c <= '~'; c++ {
		t[c] = !listSpecial[c] && !strings.ContainsRune(":@<>", rune(c))
	}
	return t
}()

// LastSeparator returns the position just after the last ',' or ';' of
// line that separates entries (outside quotes, comments and angle
// brackets), or 0 when there is none: where a very long list can be cut
// without cutting an entry.
func LastSeparator(line []byte) int {
	last := 0
	angle := false
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '"':
			end := quotedEnd(line[i:])
			if end < 0 {
				return last // the rest is inside the quotes
			}
			i += end - 1
		case c == '(':
			i = commentEnd(line, i) - 1
		case c == '<':
			angle = true
		case c == '>':
			angle = false
		case (c == ',' || c == ';') && !angle:
			last = i + 1
		}
	}
	return last
}

// Spaced reports whether raw is two or more addresses apart by
// white space (jane@x.com bob@y.com, jane@x.com or bob@y.com): outside
// quotes, two words with an '@' between other characters. It returns where
// the white space after the first of them starts.
func Spaced(raw string) (int, bool) {
	if strings.Count(raw, "@") < 2 || strings.IndexByte(raw, '"') >= 0 || !strings.ContainsAny(raw, " \t") {
		return 0, false
	}
	n, first := 0, 0
	for w := range Words(raw) {
		if at := strings.IndexByte(raw[w.Start:w.End], '@'); at > 0 && at < w.End-w.Start-1 {
			if n++; n == 1 {
				first = w.End
			}
		}
	}
	return first, n >= 2
}

// Words yields the spans of the words of s, apart by spaces and tabs.
func Words(s string) iter.Seq[Span] {
	return func(yield func(Span) bool) {
		for i := 0; i < len(s); {
			for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
				i++
			}
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' {
				j++
			}
			if j > i && !yield(Span{i, j}) {
				return
			}
			i = j
		}
	}
}
