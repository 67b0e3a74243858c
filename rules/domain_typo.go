package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/typo"
)

// DomainTypo reports domains that are a near miss of a trusted or
// well-known domain: gmial.com, hotmal.com, acme-logistcs.com.
type DomainTypo struct{ env *Env }

// Doc documents the domain-typo rule.
func (DomainTypo) Doc() lint.Doc {
	return lint.Doc{
		ID:       "domain-typo",
		Summary:  "The domain is a near miss of a trusted or well-known mail domain",
		Severity: lint.Warning,
		Explanation: `Compares the registrable part of the domain (gmial.com in mail.gmial.com)
with your trusted domains and the embedded list of well-known mail domains,
and reports it when it is a likely slip for one of them:

- the same public suffix and a label within an edit distance that grows with
  the length of the label meant (a transposition counts as one edit): none
  for labels of one or two characters (qq, me), only two swapped letters or a
  doubled letter for three (oal, aool), one plausible slip for four or five (a letter missing, two
  swapped, a neighbouring key, a doubled letter: gmai, gmial, gnail, gmaill),
  any one edit for six to eight (hotmeil, iclould), though never a first
  letter dropped from a name of six or fewer (cloud.com is not icloud.com's
  slip), nor, for any name, a first letter replaced by a key that is
  neither its neighbour nor a look-alike (qmail.com and lastmail.com are
  names of their own, fmail.com is gmail.com's slip), and two edits from nine
  on that keep the length within one (protonmial, btinternt; internet is not
  a slip of btinternet);
- a hyphen dropped or added (acmelogistics.com for acme-logistics.com);
- a trusted domain under another public suffix (acme.net for acme.com), or
  a well-known one whose suffix is one keyboard slip away (gmail.cpm is
  unknown-tld's; verizon.bet is this rule's);
- a trusted domain with a suffix appended (mod.gov.uk.com), or a well-known
  one with .com, .net or .org appended (gmail.com.com);
- a trusted domain compared whole, its public suffix and dots included: any
  single edit (fco.gv.uk, fco.gob.uk, fco.govt.uk and fcogov.uk for
  fco.gov.uk; us.fa.mil and usaf.mil for us.af.mil), except inside the one
  label of a name that is a label and a public suffix, where the thresholds
  above apply (mid.gov.uk is not mod.gov.uk's slip); a well-known domain
  with a dot left out (hotmailco.uk) or a keyboard slip in its second-level
  suffix (yahoo.con.br);
- a trusted, well-known or registered domain with a dot a place off before
  its public suffix (hotmai.lco.uk, mo.dgov.uk); the dot of the suffix
  itself is the TLD rules' (gmai.lcom, livec.om);
- a trusted internationalized domain, its label compared as it is read
  (bücherr.de for bücher.de, which punycode would hide), for slips of
  ASCII letters.

A brand the well-known list holds under three country domains or more
(Yahoo, Hotmail, Outlook, Live, AOL, GMX) runs mail country by country:
its name under another country's domain (yahoo.cz, yahoo.com.cn) is taken
for a regional variant, not a slip of a sibling, unless that sibling is
trusted; yahoo.con and yahooo.fr are still slips.
A domain that is itself trusted, well-known or listed as known is never
reported, so gmx.com and gmx.net, mail.com and gmail.com, me.com and mac.com
are all left alone. Well-known domains that are everyday words (usa.com,
post.com) are never suggested. When several domains are close, the cheapest
slip wins (a swap or a neighbouring key is cheaper than any other change),
trusted domains before well-known ones, then the more used. Two trusted
domains equally close are both named, and neither is suggested.

Findings are errors when the domain meant is trusted, warnings otherwise.`,
		Examples: []lint.Example{
			{Address: "bob@gmial.com", Finding: "two letters swapped; did you mean bob@gmail.com?"},
			{Address: "ann@hotmial.co.uk", Finding: "did you mean ann@hotmail.co.uk?"},
			{Address: "ops@acme-logistcs.com", Finding: "with trusted: [acme-logistics.com], an error"},
			{Address: "jo@mail.com"},
			{Address: "jo@gmx.net"},
			{Address: "jo@me.com"},
		},
		FalsePositives: `A company whose name is one letter from a mail provider's of six letters or
more is reported (rodgers.com looks like a slip of rogers.com). Add such
domains to 'known' in .rcptlint.yaml.`,
		Fixable: true,
	}
}

