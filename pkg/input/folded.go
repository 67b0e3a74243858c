package input

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/address"
)

// unfolder reads the logical lines of a format whose long lines are folded:
// a physical line that starts with a space or a tab continues the one
// before (vCard, LDIF, message headers). A blank line is never continued.
type unfolder struct {
	lr *lineReader
	h  Handler
	// drop is how many bytes of a continuation's start the unfolding
	// removes: 1 for vCard and LDIF, 0 for message headers, which keep
	// the white space.
	drop int
	// ahead holds a copy of the physical line read after a logical line,
	// which starts the next, when have is set; aheadN is its number.
	ahead  []byte
	aheadN int
	have   bool
	// line is the logical line last read, its text and where each
	// physical part of it is in the input; skipped tells that it was too
	// long, reported and emptied.
	line    field
	skipped bool
	// quiet skips a line too long without reporting it: a message body's.
	quiet bool
}

// next reads the next logical line into u.line and returns the number of
// its first physical line; ok is false at the end of input. A line longer
// than MaxLineLen, folded or not, is reported and read as a blank line.
func (u *unfolder) next() (n int, ok bool) {
	f := &u.line
	f.text, f.segs, f.chars = f.text[:0], f.segs[:0], 0
	u.skipped = false
	var b []byte
	if u.have {
		b, n, u.have = u.ahead, u.aheadN, false
	} else {
		var tooLong bool
		if b, n, tooLong, ok = u.lr.next(); !ok {
			return 0, false
		}
		if tooLong {
			u.tooLong(n)
			return n, true
		}
	}
	u.add(b, n, 0)
	if len(bytes.TrimSpace(b)) == 0 {
		return n, true
	}
	for {
		c, m, tooLong, ok := u.lr.next()
		switch {
		case !ok:
			return n, true
		case tooLong:
			u.tooLong(m)
			return n, true
		case len(c) > 0 && (c[0] == ' ' || c[0] == '\t'):
			switch {
			case u.skipped:
			case len(f.text)+len(c) > MaxLineLen:
				u.tooLong(n)
			default:
				u.add(c, m, u.drop)
			}
		default:
			u.ahead, u.aheadN, u.have = append(u.ahead[:0], c...), m, true
			return n, true
		}
	}
}

// add appends physical line b (number n) to the logical line, from its
// byte from.
func (u *unfolder) add(b []byte, n, from int) {
	f := &u.line
	lc := charCounter{line: view(b)}
	f.segs = append(f.segs, mkseg(f, &lc, n, from))
	f.add(b[from:])
}

// tooLong reports that the logical line of line n is too long, and
// empties it.
func (u *unfolder) tooLong(n int) {
	f := &u.line
	f.text, f.segs, f.chars = f.text[:0], f.segs[:0], 0
	u.skipped = true
	if u.quiet {
		return
	}
	u.h.Problem(Problem{Line: n, Msg: fmt.Sprintf("line is longer than %d bytes; skipped", MaxLineLen)})
}

// emitFrom reports the addresses of the list in field f from byte from on,
// each located in the input.
func emitFrom(f *field, from int, h Handler) {
	if len(f.segs) == 0 {
		return
	}
	text := view(f.text)
	loc := locator{f: f, cc: charCounter{line: text}}
	emitList(text, from, func(start, end int) {
		line, col, char := loc.pos(start)
		h.Address(Address{Text: text[start:end], Line: line, Column: col, Char: char})
	})
}

// readVCard reads the EMAIL properties of a vCard file (RFC 6350, and the
// older 2.1 and 3.0): "EMAIL;TYPE=work:jane@example.com", with or without
// a group ("item1.EMAIL"), folded or not. Every other property is left
// alone. A value in an encoding (vCard 2.1's quoted-printable) is
// reported, not read.
func readVCard(lr *lineReader, h Handler) error {
	return eachUnfolded(lr, h, func(n int, line *field) {
		text := view(line.text)
		colon := propertyEnd(text)
		if colon < 0 {
			return
		}
		name, params, _ := strings.Cut(text[:colon], ";")
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
		if !strings.EqualFold(strings.TrimSpace(name), "EMAIL") {
			return
		}
		if strings.Contains(strings.ToUpper(params), "ENCODING=") {
			h.Problem(Problem{Line: n, Msg: "the EMAIL value is encoded (" + escapeShort(params) + "); not checked"})
			return
		}
		emitFrom(line, colon+1, h)
	})
}

// eachUnfolded calls fn with each unfolded line of a vCard or LDIF input
// (a line that starts with a space continues the one before) and its
// number, until the input ends or the handler stops the read.
func eachUnfolded(lr *lineReader, h Handler, fn func(n int, line *field)) error {
	u := &unfolder{lr: lr, h: h, drop: 1}
	for {
		if h.stopped() {
			return ErrStopped
		}
		n, ok := u.next()
		if !ok {
			return lr.Err()
		}
		fn(n, &u.line)
	}
}

