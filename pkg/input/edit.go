package input

import (
	"slices"
	"strings"
)

// EditFits reports whether replacing the address old, as read from an
// input of format f, with new keeps the input what it was: a CSV field
// without quotes, a JSON string without escapes, an LDIF value that needs
// no base64, a vCard value without a carriage return (its other special
// characters are escaped: see Escapes), a header without line breaks.
// Where it does not, a fix would have to quote or encode, which rcptlint
// leaves to a person (see Escaping).
func EditFits(f Format, old, new string) bool {
	unsafe := ""
	switch f {
	case Text:
		return true
	case CSV, TSV:
		return !strings.ContainsAny(new, "\",;\t\r\n")
	case VCard:
		return !strings.ContainsRune(new, '\r')
	case LDIF:
		if startsLDIFUnsafe(old) || startsLDIFUnsafe(new) || !isASCII(old) || !isASCII(new) {
			return false
		}
		unsafe = "\x00\r\n"
	case Mail:
		unsafe = ",;<>()\"\r\n"
	case JSON:
		return !strings.ContainsFunc(old+new, func(r rune) bool { return r == '"' || r == '\\' || r < 0x20 })
	}
	return !strings.ContainsAny(old, unsafe) && !strings.ContainsAny(new, unsafe)
}

// Escaping names what a fix that does not fit an input of format f would
// need, for a message.
func Escaping(f Format) string {
	switch f {
	case CSV, TSV:
		return "CSV quoting"
	case VCard:
		return "a carriage return, which a vCard value cannot hold"
	case LDIF:
		return "LDIF base64 encoding"
	case Mail:
		return "quoting in the header"
	case JSON:
		return "JSON escaping"
	}
	return "quoting"
}

// startsLDIFUnsafe reports a value LDIF must write in base64 for its
// start: a space, a colon or a '<'.
func startsLDIFUnsafe(s string) bool {
	return s != "" && (s[0] == ' ' || s[0] == ':' || s[0] == '<')
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Folds reports whether format f folds its long lines (vCard, LDIF): a
// line break and a space or a tab continue a line, and are no part of
// the value.
func Folds(f Format) bool { return f == VCard || f == LDIF }

// Escapes returns the backslash escapes of the values of format f, each
// the byte written after the backslash and the byte it stands for, in the
// order a repair writes them; nil when its values have none.
func Escapes(f Format) [][2]byte {
	if f == VCard {
		return slices.Clone(vcardEscapes)
	}
	return nil
}
