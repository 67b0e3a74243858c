// Package address parses and validates email recipient addresses: the
// addr-spec of RFC 5321 and RFC 5322, with the internationalized local parts
// of RFC 6531 and IDNA domains, and the address lists of RFC 5322 headers
// ("Jane Doe <jane@example.com>, bob@example.org").
//
// Validation is split in two so that callers checking many addresses can
// cache the domain half: CheckLocal looks at the local part of one address,
// CheckDomain at a domain, and Parse does both.
package address

import (
	"fmt"
	"strings"
)

// Limits from RFC 5321 section 4.5.3.1 and its errata.
const (
	MaxLocalLen   = 64
	MaxDomainLen  = 255
	MaxAddressLen = 254
	MaxLabelLen   = 63
)

// Address is one mailbox as written, split at its '@'.
type Address struct {
	// Local is the local part as written, with its quotes if it is quoted.
	Local string
	// Domain is the domain as written, with its brackets if it is a literal.
	Domain string
}

// String returns the address as written.
func (a Address) String() string { return a.Local + "@" + a.Domain }

// IsLiteral reports whether the domain is an address literal like [192.0.2.1].
func (a Address) IsLiteral() bool { return strings.HasPrefix(a.Domain, "[") }

// SyntaxError says why an address is not a mailbox a mail server would accept.
type SyntaxError struct {
	// Offset is the byte offset of the offending character in the text that
	// was checked, or -1 when the problem is not at one character.
	Offset int
	// Msg says what is wrong, in lower case, without trailing punctuation.
	Msg string
}

func (e *SyntaxError) Error() string {
	if e.Offset < 0 {
		return e.Msg
	}
	return fmt.Sprintf("%s (byte %d)", e.Msg, e.Offset+1)
}

// shift moves the error's offset by n, for errors found in a part of the
// address.
func (e *SyntaxError) shift(n int) *SyntaxError {
	if e != nil && e.Offset >= 0 {
		e.Offset += n
	}
	return e
}

func errAt(off int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

// Parse splits s at its '@' and validates both halves. The returned
// SyntaxError, if any, locates the first problem in s.
func Parse(s string) (Address, *SyntaxError) {
	a, err := Split(s)
	if err != nil {
		return a, err
	}
	if err := CheckLocal(a.Local); err != nil {
		return a, err
	}
	if _, err := CheckDomain(a.Domain); err != nil {
		return a, err.shift(len(a.Local) + 1)
	}
	if len(s) > MaxAddressLen {
		return a, errAt(-1, "address is %d octets long; the limit is %d", len(s), MaxAddressLen)
	}
	return a, nil
}

// Split splits s into local part and domain at the '@' that separates them:
// the one after a quoted local part, else the last one. It fails only when
// there is no such '@'.
func Split(s string) (Address, *SyntaxError) {
	if s == "" {
		return Address{}, errAt(-1, "address is empty")
	}
	at := -1
	if s[0] == '"' {
		if end := quotedEnd(s); end > 0 && end < len(s) && s[end] == '@' {
			at = end
		}
	}
	if at < 0 {
		at = strings.LastIndexByte(s, '@')
	}
	if at < 0 {
		if i := strings.IndexAny(s, "＠﹫"); i >= 0 {
			return Address{}, errAt(i, "address has a look-alike of '@' but no '@'")
		}
		return Address{}, errAt(-1, "address has no '@'")
	}
	return Address{Local: s[:at], Domain: s[at+1:]}, nil
}

// SplitPlain splits s when it is a plain address: one '@', after an ASCII
// dot-atom local part of at most MaxLocalLen octets that CheckLocal would
// accept, and no angle bracket. Nearly every address in a real list is
// plain, and one pass over it settles what Split and CheckLocal would
// take several to find; ok is false for any other s, which those then
// examine.
func SplitPlain(s string) (a Address, ok bool) {
	at, ok := plainAt(s)
	if !ok {
		return Address{}, false
	}
	for i := at + 1; i < len(s); i++ {
		if notPlainDomain[s[i]] {
			return Address{}, false
		}
	}
	return Address{Local: s[:at], Domain: s[at+1:]}, true
}

// plainAt returns the index of the '@' after the plain local part s starts
// with: an ASCII dot-atom of 1 to MaxLocalLen octets. ok is false when s
// starts otherwise; at is then where the scan stopped.
func plainAt(s string) (at int, ok bool) {
	for ; at < len(s); at++ {
		c := s[at]
		if plainLocal[c] {
			continue
		}
		if c != '.' {
			break
		}
		if at == 0 || s[at-1] == '.' {
			return at, false
		}
	}
	if at == len(s) || s[at] != '@' || at == 0 || s[at-1] == '.' || at > MaxLocalLen {
		return at, false
	}
	return at, true
}

// plainLocal marks atext; notPlainDomain marks the bytes SplitPlain does not
// take in a domain.
var plainLocal, notPlainDomain = func() (local, domain [256]bool) {
	copy(local[:], atext[:])
	domain['@'], domain['<'], domain['>'] = true, true, true
	return local, domain
}()

// quotedEnd returns the index just past the closing quote of the quoted
// string that starts s, or -1 when it is not closed.
func quotedEnd[T string | []byte](s T) int {
	for i := 1; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return -1
}