// propertyEnd returns the index of the colon that ends a vCard property's
// name and parameters (a parameter value may be quoted and hold a colon),
// or -1.
func propertyEnd(text string) int {
	inQuote := false
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				return i
			}
		}
	}
	return -1
}

// escapeShort returns s cut to 40 bytes, for a message.
func escapeShort(s string) string {
	q := shortQuote(s)
	return q[1 : len(q)-1]
}

// ldifAttributes are the LDIF attributes that hold addresses, in lower
// case: LDAP's mail and Thunderbird's second address.
var ldifAttributes = []string{"mail", "mozillasecondemail"}

// readLDIF reads the address attributes of an LDIF file (RFC 2849):
// "mail: jane@example.com", folded or not, and base64 values
// ("mail:: amFuZUBleGFtcGxlLmNvbQ=="), whose addresses are located at the
// start of the value, since they are not written as they read. Comment
// lines and every other attribute are left alone; a value read from a URL
// ("mail:< file:///…") is reported, not read.
func readLDIF(lr *lineReader, h Handler) error {
	return eachUnfolded(lr, h, func(n int, line *field) {
		text := view(line.text)
		colon := strings.IndexByte(text, ':')
		if colon < 0 || strings.HasPrefix(text, "#") {
			return
		}
		name, _, _ := strings.Cut(text[:colon], ";")
		if !slices.Contains(ldifAttributes, strings.ToLower(name)) {
			return
		}
		switch rest := text[colon+1:]; {
		case strings.HasPrefix(rest, ":"):
			readBase64(line, colon+2, n, h)
		case strings.HasPrefix(rest, "<"):
			h.Problem(Problem{Line: n, Msg: fmt.Sprintf("the %s value is read from a URL; not checked", text[:colon])})
		default:
			emitFrom(line, colon+1, h)
		}
	})
}

// readBase64 reports the addresses of the base64 value of an LDIF line
// that starts at byte from of f, each located at the start of the value.
func readBase64(f *field, from, n int, h Handler) {
	text := view(f.text)
	for from < len(text) && text[from] == ' ' {
		from++
	}
	value, err := base64.StdEncoding.DecodeString(strings.TrimSpace(text[from:]))
	if err != nil {
		h.Problem(Problem{Line: n, Msg: "the base64 value is not valid base64; not checked"})
		return
	}
	loc := locator{f: f, cc: charCounter{line: text}}
	line, col, char := loc.pos(from)
	emitDecoded(string(value), line, col, char, h)
}

// emitDecoded reports the addresses of a list decoded from the input
// (an LDIF base64 value), which is not as written there: each is located
// at the start of its encoded form, line, col and char.
func emitDecoded(list string, line, col, char int, h Handler) {
	address.ScanList(list, func(s address.Span) bool {
		s = unwrap(list, s)
		h.Address(Address{Text: list[s.Start:s.End], Line: line, Column: col, Char: char})
		return true
	})
}

// mailHeaders are the headers of a message whose addresses are read, in
// lower case.
var mailHeaders = []string{"from", "to", "cc", "bcc", "reply-to"}

// readMail reads the address headers of an e-mail message (RFC 5322) or of
// each message of an mbox file: From, To, Cc, Bcc and Reply-To, folded or
// not, as address lists. Bodies are skipped, a line of any length among
// them too: in an mbox file a message ends where a "From " line follows a
// blank line. A line of the header
// that is not a header ends it, as a blank line does.
func readMail(lr *lineReader, h Handler) error {
	u := &unfolder{lr: lr, h: h}
	inHeader, mbox, blank := true, false, true
	for first := true; ; first = false {
		if h.stopped() {
			return ErrStopped
		}
		u.quiet = !inHeader
		if _, ok := u.next(); !ok {
			return lr.Err()
		}
		text := view(u.line.text)
		isBlank := len(strings.TrimSpace(text)) == 0 && !u.skipped
		switch {
		case strings.HasPrefix(text, "From ") && (first || mbox && blank):
			mbox, inHeader = true, true
		case !inHeader, u.skipped:
		case isBlank:
			inHeader = false
		default:
			colon := strings.IndexByte(text, ':')
			if colon <= 0 || strings.ContainsAny(text[:colon], " \t") {
				inHeader = false
				break
			}
			name := strings.ToLower(text[:colon])
			for _, m := range mailHeaders {
				if name == m {
					emitFrom(&u.line, colon+1, h)
				}
			}
		}
		blank = isBlank
	}
}