// guess is one candidate for the domain that was meant.
type guess struct {
	name   string // the domain suggested
	target *target
	cost   float64
	how    string
	// suffixes, when how is empty, are the suffix written and the one
	// meant: the description is made only for the guess reported, since a
	// label may have thousands of targets under other suffixes.
	suffixes [2]string
	trusted  bool
	// registered names the kind of registered domain guessed ("military",
	// "registered .gov"), which is an error like a trusted one.
	registered string
	// weak marks a trusted sibling under another suffix that the suffix
	// typed says nothing for: named beside another, it is no slip of it.
	weak bool
}

// description says how the written domain differs from the guess.
func (g guess) description() string {
	if g.how == "" && g.suffixes[0] != "" {
		return fmt.Sprintf("with '.%s' for '.%s'", unicodeName(g.suffixes[0]), unicodeName(g.suffixes[1]))
	}
	return g.how
}

func (g guess) better(h guess) bool {
	gc, hc := g.cost, h.cost
	if g.trusted {
		gc -= 0.3
	}
	if h.trusted {
		hc -= 0.3
	}
	if gc != hc {
		return gc < hc
	}
	if g.target != nil && h.target != nil && g.target.rank != h.target.rank {
		return g.target.rank < h.target.rank
	}
	return g.name < h.name
}

// CheckDomain reports a near miss of a trusted or well-known domain.
func (r DomainTypo) CheckDomain(f *domain.Facts) []lint.Issue {
	best, rival := r.nearest(f)
	return r.issue(f, best, rival)
}

// nearest returns the likeliest domain that f's name is a slip of, and a
// rival when another trusted domain is exactly as likely, or zero guesses.
func (r DomainTypo) nearest(f *domain.Facts) (best, rival guess) {
	if !f.KnownTLD {
		return
	}
	offer := func(g guess) {
		switch {
		case g.name == f.Name || g.name == best.name || r.regionalVariant(f, g):
		case best.name == "":
			best = g
		case tied(g, best):
			if g.name < best.name {
				best, rival = g, best
			} else if rival.name == "" || g.name < rival.name {
				rival = g
			}
		case g.better(best):
			best, rival = g, guess{}
		}
	}
	if r.env.Legit(f.Name) {
		// Legitimate, unless only as a subdomain of a mail domain that a
		// stray dot made of a name (g.mail.com for gmail.com), or of a
		// registered one that a slip made of a trusted name (su.af.mil for
		// us.af.mil, af.mil being registered).
		if !r.isLegitItself(f) {
			r.strayDot(f, offer)
			r.wholeName(f, offer)
		}
		return
	}
	r.strayDot(f, offer)
	r.movedDot(f, offer)
	r.labelSlips(f, offer)
	r.otherSuffix(f, offer)
	r.appendedSuffix(f, offer)
	r.trustedSuffixSlip(f, offer)
	r.wholeName(f, offer)
	return
}

// regionalVariant reports a guess that f is the same regional brand's
// domain under another country's suffix (yahoo.cz beside yahoo.ca,
// yahoo.com.cn beside yahoo.com.vn): most likely a variant the list does
// not hold, not a slip, unless the sibling is trusted.
func (r DomainTypo) regionalVariant(f *domain.Facts, g guess) bool {
	if g.trusted || g.target == nil || g.target.rank < 0 || !r.env.Data.IsCountrySuffix(f.Suffix) {
		return false
	}
	w := r.env.Data.WellKnownList[g.target.rank]
	return w.Regional && w.Label == f.Label
}

// tied reports two trusted guesses that nothing tells apart: rcptlint
// names both rather than guess.
func tied(g, h guess) bool {
	return g.trusted && h.trusted && g.cost == h.cost
}

