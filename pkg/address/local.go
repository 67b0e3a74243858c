package address

import (
	"unicode"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/escape"
)

// atext marks the ASCII characters RFC 5322 allows in a dot-atom.
var atext = func() (t [128]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for _, c := range "!#$%&'*+-/=?^_`{|}~" {
		t[c] = true
	}
	return t
}()

// CheckLocal validates a local part: a dot-atom or a quoted string, with
// UTF-8 allowed as RFC 6531 does, at most 64 octets. Offsets in the error
// are into local.
func CheckLocal(local string) *SyntaxError {
	if local == "" {
		return errAt(0, "local part is empty")
	}
	if local[0] == '"' {
		if err := checkQuoted(local); err != nil {
			return err
		}
	} else if err := checkDotAtom(local); err != nil {
		return err
	}
	if len(local) > MaxLocalLen {
		return errAt(-1, "local part is %d octets long; the limit is %d", len(local), MaxLocalLen)
	}
	return nil
}

func checkDotAtom(local string) *SyntaxError {
	for i := 0; i < len(local); {
		c := local[i]
		switch {
		case c == '.':
			switch {
			case i == 0:
				return errAt(i, "local part starts with a dot")
			case local[i-1] == '.':
				return errAt(i, "local part has two dots in a row")
			case i == len(local)-1:
				return errAt(i, "local part ends with a dot")
			}
			i++
		case c < utf8.RuneSelf && atext[c]:
			i++
		case c < utf8.RuneSelf:
			return errAt(i, "local part contains %s%s", describeByte(c), quoteHint(c))
		default:
			r, size := utf8.DecodeRuneInString(local[i:])
			if err := checkUTF8Rune(r, size, i, "local part"); err != nil {
				return err
			}
			i += size
		}
	}
	return nil
}

func checkQuoted(local string) *SyntaxError {
	end := quotedEnd(local)
	if end < 0 {
		return errAt(0, "local part has an opening quote but no closing quote")
	}
	if end != len(local) {
		return errAt(end, "local part continues after its closing quote")
	}
	if end == 2 {
		return errAt(0, "quoted local part is empty")
	}
	for i := 1; i < end-1; {
		c := local[i]
		switch {
		case c == '\\':
			if i+1 >= end-1 || local[i+1] < ' ' || local[i+1] > '~' {
				return errAt(i, "quoted local part has a backslash that escapes nothing printable")
			}
			i += 2
		case c >= ' ' && c <= '~':
			i++
		case c < utf8.RuneSelf:
			return errAt(i, "quoted local part contains %s", describeByte(c))
		default:
			r, size := utf8.DecodeRuneInString(local[i:])
			if err := checkUTF8Rune(r, size, i, "quoted local part"); err != nil {
				return err
			}
			i += size
		}
	}
	return nil
}

// checkUTF8Rune rejects invalid UTF-8 and code points that are invisible or
// control a terminal: RFC 6531 allows any UTF-8, but no mailbox a person
// types contains a bidirectional override or a zero-width joiner.
func checkUTF8Rune(r rune, size, off int, part string) *SyntaxError {
	if r == utf8.RuneError && size <= 1 {
		return errAt(off, "%s is not valid UTF-8", part)
	}
	if unicode.IsSpace(r) {
		return errAt(off, "%s contains a space character %s", part, escape.String(string(r)))
	}
	if escape.Unsafe(r) {
		return errAt(off, "%s contains the invisible or control character %s", part, escape.String(string(r)))
	}
	return nil
}

func describeByte(c byte) string {
	switch {
	case c == ' ':
		return "a space"
	case c == '\t':
		return "a tab"
	case c < ' ' || c == 0x7f:
		return "the control character " + escape.String(string(rune(c)))
	default:
		return "'" + string(rune(c)) + "'"
	}
}

// quoteHint explains that a special character is allowed only when quoted.
func quoteHint(c byte) string {
	switch c {
	case '(', ')', ',', ':', ';', '<', '>', '@', '[', ']', '\\', '"':
		return " (allowed only in a quoted local part)"
	}
	return ""
}
