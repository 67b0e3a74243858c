package rules

import (
	"fmt"
	"strings"

	"github.com/agext/levenshtein"
	"golang.org/x/net/idna"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/homoglyph"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// Lookalike reports domains that render like a trusted or well-known
// domain, and labels that mix scripts.
type Lookalike struct{ env *Env }

// Doc documents the lookalike rule.
func (Lookalike) Doc() lint.Doc {
	return lint.Doc{
		ID:       "lookalike",
		Summary:  "The domain renders like a trusted or well-known one, or mixes scripts",
		Severity: lint.Error,
		Explanation: `Reports a domain that looks like a trusted or well-known domain without being
it, and a label that mixes scripts.

- Unicode confusables: the domain's Unicode skeleton (Unicode TR39, data of
  Unicode ` + homoglyph.ConfusablesVersion + ` from github.com/mtibben/confusables) equals
  the skeleton of a trusted or well-known domain: gmаil.com with a Cyrillic
  а, gmaıl.com with a dotless ı, Greek ο for o. The domain may be written in
  Unicode or as punycode (xn--gmil-63d.com).
- ASCII look-alikes: rn for m, 0 for o, 1 for l, vv for w, cl for d
  (hotrnail.com, yah00.com, 1ive.com, vvanadoo.fr; g00gle.com when
  google.com is trusted).
- Mixed scripts: a label mixing Latin with Cyrillic or Greek (or any mix no
  single writing system uses; Japanese, Chinese and Korean mixes with Latin
  are allowed, as UTS #39's highly restrictive level does) is reported even
  when it imitates nothing known, with the Latin spelling suggested when
  every foreign letter has a Latin twin. When that spelling has a slip of
  its own that another domain rule corrects (gmаil.con, gmаil.cm,
  gmаiil.com), the suggestion is the ASCII domain imitated (gmail.com),
  never a punycode form of the domain written, and the finding is an error
  when that domain is trusted or well-known.

The message shows the domain as written and as punycode and names each
character that differs. It is an error when a trusted or well-known domain
is imitated, a warning for a mixed-script label alone. Legitimate
single-script internationalized domains (müller.de, 例子.中国, пример.рф) are
not reported.

A look-alike made of ASCII (rnicrosoft) is also an edit or two away from the
name it imitates; this rule reports it and domain-typo stays silent, so each
slip is reported once. One only in a top-level domain that does not exist is
left to unknown-tld when a slip of the TLD makes another trusted or
well-known domain: hotmail.d is hotmail.de cut short, not hotmail.cl.`,
		Examples: []lint.Example{
			{Address: "jane@gmаil.com", Finding: "gmаil.com (xn--gmil-63d.com) looks like gmail.com: 'а' is CYRILLIC SMALL LETTER A"},
			{Address: "jane@xn--gmil-63d.com", Finding: "the same, written as punycode"},
			{Address: "jane@grnail.com", Finding: "looks like gmail.com: 'rn' for 'm'"},
			{Address: "jane@pаypal-secure.com", Finding: "label mixes Latin and Cyrillic (warning)"},
			{Address: "jörg@müller.de"},
			{Address: "info@пример.рф"},
		},
		FalsePositives: `A legitimate brand that mixes scripts on purpose is reported; allow it in
.rcptlint.yaml.`,
		Fixable: true,
	}
}

// CheckDomain reports a look-alike of a known domain or a mixed-script
// label.
func (r Lookalike) CheckDomain(f *domain.Facts) []lint.Issue {
	if r.env.Legit(f.Name) {
		return nil
	}
	if is, ok := r.imitation(f); ok {
		return []lint.Issue{is}
	}
	return r.mixedScript(f)
}

// imitation finds the trusted or well-known domain that f renders like:
// its registrable part, or the whole name (a trusted mod.gov.uk), as
// written when it mixes cases (aoI.com with a capital I), else in Unicode.
func (r Lookalike) imitation(f *domain.Facts) (lint.Issue, bool) {
	reg := writtenRegistrable(f)
	target, ok := r.env.lookalike(homoglyph.Key(reg))
	suggestion := withRegistrable(f, target)
	if !ok || target == f.Registrable {
		target, ok = r.env.lookalike(homoglyph.Key(f.Unicode))
		suggestion, reg = target, f.Unicode
		if !ok || target == f.Name {
			return lint.Issue{}, false
		}
	}
	if r.slipExplains(f, suggestion) {
		return lint.Issue{}, false
	}
	what := "the well-known mail domain"
	sev := lint.Error
	if r.env.IsTrusted(target) {
		what = "the trusted domain"
	}
	msg := fmt.Sprintf("%s looks like %s %s: %s", writtenBoth(f), what, displayName(target), differences(reg, unicodeName(target)))
	if !f.KnownTLD {
		msg += fmt.Sprintf(", and '.%s' is not a top-level domain", f.TLD)
	}
	return lint.Issue{Message: msg, Suggestion: suggestion, Severity: sev}, true
}

// slipExplains reports whether the look-alike suggestion of f, differing
// from it only in a top-level domain that does not exist and is written in
// ASCII letters, is better explained by unknown-tld's slip toward another
// trusted or well-known domain: hotmail.d is hotmail.de cut short, not
// hotmail.cl with 'd' for 'cl'. The look-alike stands where the slip
// leads to the same domain (hotmail.corn) or to none.
func (r Lookalike) slipExplains(f *domain.Facts, suggestion string) bool {
	base := strings.TrimSuffix(f.Name, f.TLD)
	if f.KnownTLD || !asciiLetters(f.TLD) || !strings.HasPrefix(suggestion, base) || strings.Contains(suggestion[len(base):], ".") {
		return false
	}
	for _, is := range UnknownTLD(r).CheckDomain(f) {
		if is.Suggestion != "" && is.Suggestion != suggestion && r.env.Named(is.Suggestion) {
			return true
		}
	}
	return false
}

// mixedScript reports the first label of f that mixes scripts.
func (r Lookalike) mixedScript(f *domain.Facts) []lint.Issue {
	if isASCII(f.Unicode) {
		return nil // ASCII letters are all Latin: no label can mix scripts
	}
	labels := strings.Split(f.Unicode, ".")
	for i, label := range labels {
		mixed, scripts := homoglyph.Mixed(label)
		if !mixed {
			continue
		}
		script, fixed, ok := meantScript(label, scripts)
		// A label mixing scripts alone is a warning; one imitating a
		// domain people use, an error (below).
		is := lint.Issue{Message: fmt.Sprintf("%s: label %q mixes %s letters: %s",
			writtenBoth(f), label, strings.Join(scripts, " and "), foreignLetters(label, script)), Severity: lint.Warning}
		if ok {
			labels[i] = fixed
			if a, err := idna.Lookup.ToASCII(strings.Join(labels, ".")); err == nil && a != f.Name {
				is.Suggestion, is.Message, is.Unsure = r.asLatin(a, is.Message)
				if r.env.IsTrusted(is.Suggestion) || r.env.IsWellKnown(is.Suggestion) {
					is.Severity = lint.Error // it imitates a domain people use
				}
			}
		}
		if !f.KnownTLD && is.Suggestion == "" {
			// Said once: a correction of the Latin spelling says it too.
			is.Message += fmt.Sprintf(", and '.%s' is not a top-level domain", f.TLD)
		}
		return []lint.Issue{is}
	}
	return nil
}

// asLatin returns the suggestion for a mixed-script domain whose foreign
// letters were written in Latin as latin, and the message saying why: the
// domain the other domain rules suggest for latin when they find a slip in
// it (gmаil.con is gmail.com, not the punycode xn--gmil-63d.com), else
// latin itself when its top-level domain exists, else none. A suggestion
// the other rule is unsure of stays unsure (gmаil.fe: gmail.de, or
// gmail.fr?).
func (r Lookalike) asLatin(latin, msg string) (string, string, bool) {
	lf := domain.Analyze(latin)
	if !lf.Valid() {
		return "", msg, false
	}
	for _, rule := range []lint.DomainRule{UnknownTLD(r), TLDTypo(r), DomainTypo(r)} {
		for _, is := range rule.CheckDomain(lf) {
			if is.Suggestion != "" {
				return is.Suggestion, msg + "; in Latin letters, " + is.Message, is.Unsure
			}
		}
	}
	if !lf.KnownTLD {
		return "", msg, false
	}
	return latin, msg, false
}

// meantScript guesses the script a mixed label was meant in: Latin when
// every other letter has a Latin twin (domains are mostly Latin, and a
// Latin look-alike is the usual trick), else the script of most letters.
// It returns the label rewritten in that script when that is possible.
func meantScript(label string, scripts []string) (string, string, bool) {
	for _, s := range scripts {
		if s == "Latin" {
			if fixed, ok := homoglyph.Latinize(label, s); ok {
				return s, fixed, true
			}
		}
	}
	major := homoglyph.Majority(label)
	fixed, ok := homoglyph.Latinize(label, major)
	return major, fixed, ok
}

// writtenRegistrable returns the registrable part of f as the user wrote
// it when its case is mixed, so that a capital I standing for l is seen;
// otherwise in Unicode, lower case.
func writtenRegistrable(f *domain.Facts) string {
	w := f.Written
	if strings.ToLower(w) == w || strings.ToUpper(w) == w {
		return unicodeName(f.Registrable)
	}
	labels := strings.Split(w, ".")
	n := strings.Count(f.Registrable, ".") + 1
	if len(labels) != strings.Count(f.Name, ".")+1 || n > len(labels) {
		return unicodeName(f.Registrable)
	}
	return strings.Join(labels[len(labels)-n:], ".")
}

// writtenBoth shows a domain as written and, when it differs, as punycode.
func writtenBoth(f *domain.Facts) string {
	if f.Unicode != f.Name {
		return fmt.Sprintf("%s (%s)", f.Unicode, f.Name)
	}
	return f.Name
}

func unicodeName(ascii string) string {
	if plainLowerASCII(ascii) {
		return ascii // no punycode to decode, nothing to map
	}
	if u, err := idna.Display.ToUnicode(ascii); err == nil {
		return u
	}
	return ascii
}

// isASCII reports whether s is ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// plainLowerASCII reports whether s holds only lower-case letters, digits,
// hyphens and dots, and no punycode label: a name ToUnicode leaves as it
// is.
func plainLowerASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.') {
			return false
		}
	}
	return !strings.Contains(s, "xn--")
}

