package address

import (
	"net/netip"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/rcptlint/rcptlint/pkg/escape"
)

// CheckDomain validates the domain of an address and returns it in ASCII
// (A-labels, lower case). An address literal ([192.0.2.1], [IPv6:...]) is
// valid and returns "". Offsets in the error are into domain.
func CheckDomain(domain string) (ascii string, err *SyntaxError) {
	if domain == "" {
		return "", errAt(0, "domain is empty")
	}
	if domain[0] == '[' {
		return "", checkLiteral(domain)
	}
	if err := checkDomainChars(domain); err != nil {
		return "", err
	}
	ascii = strings.ToLower(domain)
	if !isASCII(domain) || strings.Contains(ascii, "xn--") {
		var ierr error
		ascii, ierr = idna.Lookup.ToASCII(domain)
		if ierr != nil {
			return "", idnaError(domain, ierr)
		}
	}
	if err := checkLabels(domain, ascii); err != nil {
		return "", err
	}
	if len(ascii) > MaxDomainLen {
		return "", errAt(-1, "domain is %d octets long; the limit is %d", len(ascii), MaxDomainLen)
	}
	return ascii, nil
}

// checkDomainChars finds the characters no domain may hold, whatever its
// script, and empty labels; it points at the first one.
func checkDomainChars(domain string) *SyntaxError {
	for i := 0; i < len(domain); {
		c := domain[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(domain[i:])
			if err := checkUTF8Rune(r, size, i, "domain"); err != nil {
				return err
			}
			i += size
			continue
		}
		switch {
		case c == '.':
			switch {
			case i == 0:
				return errAt(i, "domain starts with a dot")
			case domain[i-1] == '.':
				return errAt(i, "domain has two dots in a row")
			case i == len(domain)-1:
				return errAt(i, "domain ends with a dot")
			}
		case c == '-' || isAlnum(c):
		case c == '_':
			return errAt(i, "domain label %q contains '_', which host names may not", labelAt(domain, i))
		default:
			return errAt(i, "domain contains %s", describeByte(c))
		}
		i++
	}
	return nil
}

// checkLabels checks each label's length and hyphens and the whole name's
// shape. written and ascii have the same labels, in two spellings; offsets
// point into written.
func checkLabels(written, ascii string) *SyntaxError {
	if labelsFine(ascii) {
		return nil
	}
	return labelError(written, ascii)
}

// labelError says what is wrong with the labels of ascii, and where in
// written; nil when nothing is.
func labelError(written, ascii string) *SyntaxError {
	labels := strings.Split(ascii, ".")
	if len(labels) < 2 {
		return errAt(-1, "domain %q has only one label; a public address needs a domain like example.com", escape.String(written))
	}
	starts := labelStarts(written)
	for i, l := range labels {
		off := -1
		if len(starts) == len(labels) {
			off = starts[i]
		}
		switch {
		case l == "":
			// Only a mapped character can get here: "｡" becomes a dot.
			return errAt(-1, "domain %q has an empty label", escape.String(written))
		case len(l) > MaxLabelLen:
			return errAt(off, "domain label %q is %d octets long; the limit is %d", escape.String(l), len(l), MaxLabelLen)
		case l[0] == '-':
			return errAt(off, "domain label %q starts with a hyphen", escape.String(l))
		case l[len(l)-1] == '-':
			if off >= 0 {
				off += len(writtenLabel(written, off)) - 1
			}
			return errAt(off, "domain label %q ends with a hyphen", escape.String(l))
		case len(l) >= 4 && l[2:4] == "--" && !strings.HasPrefix(l, "xn--"):
			return errAt(off+2, "domain label %q has hyphens in the third and fourth places, which are reserved for encoded names", escape.String(l))
		}
	}
	tld := labels[len(labels)-1]
	if allDigits(tld) {
		if _, err := netip.ParseAddr(ascii); err == nil {
			return errAt(-1, "domain is an IP address; write it as an address literal, like [%s]", ascii)
		}
		return errAt(-1, "top-level domain %q is all digits", tld)
	}
	return nil
}

func checkLiteral(domain string) *SyntaxError {
	end := strings.IndexByte(domain, ']')
	if end < 0 {
		return errAt(0, "address literal has no closing ']'")
	}
	if end != len(domain)-1 {
		return errAt(end+1, "domain continues after the address literal")
	}
	inner := domain[1:end]
	if v6, ok := strings.CutPrefix(inner, "IPv6:"); ok || strings.HasPrefix(strings.ToLower(inner), "ipv6:") {
		if !ok {
			v6 = inner[5:]
		}
		if a, err := netip.ParseAddr(v6); err != nil || !a.Is6() || a.Zone() != "" {
			return errAt(6, "address literal %q is not an IPv6 address", escape.String(v6))
		}
		return nil
	}
	if a, err := netip.ParseAddr(inner); err == nil && a.Is4() {
		return nil
	}
	if strings.Contains(inner, ":") {
		return errAt(1, "address literal %q has an unknown tag; IPv6 addresses are written [IPv6:...]", escape.String(inner))
	}
	return errAt(1, "address literal %q is not an IPv4 address", escape.String(inner))
}

// idnaError turns an IDNA conversion failure into a message that says which
// character or label is at fault.
func idnaError(domain string, err error) *SyntaxError {
	// x/net/idna reports "idna: disallowed rune U+XXXX" and similar; keep the
	// substance and say it is about the internationalized name.
	msg := strings.TrimPrefix(err.Error(), "idna: ")
	return errAt(-1, "domain %q is not a valid internationalized domain name: %s", escape.String(domain), msg)
}

// labelsFine reports, without allocating, whether checkLabels finds
// nothing wrong with ascii: what nearly every domain gets, so that only
// a faulty one is split up to say where it is wrong.
func labelsFine(ascii string) bool {
	n := 0
	for rest := ascii; ; n++ {
		l, more, found := strings.Cut(rest, ".")
		switch {
		case l == "", len(l) > MaxLabelLen, l[0] == '-', l[len(l)-1] == '-',
			len(l) >= 4 && l[2:4] == "--" && !strings.HasPrefix(l, "xn--"):
			return false
		case !found:
			return n >= 1 && !allDigits(l)
		}
		rest = more
	}
}

func labelStarts(s string) []int {
	starts := []int{0}
	for i := 0; i < len(s); i++ {
		if s[i] == '.' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

func writtenLabel(s string, start int) string {
	if start < 0 || start > len(s) {
		return ""
	}
	if end := strings.IndexByte(s[start:], '.'); end >= 0 {
		return s[start : start+end]
	}
	return s[start:]
}

func labelAt(s string, i int) string {
	start := strings.LastIndexByte(s[:i], '.') + 1
	return escape.String(writtenLabel(s, start))
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
