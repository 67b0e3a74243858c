package input

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/encoding/charmap"
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
	// soft, when set, tells from the first physical line of a logical
	// line that it is quoted-printable (vCard 2.1): a line that ends in
	// '=' is then continued by the next, whatever it starts with, and
	// the '=' dropped (a soft line break, RFC 2045 §6.7).
	soft func(first []byte) bool
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
	// qp tells that the logical line is quoted-printable, soft that the
	// physical line last read ends in a soft line break.
	qp := u.soft != nil && u.soft(b)
	soft := qp && bytes.HasSuffix(b, []byte("="))
	for {
		c, m, tooLong, ok := u.lr.next()
		// pending tells that the line before c ends in a soft line break.
		pending := soft && !u.skipped
		softBreak := pending && ok && !tooLong && softlyContinued(c)
		// A line a soft line break may not continue is no fold of it
		// either, though it starts with a blank: the value ends there.
		fold := !pending && len(c) > 0 && (c[0] == ' ' || c[0] == '\t')
		soft = qp && bytes.HasSuffix(c, []byte("="))
		switch {
		case !ok:
			u.endSoft(pending)
			return n, true
		case tooLong:
			u.tooLong(m)
			return n, true
		case softBreak || fold:
			drop := u.drop
			if softBreak {
				f.text, f.chars, drop = f.text[:len(f.text)-1], f.chars-1, 0
			}
			switch {
			case u.skipped:
			case len(f.text)+len(c) > MaxLineLen:
				u.tooLong(n)
			default:
				u.add(c, m, drop)
			}
		default:
			u.endSoft(pending)
			u.ahead, u.aheadN, u.have = append(u.ahead[:0], c...), m, true
			return n, true
		}
	}
}

// softlyContinued reports whether a soft line break continues its line
// with the physical line c. A blank line and a card's BEGIN: and END:
// lines are never a value's: a writer that ends a value in '=' before one
// of them (a trailing '=' of nothing, or a value cut short) did not mean
// them to be joined, and joining them would swallow the end of a card and
// the start of the next. Any other line is joined, as RFC 2045 §6.7 asks,
// whatever it holds.
func softlyContinued(c []byte) bool {
	t := bytes.TrimSpace(c)
	return len(t) > 0 && !hasPrefixFold(t, "BEGIN:") && !hasPrefixFold(t, "END:")
}

// endSoft drops the '=' of a soft line break that ends the logical line
// when pending tells there is one: a soft line break with no line to
// continue is a break of nothing.
func (u *unfolder) endSoft(pending bool) {
	if f := &u.line; pending && bytes.HasSuffix(f.text, []byte("=")) {
		f.text, f.chars = f.text[:len(f.text)-1], f.chars-1
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
// each located in the input. A line break decoded from an escape (vCard's
// and JSON's \n) ends a line of the list, as it does in a text list: no
// address holds one.
func emitFrom(f *field, from int, h Handler) {
	if len(f.segs) == 0 {
		return
	}
	text := view(f.text)
	loc := locator{f: f, cc: charCounter{line: text}}
	emit := func(start, end int) { h.Address(loc.address(text, start, end)) }
	for {
		end := strings.IndexAny(text[from:], "\r\n")
		if end < 0 {
			emitList(text, from, emit)
			return
		}
		emitList(text[:from+end], from, emit)
		from += end + 1
	}
}

// readVCard reads the EMAIL properties of a vCard file (RFC 6350, and the
// older 2.1 and 3.0): "EMAIL;TYPE=work:jane@example.com", with or without
// a group ("item1.EMAIL"), folded or not, its escapes decoded (\, \; \\
// and \n) with each address located where it is written. vCard 2.1's
// quoted-printable and base64 values and a value in another charset than
// UTF-8 are decoded, their addresses located at the start of the value.
// Every other property is left alone.
func readVCard(lr *lineReader, h Handler) error {
	var value field
	return eachUnfolded(lr, h, isQuotedPrintable, func(n int, line *field) {
		text := view(line.text)
		colon := propertyEnd(text)
		if colon < 0 {
			switch {
			case strings.IndexByte(text, ':') >= 0:
				// A colon only between quotes: a quote is never closed,
				// and where the value starts is anyone's guess.
				if isEmail(text) {
					h.Problem(Problem{Line: n, Msg: "the EMAIL property's parameters hold a '\"' that is never closed; not checked"})
				}
			case isEmail(text[:strings.IndexFunc(text+" ", unicode.IsSpace)]):
				// Every content line is NAME:VALUE; "EMAIL jane@x.com"
				// lost its colon.
				h.Problem(Problem{Line: n, Msg: "the EMAIL property has no ':' before its value; not checked"})
			}
			return
		}
		if !isEmail(text[:colon]) {
			return
		}
		_, params, _ := strings.Cut(text[:colon], ";")
		enc, charset := vcardParams(params)
		raw := text[colon+1:]
		switch {
		case enc == QuotedPrintable:
			raw = string(decodeQuotedPrintable(raw))
		case enc == Base64:
			b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(raw), ""))
			if err != nil {
				h.Problem(Problem{Line: n, Msg: "the EMAIL value is not valid base64; not checked"})
				return
			}
			raw = string(b)
		case enc != Written:
			h.Problem(Problem{Line: n, Msg: "the EMAIL value is encoded (" + escapeShort(params) + "); not checked"})
			return
		}
		if charset != "" && !isASCII(raw) {
			var ok bool
			if raw, ok = decodeCharset(raw, charset); !ok {
				h.Problem(Problem{Line: n, Msg: "the EMAIL value is in a character set rcptlint does not know (" + escapeShort(charset) + "); not checked"})
				return
			}
			if enc == Written {
				enc = Charset
			}
		}
		if enc != Written {
			emitDecoded(unescapeVCardString(raw), decodedAt(line, colon+1, enc), h)
			return
		}
		if strings.IndexByte(raw, '\\') < 0 {
			emitFrom(line, colon+1, h)
			return
		}
		unescapeVCard(line, colon+1, &value)
		emitFrom(&value, 0, h)
	})
}