// issue turns the best guess into the rule's finding: without a
// suggestion, naming both, when a rival is as likely.
func (r DomainTypo) issue(f *domain.Facts, best, rival guess) []lint.Issue {
	if best.name == "" {
		return nil
	}
	if rival.name != "" {
		if best.weak || rival.weak {
			return []lint.Issue{{Severity: lint.Error, Message: fmt.Sprintf("'%s' has the name of trusted domains under other suffixes, %s and %s among them; check which was meant",
				f.Unicode, displayName(best.name), displayName(rival.name))}}
		}
		return []lint.Issue{{Severity: lint.Error, Message: fmt.Sprintf("'%s' is one slip from two trusted domains, %s and %s; check which was meant",
			f.Unicode, displayName(best.name), displayName(rival.name))}}
	}
	kind := "well-known mail"
	is := lint.Issue{Suggestion: best.name, Severity: lint.Warning}
	if writtenInUnicode(f) {
		// A name written in Unicode is suggested as it is read, as the
		// message names it: пример.рф, not xn--e1afmkfd.xn--p1ai; one
		// written in punycode stays in it.
		is.Suggestion = unicodeName(best.name)
	}
	switch {
	case best.trusted:
		kind = "trusted"
		is.Severity = lint.Error
	case best.registered != "":
		kind = best.registered
		is.Severity = lint.Error
	}
	is.Message = fmt.Sprintf("'%s' is the %s domain %s %s", f.Unicode, kind, displayName(best.name), best.description())
	return []lint.Issue{is}
}

// isLegitItself reports whether f's name, or a parent that is not a
// well-known mail domain, is legitimate: a subdomain of a mail provider
// (g.mail.com) is no mail domain of its own.
func (r DomainTypo) isLegitItself(f *domain.Facts) bool {
	if r.env.IsTrusted(f.Name) || r.env.IsKnown(f.Name) {
		return true
	}
	_, wk := r.env.Data.WellKnown[f.Name]
	return wk || f.Sub() == ""
}

// strayDot offers the target that f's name is with one dot taken out
// (g.mail.com, hot.mail.com), a dot struck inside a name.
func (r DomainTypo) strayDot(f *domain.Facts, offer func(guess)) {
	end := len(f.Name) - len(f.Registrable)
	for i := strings.IndexByte(f.Name, '.'); i >= 0 && i < end; {
		joined := f.Name[:i] + f.Name[i+1:]
		if id, ok := r.env.targetRegistrable(domain.RegistrableOf(joined, f.Suffix)); ok {
			t := &r.env.targets[id]
			offer(guess{name: joined, target: t, cost: 0.8, how: "with a dot struck inside its name", trusted: t.trusted})
		}
		next := strings.IndexByte(f.Name[i+1:], '.')
		if next < 0 {
			break
		}
		i += next + 1
	}
}

// movedDot offers the trusted, well-known or registered domain that
// f's name is with a dot a place to the left or right (hotmai.lco.uk for
// hotmail.co.uk). The dot before the public suffix is left to the TLD
// rules, which weigh a country's domain (livec.om) or an unknown one
// (gmai.lcom) first.
func (r DomainTypo) movedDot(f *domain.Facts, offer func(guess)) {
	end := len(f.Name) - len(f.Suffix) - 1
	for i := strings.IndexByte(f.Name, '.'); i > 0 && i < end; {
		for _, j := range [2]int{i - 1, i + 1} {
			// The dot moves to j: a letter must stay on either side.
			if j < 1 || j+1 >= len(f.Name) || f.Name[j-1] == '.' && j-1 != i || f.Name[j+1] == '.' && j+1 != i {
				continue
			}
			b := []byte(f.Name)
			b[i], b[j] = b[j], b[i]
			cand := string(b)
			// Trusted by name (not only under a trusted suffix), well-known
			// or registered: a name known only as legitimate is no target.
			g := guess{name: cand, cost: 0.8, how: "with a dot a place off", trusted: r.env.IsTrusted(cand) && r.env.Named(cand)}
			switch {
			case g.trusted || r.env.IsWellKnown(cand):
			case r.env.IsRegistered(cand):
				g.registered = registeredKind(cand)
			default:
				continue
			}
			if id, ok := r.env.targetRegistrable(cand); ok {
				g.target = &r.env.targets[id]
			}
			offer(g)
		}
		next := strings.IndexByte(f.Name[i+1:], '.')
		if next < 0 {
			break
		}
		i += next + 1
	}
}

