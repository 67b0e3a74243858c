package input

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonState is where a JSON array reader is in the array.
type jsonState int

const (
	jsonStart jsonState = iota // before '['
	jsonValue                  // after '[' or ',': a string or ']' next
	jsonComma                  // after a string: ',' or ']' next
	jsonEnd                    // after ']': only white space
)

// readJSON reads a JSON array of strings, each an address or an address
// list: ["jane@example.com", "Bob <bob@example.org>"]. A string is located
// in its line; one written with escapes is read decoded, its addresses
// located at its start. Anything else (an object, a number, a second
// value) ends reading with one error naming its line and column, as a line
// too long to cut between strings does: a JSON string never spans lines,
// so a long line is read in segments cut after a comma between strings.
func readJSON(lr *lineReader, h Handler) error {
	lr.cut = jsonCut
	state := jsonStart
	chars := 0
	for {
		if h.stopped() {
			return ErrStopped
		}
		b, n, tooLong, ok := lr.next()
		if !ok {
			if err := lr.Err(); err != nil {
				return err
			}
			if state != jsonEnd && state != jsonStart {
				return fmt.Errorf("json: the array is never closed (rcptlint reads a JSON array of strings)")
			}
			return nil
		}
		if tooLong {
			return fmt.Errorf("json: line %d is longer than %d bytes and cannot be cut between strings", n, MaxLineLen)
		}
		if lr.off == 0 {
			chars = 0
		}
		var err error
		if state, err = jsonLine(b, n, lr.off, chars, state, h); err != nil {
			return err
		}
		if lr.partial {
			chars += utf8.RuneCount(b)
		}
	}
}

// jsonLine reads a line (or a segment of one, off bytes and chars code
// points into it) of a JSON array in the state state, and returns the
// state after it.
func jsonLine(b []byte, n, off, chars int, state jsonState, h Handler) (jsonState, error) {
	cc := charCounter{line: view(b)}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if c == ' ' || c == '\t' {
			continue
		}
		want := ""
		switch {
		case state == jsonStart && c == '[':
			state = jsonValue
		case state == jsonValue && c == '"':
			end, escaped := stringEnd(b, i)
			if end < 0 {
				return state, fmt.Errorf("json: line %d, column %d: the string is not closed on its line", n, off+i+1)
			}
			jsonString(b[i:end+1], escaped, n, off+i+2, chars+cc.column(i+1), h)
			i, state = end, jsonComma
		case (state == jsonValue || state == jsonComma) && c == ']':
			state = jsonEnd
		case state == jsonComma && c == ',':
			state = jsonValue
		case state == jsonStart:
			want = "'['"
		case state == jsonEnd:
			want = "nothing after the array"
		default:
			want = "a string"
		}
		if want != "" {
			return state, fmt.Errorf("json: line %d, column %d: want %s, found %s (rcptlint reads a JSON array of strings)", n, off+i+1, want, jsonKind(c))
		}
	}
	return state, nil
}

// stringEnd returns the index of the quote that closes the JSON string
// opened at b[i], or -1 when the line ends first or the string holds a
// control character, and whether the string holds an escape.
func stringEnd(b []byte, i int) (end int, escaped bool) {
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			return j, escaped
		case c == '\\':
			escaped = true
			j++
		case c < 0x20:
			return -1, escaped
		}
	}
	return -1, escaped
}

// jsonString reports the addresses of the JSON string quoted, whose
// content starts at column col (char in code points) of line n.
func jsonString(quoted []byte, escaped bool, n, col, char int, h Handler) {
	f := field{segs: []seg{{line: n, col: col, char: char}}}
	if !escaped {
		f.add(quoted[1 : len(quoted)-1])
		emitFrom(&f, 0, h)
		return
	}
	if !json.Valid(quoted) {
		h.Problem(Problem{Line: n, Msg: fmt.Sprintf("the JSON string at column %d has a bad escape; not checked", col-1)})
		return
	}
	emitFrom(unescape(quoted[1:len(quoted)-1], n, col, char), 0, h)
}

// unescape decodes content, the valid content of a JSON string starting at
// column col (char in code points) of line n, into a field with a segment
// after each escape and one at each escape, so that an address after an
// escape is located where the file holds it (all were at the string's
// start, and so not fixed).
func unescape(content []byte, n, col, char int) *field {
	f := &field{}
	chars := 0 // code points of content before i
	from := 0  // the start of the run of plain bytes being read
	flush := func(i int) {
		if i > from {
			f.segs = append(f.segs, seg{len(f.text), f.chars, n, col + from, char + chars - utf8.RuneCount(content[from:i])})
			f.add(content[from:i])
		}
	}
	for i := 0; i < len(content); {
		c := content[i]
		if c != '\\' {
			_, size := utf8.DecodeRune(content[i:])
			i += size
			chars++
			continue
		}
		flush(i)
		r, size := jsonEscape(content[i:])
		f.segs = append(f.segs, seg{len(f.text), f.chars, n, col + i, char + chars})
		f.text = utf8.AppendRune(f.text, r)
		f.chars++
		i += size
		chars += size
		from = i
	}
	flush(len(content))
	if len(f.segs) == 0 {
		f.segs = append(f.segs, seg{line: n, col: col, char: char})
	}
	return f
}

// jsonEscape decodes the escape that b, valid JSON string content, starts
// with, and returns its length: \uD83D\uDE00 is one code point.
func jsonEscape(b []byte) (rune, int) {
	switch b[1] {
	case 'u':
		r := hex4(b[2:6])
		if utf16.IsSurrogate(r) && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
			if pair := utf16.DecodeRune(r, hex4(b[8:12])); pair != utf8.RuneError {
				return pair, 12
			}
		}
		if utf16.IsSurrogate(r) {
			return utf8.RuneError, 6
		}
		return r, 6
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	}
	return rune(b[1]), 2
}

// hex4 is the value of four hexadecimal digits.
func hex4(b []byte) rune {
	v, _ := strconv.ParseUint(string(b), 16, 32)
	return rune(v)
}

// jsonCut returns where to cut a JSON line that is too long: after its last
// comma outside strings, or 0. A segment starts outside any string.
func jsonCut(b []byte) int {
	cut, inString := 0, false
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && c == ',':
			cut = i + 1
		}
	}
	return cut
}

// jsonKind names what a JSON value starting with c is, for a message.
func jsonKind(c byte) string {
	switch {
	case c == '{':
		return "an object"
	case c == '[':
		return "an array"
	case c == '-', c >= '0' && c <= '9':
		return "a number"
	case c == 't', c == 'f', c == 'n':
		return "true, false or null"
	case c == '"':
		return "a string"
	}
	return shortQuote(string(c))
}