// isQuotedPrintable reports whether a vCard line that starts with first
// is an EMAIL property in quoted-printable, whose soft line breaks
// continue it.
func isQuotedPrintable(first []byte) bool {
	text := view(first)
	end := strings.IndexAny(text[:min(len(text), 64)], ";:")
	if end < 0 || text[end] != ';' {
		// No parameters, or a name longer than any of EMAIL's.
		return false
	}
	if !isEmail(text[:end]) {
		return false
	}
	params := text[end+1:]
	colon := propertyEnd(params)
	if colon < 0 {
		return false
	}
	enc, _ := vcardParams(params[:colon])
	return enc == QuotedPrintable
}

// isEmail reports whether the vCard property that text starts with
// (its name, with or without a group, up to a ';' or a ':') is EMAIL.
func isEmail(text string) bool {
	// A loop: strings.IndexAny builds its set of bytes at each call, on
	// every line of the file.
	end := 0
	for end < len(text) && text[end] != ';' && text[end] != ':' {
		end++
	}
	text = text[:end]
	if i := strings.LastIndexByte(text, '.'); i >= 0 {
		text = text[i+1:]
	}
	return strings.EqualFold(strings.TrimSpace(text), "EMAIL")
}

// vcardParams returns the encoding and the charset that the parameters of
// a vCard property name: ENCODING=QUOTED-PRINTABLE or a bare
// QUOTED-PRINTABLE (vCard 2.1), ENCODING=BASE64 or ENCODING=b (3.0),
// CHARSET=…. An encoding that changes nothing (7BIT, 8BIT) is Written, one
// that rcptlint does not read unknownEncoding. UTF-8 and US-ASCII are no
// charset to decode. A parameter's value may be quoted (RFC 6350 §3.3):
// a ';' or a ':' between quotes is part of it, not the end of the
// parameter, and the quotes are no part of the value. RFC 6868's ^
// escapes are left as they are: no encoding or charset name holds one.
func vcardParams(params string) (enc Encoding, charset string) {
	for params != "" {
		p := params
		if end := unquotedIndex(params, ';'); end >= 0 {
			p, params = params[:end], params[end+1:]
		} else {
			params = ""
		}
		key, value, ok := strings.Cut(strings.TrimSpace(p), "=")
		if !ok {
			key, value = "ENCODING", key
		}
		if len(key) != len("CHARSET") && len(key) != len("ENCODING") {
			// TYPE, PREF and the like, told apart cheaply.
			continue
		}
		value = strings.Trim(value, `"`)
		switch {
		case strings.EqualFold(key, "CHARSET") && !strings.EqualFold(value, "UTF-8") && !strings.EqualFold(value, "US-ASCII"):
			charset = value
		case !strings.EqualFold(key, "ENCODING"):
		case strings.EqualFold(value, "QUOTED-PRINTABLE"):
			enc = QuotedPrintable
		case strings.EqualFold(value, "BASE64"), ok && strings.EqualFold(value, "B"):
			enc = Base64
		case strings.EqualFold(value, "7BIT"), strings.EqualFold(value, "8BIT"):
		case ok:
			enc = unknownEncoding
		}
	}
	return enc, charset
}

// vcardEscape returns the byte that a backslash and c stand for in a
// vCard value, and false when they are no escape (the backslash is then
// text).
func vcardEscape(c byte) (byte, bool) {
	for _, e := range vcardEscapes {
		if e[0] == c {
			return e[1], true
		}
	}
	return 0, false
}

// vcardEscapes are vCard's escapes (RFC 6350 §3.4, RFC 2426 §5.8.4):
// the byte after a backslash and the byte it stands for, in the order a
// repair writes them.
var vcardEscapes = [][2]byte{{',', ','}, {';', ';'}, {'\\', '\\'}, {'n', '\n'}, {'N', '\n'}}