// labelSlips offers targets with the same suffix whose label is a likely
// slip away from the domain's.
func (r DomainTypo) labelSlips(f *domain.Facts, offer func(guess)) {
	labels := r.env.labels()
	labels.Near(f.Label, func(id, dist int) {
		word := labels.Word(id)
		for _, ti := range r.env.targetsLabelled(word) {
			t := &r.env.targets[ti]
			if t.suffix() != f.Suffix {
				continue
			}
			cost, how, ok := labelSlip(f.Label, word, dist)
			if !ok && t.brand {
				cost, how, ok = brandSlip(f.Label, word, dist)
			}
			if !ok {
				continue
			}
			offer(guess{name: withRegistrable(f, t.registrable), target: t, cost: cost, how: how, trusted: t.trusted})
		}
	})
	r.idnLabelSlips(f, offer)
}

// idnLabelSlips offers the trusted internationalized domains whose label,
// as read, is a likely slip away from the domain's (bücherr.de for
// bücher.de), which their punycode labels hide: a single slip of ASCII
// letters; one inside a non-ASCII letter's bytes is no edit of a letter.
func (r DomainTypo) idnLabelSlips(f *domain.Facts, offer func(guess)) {
	if r.env.idnLabels == nil || !strings.HasPrefix(f.Label, "xn--") {
		return
	}
	typed := unicodeName(f.Label)
	if typed == f.Label {
		return
	}
	r.env.idnLabels.Near(typed, func(id, dist int) {
		// One edit of ASCII letters: two edits of bytes may be one changed
		// non-ASCII letter (大阪市 for 大阪府), a name of its own.
		word := r.env.idnLabels.Word(id)
		if e, ok := typo.Single(typed, word); dist != 1 || !ok || e.Typed >= 0x80 || e.Meant >= 0x80 {
			return
		}
		cost, how, ok := labelSlip(typed, word, dist)
		if !ok {
			return
		}
		for _, ti := range r.env.idnTargets[word] {
			if t := &r.env.targets[ti]; t.suffix() == f.Suffix {
				offer(guess{name: withRegistrable(f, t.registrable), target: t, cost: cost, how: how, trusted: t.trusted})
			}
		}
	})
}

// labelSlip decides whether typed is a likely slip for the label meant,
// at the given edit distance, and describes it.
func labelSlip(typed, meant string, dist int) (cost float64, how string, ok bool) {
	switch {
	case dist == 0:
		return 0, "", false
	case dist == 2:
		// Two slips in a long name, keeping its length within one: a
		// shorter word inside it (internet in btinternet) is not a slip.
		diff := len(typed) - len(meant)
		return 1.6, "with two letters changed", len(meant) >= 9 && diff >= -1 && diff <= 1
	}
	e, ok := typo.Single(typed, meant)
	if !ok {
		return 0, "", false
	}
	n := len(meant)
	switch {
	case e.Kind == typo.Omission && e.Pos == 0 && n <= 6:
		// Typists rarely drop the first letter, and what is left of a
		// short name is often a word of its own: cloud, not icloud.
		return 0, "", false
	case farFirstLetter(e):
		return 0, "", false
	case n <= 2:
		return 0, "", false
	case n == 3:
		if !swappedLetters(e) && !doubled(e, typed) {
			return 0, "", false
		}
	case n <= 5:
		if !typo.Plausible(e, typed) {
			return 0, "", false
		}
	}
	return typo.Cost(e, typed), describeEdit(e, typed, meant), true
}

// brandSlip accepts for a free-mail brand of five letters or more any
// single edit that labelSlip finds implausible in a word: a vowel for a
// vowel (gmeil), a letter inserted far from its neighbours (gemail).
func brandSlip(typed, meant string, dist int) (float64, string, bool) {
	if dist != 1 || len(meant) < 5 {
		return 0, "", false
	}
	e, ok := typo.Single(typed, meant)
	if !ok || e.Kind == typo.Omission && e.Pos == 0 || farFirstLetter(e) {
		return 0, "", false
	}
	return 1, describeEdit(e, typed, meant), true
}

