// Package homoglyph tells when a domain renders like another: Unicode
// confusables (UTS #39 skeletons: Cyrillic а for Latin a, dotless ı, Greek
// ο), ASCII look-alikes (rn for m, 0 for o, 1 for l, vv for w, cl for d),
// and labels that mix scripts.
package homoglyph

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
	"golang.org/x/text/unicode/runenames"
)

// ConfusablesVersion is the Unicode version of the confusables data used
// (github.com/mtibben/confusables carries confusables.txt 13.0.0).
const ConfusablesVersion = "13.0.0"

// asciiFolds completes UTS #39, whose data maps m to rn, 1 and I to l and
// 0 to O, but leaves w and d alone: it folds the remaining look-alikes that
// fonts make of plain ASCII.
var asciiFolds = strings.NewReplacer("w", "vv", "d", "cl")

// Key returns a string that is equal for two names exactly when they are
// likely to render alike: the UTS #39 skeleton, case-folded, with the
// ASCII look-alikes folded too. The skeleton is taken before and after
// case folding, so that an upper-case I written for l counts. It is a
// comparison key, never for display.
func Key(name string) string {
	if k, ok := asciiKey(name); ok {
		return k
	}
	s := strings.ToLower(skeleton(name))
	s = strings.ToLower(skeleton(s))
	return asciiFolds.Replace(s)
}

// confusable is one entry of the generated confusables table.
type confusable struct {
	r rune
	s string
}

// skeleton is UTS #39's skeleton: NFD, each character replaced by its
// prototype, NFD again. It gives what github.com/mtibben/confusables'
// Skeleton gives, from a table generated from that library's data
// (confusables_gen.go), which costs nothing at start-up.
func skeleton(s string) string {
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteString(prototype(r))
	}
	return norm.NFD.String(b.String())
}

// prototype returns the skeleton of one character in NFD form.
func prototype(r rune) string {
	i, found := slices.BinarySearchFunc(confusableTable[:], r, func(c confusable, r rune) int { return int(c.r - r) })
	if found {
		return confusableTable[i].s
	}
	return string(r)
}

// asciiKey computes Key for ASCII text byte by byte; ok is false for text
// that is not ASCII.
func asciiKey(name string) (string, bool) {
	for i := 0; i < len(name); i++ {
		if name[i] >= utf8.RuneSelf {
			return "", false
		}
	}
	t := &asciiKeys // generated: the steps of Key, taken once per byte
	var b strings.Builder
	b.Grow(len(name) + 4)
	for i := 0; i < len(name); i++ {
		b.WriteString(t[name[i]])
	}
	return b.String(), true
}

// Name returns the Unicode name of r ("CYRILLIC SMALL LETTER A").
func Name(r rune) string {
	if n := runenames.Name(r); n != "" {
		return n
	}
	return fmt.Sprintf("U+%04X", r)
}

// scriptOrder lists the scripts checked first; most labels are in one of
// them, so the full table is rarely scanned.
var scriptOrder = []string{"Latin", "Cyrillic", "Greek", "Han", "Hiragana", "Katakana", "Hangul", "Arabic", "Hebrew", "Thai", "Devanagari", "Armenian", "Georgian", "Bopomofo"}

// Script returns the script of r, or "" for characters common to all
// scripts (digits, the hyphen) and inherited marks.
func Script(r rune) string {
	if r < utf8.RuneSelf {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return "Latin"
		}
		return ""
	}
	if unicode.In(r, unicode.Common, unicode.Inherited) {
		return ""
	}
	for _, name := range scriptOrder {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	for name, table := range unicode.Scripts {
		if name != "Common" && name != "Inherited" && unicode.Is(table, r) {
			return name
		}
	}
	return ""
}

// allowedMixes are the script combinations UTS #39 accepts in one label at
// its "highly restrictive" level: Japanese, Chinese and Korean writing mix
// scripts by nature, with Latin.
var allowedMixes = [][]string{
	{"Latin", "Han", "Hiragana", "Katakana"},
	{"Latin", "Han", "Bopomofo"},
	{"Latin", "Han", "Hangul"},
}

// Mixed reports whether label mixes scripts in a way no single writing
// system does (Latin with Cyrillic or Greek), and returns its scripts in
// order of first appearance.
func Mixed(label string) (bool, []string) {
	var scripts []string
	for _, r := range label {
		if s := Script(r); s != "" && !contains(scripts, s) {
			scripts = append(scripts, s)
		}
	}
	if len(scripts) < 2 {
		return false, scripts
	}
	for _, allowed := range allowedMixes {
		if subset(scripts, allowed) {
			return false, scripts
		}
	}
	return true, scripts
}

// Majority returns the script most of label's letters are in.
func Majority(label string) string {
	count := map[string]int{}
	best := ""
	for _, r := range label {
		if s := Script(r); s != "" {
			count[s]++
			if best == "" || count[s] > count[best] {
				best = s
			}
		}
	}
	return best
}

// Latinize replaces each letter of label that is outside the script want
// by the letter of want it is confusable with, when there is one, and
// reports whether every such letter was replaced: "pаypal" (Cyrillic а)
// becomes "paypal".
func Latinize(label, want string) (string, bool) {
	var b strings.Builder
	ok := true
	for _, r := range label {
		s := Script(r)
		if s == "" || s == want {
			b.WriteRune(r)
			continue
		}
		proto := strings.ToLower(skeleton(string(r)))
		if Majority(proto) == want && utf8.RuneCountInString(proto) == 1 {
			b.WriteString(proto)
			continue
		}
		ok = false
		b.WriteRune(r)
	}
	return b.String(), ok
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

func subset(a, b []string) bool {
	for _, x := range a {
		if !contains(b, x) {
			return false
		}
	}
	return true
}