// differences names what differs between a look-alike and its original:
// each non-ASCII character by its Unicode name, ASCII stand-ins as
// "'rn' for 'm'".
func differences(typed, meant string) string {
	// What differs is what is left between the longest common prefix
	// and suffix, which agext/levenshtein measures along with the edit
	// distance (a finding's message: the distance's cost does not count).
	a, b := []rune(typed), []rune(meant)
	_, p, s := levenshtein.Calculate(a, b, 0, 1, 1, 1)
	mid, orig := string(a[p:len(a)-s]), string(b[p:len(b)-s])
	var parts []string
	for _, c := range mid {
		if c >= 0x80 {
			parts = append(parts, fmt.Sprintf("'%c' is %s", c, homoglyph.Name(c)))
		}
	}
	if len(parts) == 0 {
		return fmt.Sprintf("'%s' for '%s'", mid, orig)
	}
	return strings.Join(parts, ", ")
}

// foreignLetters names the letters of label outside its main script.
func foreignLetters(label, major string) string {
	var parts []string
	seen := map[rune]bool{}
	for _, c := range label {
		if s := homoglyph.Script(c); s != "" && s != major && !seen[c] {
			seen[c] = true
			parts = append(parts, fmt.Sprintf("'%c' is %s", c, homoglyph.Name(c)))
		}
	}
	return strings.Join(parts, ", ")
}