// farFirstLetter reports a first letter replaced by a key that is neither
// its neighbour on the keyboard nor a look-alike: the first letter is
// typed with care, and a name that differs there is most often one of its
// own (qmail, amail and 8mail beside gmail; lastmail beside fastmail).
func farFirstLetter(e typo.Edit) bool {
	return e.Kind == typo.Substitution && e.Pos == 0 && !typo.Adjacent(e.Typed, e.Meant) && !typo.LookAlike(e.Typed, e.Meant)
}

// otherSuffix offers targets with the same label under another suffix: any
// suffix for a trusted domain; for a well-known one, a suffix one keyboard
// slip away and a label long enough to be a name rather than a word.
func (r DomainTypo) otherSuffix(f *domain.Facts, offer func(guess)) {
	ids := r.env.targetsLabelled(f.Label)
	trusted := sort.Search(len(ids), func(i int) bool { return !r.env.targets[ids[i]].trusted })
	r.trustedSuffix(f, ids[:trusted], offer)
	for _, id := range ids[trusted:] {
		t := &r.env.targets[id]
		if sameOrParentSuffix(f.Suffix, t.suffix()) {
			continue
		}
		name := withRegistrable(f, t.registrable)
		suffixes := [2]string{f.Suffix, t.suffix()}
		if t.brand && contains(r.env.Data.GenericTLDs, f.Suffix) && contains(r.env.Data.GenericTLDs, t.suffix()) {
			offer(guess{name: name, target: t, cost: 1.1, suffixes: suffixes})
			continue
		}
		e, ok := typo.Single(f.Suffix, t.suffix())
		if !ok || len(f.Label) < 4 || !typo.Plausible(e, f.Suffix) {
			continue
		}
		offer(guess{name: name, target: t, cost: 0.9 + typo.Cost(e, f.Suffix), suffixes: suffixes})
	}
}

// trustedUnderTLD reports whether a trusted domain of the label is under
// the top-level domain tld (NewEnv orders a label's trusted targets by it).
func (r DomainTypo) trustedUnderTLD(label, tld string) bool {
	ids := r.env.targetsLabelled(label)
	trusted := sort.Search(len(ids), func(i int) bool { return !r.env.targets[ids[i]].trusted })
	i := sort.Search(trusted, func(i int) bool { return topLevel(r.env.targets[ids[i]].suffix()) >= tld })
	return i < trusted && topLevel(r.env.targets[ids[i]].suffix()) == tld
}

// sameOrParentSuffix reports a target suffix that is the domain's own or a
// parent of it: mod.uk is the Ministry of Defence's own domain beside
// mod.gov.uk, no slip of it.
func sameOrParentSuffix(suffix, target string) bool {
	return target == suffix || strings.HasSuffix(target, "."+suffix)
}

// suffixReads bounds the trusted names of one label that trustedSuffix
// reads one by one for a domain, in each of its two runs: a configuration
// may hold thousands under one label (acme.de, acme.fr, …), and each
// domain under yet another suffix would otherwise be compared with all of
// them. Past it, the names one slip from the domain's suffix are looked up
// by name instead.
const suffixReads = 64

// What the suffix typed says for a trusted domain's, weakest first; it
// picks which two trusted names a finding names, never one to rewrite to:
// none (acme.net for acme.de or acme.fr), a keyboard slip of the suffix
// (acme.se for acme.de), the suffix with labels left out (acme.co for
// acme.co.uk, acme.gov for acme.gov.uk), the same top-level domain
// (acme.org.uk for acme.co.uk).
const (
	noEvidence = iota
	suffixSlip
	labelsLeftOut
	sameTopLevel
)

// suffixEvidence weighs how well a trusted suffix explains the one typed.
func suffixEvidence(typed, trusted string) int {
	switch {
	case topLevel(typed) == topLevel(trusted):
		return sameTopLevel
	case strings.HasPrefix(trusted, typed+"."):
		return labelsLeftOut
	}
	if e, ok := typo.Single(typed, trusted); ok && tldSlip(e, typed) {
		return suffixSlip
	}
	return noEvidence
}

