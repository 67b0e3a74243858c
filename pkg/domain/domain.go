// Package domain computes the facts about a recipient domain that every
// domain rule shares: its ASCII form, public suffix, registrable domain and
// whether its top-level domain exists. It wraps golang.org/x/net/publicsuffix
// and avoids that package's traps: it is case-sensitive, knows only
// A-labels, fails on a trailing dot, silently falls back to the "*" rule for
// unknown TLDs, and misreports the eight wildcard ccTLDs when asked about
// them bare.
package domain

import (
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"

	"github.com/rcptlint/rcptlint/pkg/address"
)

// Facts describes one domain as the rules see it.
type Facts struct {
	// Written is the domain as written after the '@'.
	Written string
	// Err is set when the domain is not a valid mail domain; no other field
	// but Written is then meaningful.
	Err *address.SyntaxError
	// Literal is true for an address literal like [192.0.2.1].
	Literal bool

	// Name is the domain in ASCII: lower case, A-labels.
	Name string
	// Unicode is the domain with U-labels, for display; equal to Name when
	// the domain has no internationalized label.
	Unicode string
	// TLD is the last label of Name.
	TLD string
	// KnownTLD reports whether TLD is in the ICANN section of the public
	// suffix list.
	KnownTLD bool
	// Suffix is the ICANN public suffix of Name (private entries such as
	// blogspot.com are ignored), or TLD when the TLD is unknown.
	Suffix string
	// Registrable is the suffix plus one label (eTLD+1). Under a wildcard
	// rule, where the domain itself is a public suffix, it is Name.
	Registrable string
	// Label is the leftmost label of Registrable: "gmail" in mail.gmail.com.
	Label string
	// Mail is what DNS says of the domain's mail, when the run gathers DNS
	// evidence (--dns); nil otherwise, and for a lookup cut short.
	Mail *Mail
}

// Valid reports whether the domain is a well-formed host name that domain
// rules can judge: not malformed and not an address literal.
func (f *Facts) Valid() bool { return f.Err == nil && !f.Literal }

// Sub returns the labels of Name left of Registrable, without the
// trailing dot: "mail" in mail.gmail.com, "" in gmail.com.
func (f *Facts) Sub() string {
	if len(f.Name) <= len(f.Registrable) {
		return ""
	}
	return f.Name[:len(f.Name)-len(f.Registrable)-1]
}

// Analyze computes the facts of the domain written after an '@'.
func Analyze(written string) *Facts {
	f := &Facts{Written: written}
	ascii, err := address.CheckDomain(written)
	switch {
	case err != nil:
		f.Err = err
		return f
	case ascii == "":
		f.Literal = true
		return f
	}
	f.Name = ascii
	f.Unicode = ascii
	if strings.Contains(ascii, "xn--") {
		if u, err := idna.Display.ToUnicode(ascii); err == nil {
			f.Unicode = u
		}
	}
	f.TLD = ascii[strings.LastIndexByte(ascii, '.')+1:]
	f.KnownTLD = IsKnownTLD(f.TLD)
	if !f.KnownTLD {
		f.Suffix = f.TLD
	} else {
		f.Suffix = icannSuffix(ascii)
	}
	f.Registrable = registrable(ascii, f.Suffix)
	f.Label = f.Registrable
	if dot := strings.IndexByte(f.Registrable, '.'); dot >= 0 {
		f.Label = f.Registrable[:dot]
	}
	return f
}

// IsKnownTLD reports whether tld (ASCII, lower case) is a top-level domain
// in the ICANN section of the embedded public suffix list. Asking about the
// bare TLD would misreport the wildcard ccTLDs (ck, er, fk, jm, kh, mm, np,
// pg), so it asks about a name under it.
func IsKnownTLD(tld string) bool {
	if tld == "" || strings.IndexByte(tld, '.') >= 0 {
		return false
	}
	if known, ok := knownTLDs.Load(tld); ok {
		return known.(bool)
	}
	ps, icann := publicsuffix.PublicSuffix("x." + tld)
	known := icann && (ps == tld || strings.HasSuffix(ps, "."+tld))
	if knownTLDsN.Load() < maxKnownTLDs {
		knownTLDsN.Add(1)
		knownTLDs.Store(strings.Clone(tld), known)
	}
	return known
}

// knownTLDs remembers IsKnownTLD's answers, which every domain asks
// (a lookup in the suffix list costs ten times as much); at most
// maxKnownTLDs of them, so that a list of made-up TLDs cannot fill memory.
var (
	knownTLDs  sync.Map
	knownTLDsN atomic.Int64
)

const maxKnownTLDs = 4096

// IsPublicSuffix reports whether name (ASCII, lower case) is itself an ICANN
// public suffix such as "co.uk" or "com".
func IsPublicSuffix(name string) bool {
	ps, icann := publicsuffix.PublicSuffix("x." + name)
	return icann && ps == name || IsKnownTLD(name)
}

// icannSuffix returns the longest ICANN public suffix of name. When the
// list's answer is a private suffix (blogspot.com, uk.com), it walks up to
// the ICANN suffix that holds it.
func icannSuffix(name string) string {
	ps, icann := publicsuffix.PublicSuffix(name)
	for !icann {
		dot := strings.IndexByte(ps, '.')
		if dot < 0 {
			return ps
		}
		parent := ps[dot+1:]
		ps, icann = publicsuffix.PublicSuffix("x." + parent)
		if ps != parent && !strings.HasSuffix(parent, "."+ps) {
			ps = parent
		}
	}
	return ps
}

// RegistrableOf returns suffix plus one label of name (which ends in
// suffix), or name itself when name is no longer than its suffix.
func RegistrableOf(name, suffix string) string { return registrable(name, suffix) }

// registrable returns suffix plus one label of name, or name itself when
// name is no longer than its suffix (a wildcard rule such as *.ck).
func registrable(name, suffix string) string {
	if len(name) <= len(suffix) {
		return name
	}
	rest := name[:len(name)-len(suffix)-1]
	return name[strings.LastIndexByte(rest, '.')+1:]
}

// PSLVersion names the public suffix list snapshot built into rcptlint.
func PSLVersion() string { return publicsuffix.List.String() }
