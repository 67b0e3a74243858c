package input

import "strings"

// EditFits reports whether replacing the address old, as written in an
// input of format f, with new keeps the input what it was: a CSV field
// without quotes, a JSON string without escapes, an LDIF value that needs
// no base64, a vCard value that needs no escapes, a header without line
// breaks. Where it does not, a fix would have to quote or encode, which
// rcptlint leaves to a person (see Escaping).
func EditFits(f Format, old, new string) bool {
	unsafe := ""
	switch f {
	case Text:
		return true
	case CSV, TSV:
		return !strings.ContainsAny(new, "\",;\t\r\n")
	case VCard:
		unsafe = ",;\\\r\n"
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
		return "vCard escaping"
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