// trustedSuffix offers the trusted domains of the label (ids, ordered by
// top-level domain, then name: NewEnv) under other suffixes. One alone is
// offered as the domain meant. Of two or more, two are offered, tied, for
// the finding to name them and suggest none: a slip between two live
// suffixes is too weak a clue to rewrite an address on, even where the
// suffix typed says something (suffixEvidence); the two named are those
// it says most for, then the first in that order. None when a trusted
// domain has the domain's suffix or one under it (mod.uk beside
// mod.gov.uk is the organisation's own). It reads those under the
// domain's top-level domain and the first of all, at most suffixReads of
// each, and when there are more, looks up the names one edit away.
func (r DomainTypo) trustedSuffix(f *domain.Facts, ids []int, offer func(guess)) {
	if len(ids) == 0 {
		return
	}
	tld := topLevel(f.Suffix)
	from := sort.Search(len(ids), func(i int) bool { return topLevel(r.env.targets[ids[i]].suffix()) >= tld })
	type weighed struct {
		t        *target
		at       int
		evidence int
	}
	var top [2]weighed // the best two, top[0] first; t nil when none
	own := false
	weigh := func(t *target, at int) {
		if sameOrParentSuffix(f.Suffix, t.suffix()) {
			own = true
			return
		}
		w := weighed{t, at, suffixEvidence(f.Suffix, t.suffix())}
		ahead := func(a, b weighed) bool {
			return b.t == nil || a.evidence > b.evidence || a.evidence == b.evidence && a.at < b.at
		}
		switch {
		case t == top[0].t || t == top[1].t:
		case ahead(w, top[0]):
			top[0], top[1] = w, top[0]
		case ahead(w, top[1]):
			top[1] = w
		}
	}
	to := from
	for ; to < min(from+suffixReads, len(ids)) && topLevel(r.env.targets[ids[to]].suffix()) == tld; to++ {
		weigh(&r.env.targets[ids[to]], to)
	}
	for i := range min(suffixReads, len(ids)) {
		if i < from || i >= to {
			weigh(&r.env.targets[ids[i]], i)
		}
	}
	if len(ids) > suffixReads {
		// Too many to read: the trusted names one edit away are looked
		// up. Their place in the order is not known; they come after
		// those read.
		suffixVariants(f.Suffix, func(v string) {
			if id, ok := r.env.targetRegistrable(f.Label + "." + v); ok && r.env.targets[id].trusted {
				weigh(&r.env.targets[id], len(ids))
			}
		})
	}
	if own {
		return
	}
	for _, w := range top {
		if w.t != nil {
			offer(guess{name: withRegistrable(f, w.t.registrable), target: w.t, cost: 0.9, suffixes: [2]string{f.Suffix, w.t.suffix()}, trusted: true, weak: w.evidence == noEvidence})
		}
	}
}

// suffixVariants calls fn with each string one edit from suffix: a letter
// left out, swapped with the next, changed, or added (letters and digits,
// a dot only where labels stay whole).
func suffixVariants(suffix string, fn func(string)) {
	const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"
	for i := range len(suffix) {
		fn(suffix[:i] + suffix[i+1:])
		if i+1 < len(suffix) {
			fn(suffix[:i] + suffix[i+1:i+2] + suffix[i:i+1] + suffix[i+2:])
		}
		for _, c := range []byte(alphabet) {
			if c != suffix[i] {
				fn(suffix[:i] + string(c) + suffix[i+1:])
			}
		}
	}
	for i := range len(suffix) + 1 {
		for _, c := range []byte(alphabet) {
			fn(suffix[:i] + string(c) + suffix[i:])
		}
	}
}

// writtenInUnicode reports a domain written with non-ASCII letters, not in
// punycode: what is suggested for it is written the same way.
func writtenInUnicode(f *domain.Facts) bool {
	for i := range len(f.Written) {
		if f.Written[i] >= 0x80 {
			return true
		}
	}
	return false
}

// topLevel returns the last label of a suffix.
func topLevel(suffix string) string { return suffix[strings.LastIndexByte(suffix, '.')+1:] }

