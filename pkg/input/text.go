package input

import (
	"fmt"
	"unsafe"

	"github.com/rcptlint/rcptlint/pkg/address"
)

// readText reads one address or RFC 5322 address list per line, optionally
// behind a To:, Cc: or Bcc: header name. Blank lines and comment lines are
// skipped (see IsComment).
func readText(lr *lineReader, h Handler) error {
	for {
		b, n, tooLong, ok := lr.next()
		if !ok {
			return lr.Err()
		}
		if tooLong {
			h.Problem(Problem{Line: n, Msg: fmt.Sprintf("line is longer than %d bytes; skipped", MaxLineLen)})
			continue
		}
		line := view(b)
		if IsComment(line) {
			continue
		}
		emitList(line, address.HeaderNameEnd(line), func(start, end int) {
			h.Address(Address{Text: line[start:end], Line: n, Column: start + 1, Char: CharColumn(line, start)})
		})
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

// emitList calls fn with the span of every address in line[from:].
func emitList(line string, from int, fn func(start, end int)) {
	address.ScanList(line[from:], func(s address.Span) bool {
		fn(from+s.Start, from+s.End)
		return true
	})
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