// unescapeVCard decodes into out the escapes of the vCard value that
// starts at byte from of line, with a segment at each escape, after each,
// and at each physical line, so that an address after an escape or a fold
// is located where the file holds it.
func unescapeVCard(line *field, from int, out *field) {
	text := line.text
	loc := locator{f: line, cc: charCounter{line: view(text)}}
	out.text, out.segs, out.chars = out.text[:0], out.segs[:0], 0
	start := from // the start of the plain bytes not yet added
	mark := func(i int) {
		out.add(text[start:i])
		start = i
		l, col, char := loc.pos(i)
		out.segs = append(out.segs, seg{len(out.text), out.chars, l, col, char})
	}
	next := 0 // the next physical line of line
	for i := from; i < len(text); i++ {
		for ; next < len(line.segs) && line.segs[next].off <= i; next++ {
			mark(i)
		}
		if text[i] != '\\' || i+1 == len(text) {
			continue
		}
		c, ok := vcardEscape(text[i+1])
		if !ok {
			continue
		}
		mark(i)
		out.text = append(out.text, c)
		out.chars++
		i++
		start = i + 1
		if start < len(text) {
			mark(start)
		}
	}
	out.add(text[start:])
	if len(out.segs) == 0 {
		mark(from)
	}
}

// unescapeVCardString returns the vCard value s with its escapes decoded,
// for a value decoded from an encoding, whose addresses are located at
// its start.
func unescapeVCardString(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			if c, ok := vcardEscape(s[i+1]); ok {
				out = append(out, c)
				i++
				continue
			}
		}
		out = append(out, s[i])
	}
	return string(out)
}

// decodeQuotedPrintable decodes a quoted-printable value whose soft line
// breaks are taken out: "=40" is '@'; an '=' before anything but two
// hexadecimal digits is kept as it is.
func decodeQuotedPrintable(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '=' && i+2 < len(s) {
			if b, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				out = append(out, byte(b))
				i += 2
				continue
			}
		}
		out = append(out, s[i])
	}
	return out
}

// decodeCharset returns s, in the single-byte character set named
// charset (ISO-8859-1, windows-1252, KOI8-R: those of golang.org/x/text's
// charmap, by name or as cp1252), in UTF-8; ok is false when the name is
// not one of them. The multi-byte sets (Shift_JIS, GB2312) are left out:
// their tables (x/text's ianaindex) made the binary 0.7 MB larger, for
// addresses that are ASCII but in the rarest of lists, and ASCII is read
// whatever the charset.
func decodeCharset(s, charset string) (_ string, ok bool) {
	name := charsetKey(charset)
	if digits, ok := strings.CutPrefix(name, "cp"); ok {
		name = "windows" + digits
	}
	for _, enc := range charmap.All {
		if cm, ok := enc.(*charmap.Charmap); ok && charsetKey(cm.String()) == name {
			out, err := cm.NewDecoder().String(s)
			return out, err == nil
		}
	}
	return "", false
}

// charsetKey is a charset's name in lower case without its spaces and
// punctuation, to compare names: "ISO 8859-1" and "iso-8859-1" alike.
func charsetKey(name string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, name)
}

// eachUnfolded calls fn with each unfolded line of a vCard or LDIF input
// (a line that starts with a space continues the one before; see
// unfolder.soft for soft) and its number, until the input ends or the
// handler stops the read.
func eachUnfolded(lr *lineReader, h Handler, soft func(first []byte) bool, fn func(n int, line *field)) error {
	u := &unfolder{lr: lr, h: h, drop: 1, soft: soft}
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
func propertyEnd(text string) int { return unquotedIndex(text, ':') }

// unquotedIndex returns the index of the first c in text outside double
// quotes, or -1 (also when a quote before any is never closed).
func unquotedIndex(text string, c byte) int {
	i := strings.IndexByte(text, c)
	if i < 0 || strings.IndexByte(text[:i], '"') < 0 {
		return i // no quote before it, as is usual
	}
	inQuote := false
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '"':
			inQuote = !inQuote
		case c:
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
	return eachUnfolded(lr, h, nil, func(n int, line *field) {
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
	emitDecoded(string(value), decodedAt(f, from, Base64), h)
}

// decodedAt returns where the addresses of a value in encoding enc, which
// starts at byte from of f and ends with it, are located: at the start of
// the value, opaque, ending on its last line.
func decodedAt(f *field, from int, enc Encoding) Address {
	loc := locator{f: f, cc: charCounter{line: view(f.text)}}
	line, col, char := loc.pos(from)
	at := Address{Line: line, Column: col, Char: char, Encoded: enc, Opaque: true}
	if last := f.segs[len(f.segs)-1].line; last != line {
		at.EndLine = last
	}
	return at
}

// emitDecoded reports the addresses of a list decoded from the input
// (an LDIF base64 value, a vCard quoted-printable one), which is not as
// written there: each is located as at is, at the start of its encoded
// form (see decodedAt).
func emitDecoded(list string, at Address, h Handler) {
	// A line break ends a line of the list, as in emitFrom.
	for part := range strings.FieldsFuncSeq(list, func(r rune) bool { return r == '\r' || r == '\n' }) {
		emitList(part, 0, func(start, end int) {
			at.Text = part[start:end]
			h.Address(at)
		})
	}
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