// appendedSuffix offers a trusted domain the name starts with (mod.gov.uk
// in mod.gov.uk.com), or a well-known one followed by a generic TLD
// (gmail.com.com).
func (r DomainTypo) appendedSuffix(f *domain.Facts, offer func(guess)) {
	for i := strings.IndexByte(f.Name, '.'); i >= 0; {
		prefix, rest := f.Name[:i], f.Name[i+1:]
		if r.env.trustedDomains[prefix] {
			// Not when the label is trusted under this top-level domain too:
			// with acme.ne and acme.jp trusted, acme.ne.jp may be either's
			// slip, or a domain of its own (otherSuffix names two).
			if !r.trustedUnderTLD(f.Label, f.TLD) {
				offer(guess{name: prefix, cost: 0.8, how: "with '." + rest + "' appended", trusted: true})
			}
		} else if i, ok := r.env.Data.WellKnown[prefix]; ok && !r.env.Data.WellKnownList[i].Word && contains(r.env.Data.GenericTLDs, rest) {
			offer(guess{name: prefix, cost: 0.9, how: "with '." + rest + "' appended"})
		} else if strings.IndexByte(prefix, '.') >= 0 && r.env.IsRegistered(prefix) && contains(r.env.Data.GenericTLDs, rest) {
			// A registered government or military name with a generic
			// TLD typed after it: army.mil.com for army.mil.
			offer(guess{name: prefix, cost: 0.7, how: "with '." + rest + "' appended", registered: registeredKind(prefix)})
		}
		next := strings.IndexByte(rest, '.')
		if next < 0 {
			break
		}
		i += next + 1
	}
}

// trustedSuffixSlip offers the domain under a trusted suffix one plausible
// slip from its own (gov.uk trusted, mod.gov.uj typed).
func (r DomainTypo) trustedSuffixSlip(f *domain.Facts, offer func(guess)) {
	base := strings.TrimSuffix(f.Name, f.Suffix)
	for _, s := range r.env.trustedSuffixList {
		e, ok := typo.Single(f.Suffix, s)
		if !ok || !typo.Plausible(e, f.Suffix) {
			continue
		}
		how := fmt.Sprintf("with '.%s' for the trusted '.%s'", f.Suffix, s)
		offer(guess{name: base + s, cost: typo.Cost(e, f.Suffix) + 0.1, how: how, trusted: true})
	}
}

// withRegistrable returns f's name with its registrable part replaced.
func withRegistrable(f *domain.Facts, registrable string) string {
	if sub := f.Sub(); sub != "" {
		return sub + "." + registrable
	}
	return registrable
}

// describeEdit says in words how typed differs from meant.
func describeEdit(e typo.Edit, typed, meant string) string {
	switch e.Kind {
	case typo.Transposition:
		return fmt.Sprintf("with two letters swapped ('%s' for '%s')", typed[e.Pos:e.Pos+2], meant[e.Pos:e.Pos+2])
	case typo.Omission:
		if e.Meant == '-' {
			return "without its hyphen"
		}
		return fmt.Sprintf("with its '%c' left out", e.Meant)
	case typo.Insertion:
		if e.Typed == '-' {
			return "with a hyphen added"
		}
		return fmt.Sprintf("with an extra '%c'", e.Typed)
	case typo.Substitution:
		switch {
		case typo.Adjacent(e.Typed, e.Meant):
			return fmt.Sprintf("with '%c' for '%c', its neighbour on the keyboard", e.Typed, e.Meant)
		case typo.LookAlike(e.Typed, e.Meant):
			return fmt.Sprintf("with '%c' for the look-alike '%c'", e.Typed, e.Meant)
		}
		return fmt.Sprintf("with '%c' for '%c'", e.Typed, e.Meant)
	}
	return "with one letter changed"
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' }

// swappedLetters reports two letters (not digits) swapped.
func swappedLetters(e typo.Edit) bool {
	return e.Kind == typo.Transposition && isLetter(e.Typed) && isLetter(e.Meant)
}

// doubled reports a letter struck twice.
func doubled(e typo.Edit, typed string) bool {
	return e.Kind == typo.Insertion && isLetter(e.Typed) &&
		(e.Pos > 0 && typed[e.Pos-1] == e.Typed || e.Pos+1 < len(typed) && typed[e.Pos+1] == e.Typed)
}

// displayName shows an ASCII domain with its U-labels when it has any.
func displayName(name string) string {
	f := domain.Analyze(name)
	if f.Valid() && f.Unicode != name {
		return fmt.Sprintf("%s (%s)", f.Unicode, name)
	}
	return name
}
