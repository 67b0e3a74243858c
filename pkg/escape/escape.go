// Package escape makes untrusted text safe to show: control characters,
// bidirectional overrides, invisible code points and invalid UTF-8 are
// written as Go-style escapes (\x1b, \u202e) so that an address read from a
// stranger's file can neither drive a terminal nor hide what it is.
package escape

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// String returns s with every unsafe character escaped. Printable text,
// including letters of every script, is returned unchanged.
func String(s string) string {
	if IsSafe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	Append(&b, s)
	return b.String()
}

// Append writes s to b with every unsafe character escaped.
func Append(b *strings.Builder, s string) {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			b.WriteByte(c)
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteString(`\x`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		case r < 0x80:
			b.WriteString(`\x`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xf])
		case Unsafe(r):
			b.WriteString(`\u`)
			if r > 0xffff {
				b.WriteString(`{`)
				writeHex(b, r)
				b.WriteString(`}`)
			} else {
				for shift := 12; shift >= 0; shift -= 4 {
					b.WriteByte(hex[(r>>uint(shift))&0xf])
				}
			}
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
}

func writeHex(b *strings.Builder, r rune) {
	const hex = "0123456789abcdef"
	var buf [8]byte
	n := len(buf)
	for r > 0 {
		n--
		buf[n] = hex[r&0xf]
		r >>= 4
	}
	b.Write(buf[n:])
}

// IsSafe reports whether s can be shown as it is.
func IsSafe(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < 0x7f {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size <= 1) || r < 0x80 || Unsafe(r) {
			return false
		}
		i += size
	}
	return true
}

// Unsafe reports whether the non-ASCII rune r must not be shown raw: C1
// controls, format characters (bidirectional marks and overrides, zero-width
// joiners, the byte-order mark), line and paragraph separators, private-use
// and unassigned code points, and anything else that is not printable.
func Unsafe(r rune) bool {
	if r < 0x80 {
		return r < 0x20 || r == 0x7f
	}
	if r < 0xa0 {
		return true
	}
	if unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.Zl, r) || unicode.Is(unicode.Zp, r) {
		return true
	}
	return !unicode.IsPrint(r)
}

// AppendBytes appends s to b with every unsafe character escaped.
func AppendBytes(b []byte, s string) []byte {
	if IsSafe(s) {
		return append(b, s...)
	}
	return append(b, String(s)...)
}
