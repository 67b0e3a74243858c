package rules

import (
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/homoglyph"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/typo"
)

// UnknownTLD reports domains whose top-level domain does not exist.
type UnknownTLD struct{ env *Env }

// reservedTLDs never exist on the public Internet, by standard.
var reservedTLDs = map[string]string{
	"test":      "reserved for testing (RFC 2606)",
	"example":   "reserved for documentation (RFC 2606)",
	"invalid":   "reserved as always invalid (RFC 2606)",
	"localhost": "reserved for the local host (RFC 2606)",
	"local":     "reserved for multicast DNS on a local network (RFC 6762)",
	"internal":  "reserved for private networks (ICANN, 2024)",
}

// Doc documents the unknown-tld rule.
func (UnknownTLD) Doc() lint.Doc {
	return lint.Doc{
		ID:       "unknown-tld",
		Summary:  "The top-level domain does not exist, so the mail will bounce",
		Severity: lint.Error,
		Explanation: `Reports a domain whose top-level domain is not in the ICANN section of the
public suffix list built into rcptlint (see 'rcptlint version'), or is
reserved by standard (.test, .example, .invalid, .localhost, .local,
.internal, .onion). Such mail cannot be delivered.

The suggestion is the closest top-level domain people mostly mean, one edit
away (a letter missing, extra, swapped or struck with its keyboard neighbour,
a letter struck after its end as in .come, the TLD cut short as in .c for
.com, a look-alike as in .c0m, or a dot left out as in .couk for
.co.uk, though never a split into a second level when a single slip gives a
TLD: outlook.come is outlook.com, not outlook.co.me), or the last dot
struck a place off or once too often, when that gives a trusted,
well-known, known or registered domain (gmai.lcom and gmail.co.m are
gmail.com). When a correction gives a trusted or well-known domain, that
correction wins and the message says so. When the corrected domain is
itself a slip of a trusted or well-known one, the suggestion fixes both
slips and the message names both: hotmal.con is hotmail.com.

Of slips alike, the TLD people mostly mean wins, and a TLD far more
meant wins over a slightly likelier slip: acme.nt is acme.net (a letter
missing), not acme.ng (a neighbouring key). A slip as near two trusted
domains (acme.fe, with acme.de and acme.fr trusted) gets no suggestion:
the message names both. One as near several TLDs, each making a domain
of the same kind (well-known, known or registered, or none of these),
none of them meant nine times as often as the others together, suggests
the one most meant and names the others, and --fix leaves the address to
a person: hotmail.fe is hotmail.de or hotmail.fr, each a neighbouring key
away, acme.fe acme.de, acme.fr or acme.ve, and hotmal.fe, with a slip in
the name too, hotmail.de or hotmail.fr; yahoo.coh is yahoo.com, not
yahoo.ch; yahoo.c is most likely yahoo.com, said as unsure, since
yahoo.ca, yahoo.cn, yahoo.ch and yahoo.cl are each a letter short too.
Letters read as others (.d for .cl) weigh after a slip: acme.d is
acme.de. A domain people send to (trusted or well-known) goes before one
merely registered or known: mail.g is mail.bg, mail.gov named as near. A
name under a TLD whose whole registry rcptlint holds (.gov) is suggested
only when registered, or trusted or known by name: acme.g is not
acme.gov, nasa.g is nasa.gov.

The user's trust is evidence: a single trusted domain among them, or a
single one under a trusted suffix, is the one suggested, and fixed, on
the name's slip too (hotmal.fe, with hotmail.fr trusted, is hotmail.fr),
though a TLD cut short to a trusted suffix is not sure (acme.e, with
trusted: [edu]); and a trusted or well-known domain under a TLD the
common ones leave out is weighed with them (acme.fe, with acme.re
trusted, is acme.re; fastmail.fn is fastmail.fm).`,
		Examples: []lint.Example{
			{Address: "jane@hotmail.con", Finding: "'.con' does not exist; hotmail.com is a well-known mail domain"},
			{Address: "ops@nasa.go", Finding: "'.go' does not exist; did you mean ops@nasa.gov?"},
			{Address: "j.smith@mod.gov.ul", Finding: "'.ul' does not exist; '.uk', '.il' and '.lu' are each one slip away; j.smith@mod.gov.uk? (unsure)"},
			{Address: "jane@gmail.c", Finding: "'.c' does not exist; gmail.com is a well-known mail domain"},
			{Address: "jane@hotmal.con", Finding: "'.con' does not exist, and 'hotmal.com' would be hotmail.com with its 'i' left out"},
			{Address: "jane@gmai.lcom", Finding: "'.lcom' does not exist; gmail.com is a well-known mail domain"},
			{Address: "jane@hotmail.fe", Finding: "'.fe' does not exist; hotmail.de is a well-known mail domain, but hotmail.fr is one slip away too: check which was meant"},
			{Address: "bob@example.co.uk"},
		},
		FalsePositives: `None on the public Internet: a TLD outside the list is not delegated. A
TLD delegated after the list's date is reported until rcptlint is rebuilt
with a newer golang.org/x/net; add the domain to 'known' meanwhile.`,
		Fixable: true,
	}
}

// CheckDomain reports an unknown top-level domain.
func (r UnknownTLD) CheckDomain(f *domain.Facts) []lint.Issue {
	if f.KnownTLD {
		return nil
	}
	if why, ok := reservedTLDs[f.TLD]; ok {
		return []lint.Issue{{Message: fmt.Sprintf("top-level domain '.%s' is %s and never receives mail from the Internet", f.TLD, why)}}
	}
	if r.env.IsKnown(f.Name) {
		return nil
	}
	msg := fmt.Sprintf("top-level domain '.%s' does not exist", f.TLD)
	best, then, rivals, ok := r.closest(f)
	// An internationalized name is suggested and named as it is read,
	// never as the punycode of what was written: пример.com, not
	// xn--e1afmkfd.com (one written in punycode stays in it).
	shown := func(name string) string { return name }
	if writtenInUnicode(f) {
		shown = unicodeName
	}
	named := make([]string, len(rivals))
	for i, n := range rivals {
		named[i] = shown(n)
	}
	switch {
	case !ok && len(rivals) > 1:
		return []lint.Issue{{Message: msg + "; " + rivalWords(named, r.env.Describe(rivals[0]))}}
	case !ok:
		return []lint.Issue{{Message: msg}}
	case then.name != "":
		msg += ", and " + thenWords(shown(best), then)
		best = then.name
		if len(rivals) > 0 {
			msg += fmt.Sprintf("; %s as near: check which was meant", listWords(named, "is", "are"))
		}
	case len(rivals) > 0 && r.env.Named(best):
		msg += fmt.Sprintf("; %s is a %s domain, but %s one slip away too: check which was meant", shown(best), r.env.Describe(best), listWords(named, "is", "are"))
	case len(rivals) > 0:
		// The TLD people mostly mean of several as near: said, and left to
		// the user to apply. The TLDs are named, the name being the same.
		base := strings.TrimSuffix(f.Name, f.TLD)
		tlds := []string{"'." + strings.TrimPrefix(best, base) + "'"}
		for _, n := range rivals {
			tlds = append(tlds, "'."+strings.TrimPrefix(n, base)+"'")
		}
		msg += fmt.Sprintf("; %s are each one slip away: check which was meant", listWords(tlds, "", ""))
	default:
		if what := r.env.Describe(best); what != "" {
			msg += fmt.Sprintf("; %s is a %s domain", shown(best), what)
		}
	}
	// The likeliest of several is suggested, and never applied unattended.
	return []lint.Issue{{Message: msg, Suggestion: shown(best), Unsure: len(rivals) > 0}}
}

// closest returns the likeliest intended domain: the domain with its TLD
// replaced by a real one a single slip away, a plausible one (tldSlip)
// unless the result is trusted, well-known or known, and with then the domain that
// is, when the result is itself one slip from a trusted or well-known
// domain (hotmal.con: hotmal.com, then hotmail.com). A TLD is split at a
// dot left out (.couk, .comau) only when no single slip gives a TLD, or
// when the split gives a trusted, well-known or known domain: outlook.come
// is outlook.com, not outlook.co.me.
//
// A slip that points as surely at two trusted domains points at neither:
// those are returned as rivals, with no best. One that points as surely
// at several other named domains (hotmail.fe: hotmail.de and hotmail.fr,
// each a neighbouring key away) points at the first of them by the order
// of their TLDs, which ranks the domains people mostly mean first; the
// others are returned as rivals, for the suggestion to be said and never
// applied unattended. A single trusted domain among them is the one meant.
func (r UnknownTLD) closest(f *domain.Facts) (best string, then guess, rivals []string, ok bool) {
	base := strings.TrimSuffix(f.Name, f.TLD)
	bestScore, bestSuffix, legit := 0.0, "", false
	bestSlip := -1 // best's place in slips, when a single slip gave it
	consider := func(suffix string, cost float64, rank int, split bool) {
		cand := base + suffix
		// The rank weighs as a slip's kind does: a cost of 0.1 (a
		// neighbouring key against a letter left out) is 30 ranks. Over
		// every single slip of the common TLDs, each weighed by how often
		// its TLD is meant (prior), the suggestion was the TLD meant
		// 93.6% of the time, against 92.3% with a rank a thousandth.
		score := 10 - cost - float64(rank)/300
		// A name someone named: not one only under a trusted suffix
		// (outlook.mi is outlook.my, well-known, under trusted: [mil]
		// as without it).
		l := r.env.Named(cand)
		switch {
		case l && (r.env.IsWellKnown(cand) || r.env.IsTrusted(cand)):
			// A domain people send to (a trusted or well-known one)
			// before one merely registered or known: mail.g is
			// mail.bg, well-known, before mail.gov, registered.
			score += 10.5
		case l:
			score += 10
		case split && best != "":
			return
		}
		if score > bestScore {
			if cand != best {
				bestSlip = -1
			}
			best, bestSuffix, bestScore, legit = cand, suffix, score, l
		}
	}

	// With acme.de and acme.fr trusted, acme.fe is no more the one than
	// the other; nor is it a third domain, which the user is less likely
	// to mean than either (acme.ve for acme.fe). The trusted names a slip
	// points at are weighed first, then, when none is, every named one.
	// The single slips, in the order of their TLDs: a rank weighs with
	// their cost, and a tie at the best is said (rivalsOf).
	var trusted, named []string
	trustedCost, namedCost := 0.0, 0.0
	var slips []tldCandidate
	for rank, t := range r.candidateTLDs(f) {
		e, ok := typo.Single(f.TLD, t)
		cut := false
		if !ok {
			// A TLD cut short, its typing stopped a letter or more
			// before its end, is one slip however much is left out:
			// yahoo.c is yahoo.com as much as yahoo.ca, and .com is
			// meant far more often.
			if len(t) < len(f.TLD)+2 || !strings.HasPrefix(t, f.TLD) {
				continue
			}
			e, cut = typo.Edit{Kind: typo.Omission, Pos: len(f.TLD), Meant: t[len(f.TLD)]}, true
		}
		if r.closedTo(base, t) {
			continue
		}
		c, isNamed := typo.Cost(e, f.TLD), r.env.Named(base+t)
		if isNamed {
			if r.env.IsTrusted(base + t) {
				trusted, trustedCost = cheapest(trusted, trustedCost, base+t, c)
			}
			named, namedCost = cheapest(named, namedCost, base+t, c)
		}
		if tldSlip(e, f.TLD) || isNamed {
			consider(t, c, rank, false)
			if best == base+t {
				bestSlip = len(slips)
			}
			slips = append(slips, tldCandidate{t, c, rank, isNamed, cut})
		}
	}
	if len(trusted) > 1 {
		return "", guess{}, trusted, false
	}
	oneSlip := best != ""
	// Two slips of the TLD, only toward a domain that is trusted,
	// well-known, known or registered: gmail.c is gmail.com, not gmail.cn.
	// A name trusted only because a bare suffix is (every .mil under
	// trusted: [mil]) is no such domain: company.cim is company.com.
	// Two slips point at a trusted domain only when at one, and when no
	// single slip gives a TLD: with acme.nl and acme.cl trusted, acme.xx
	// is a slip of neither (nor of a third domain the list knows), and with
	// acme.ch trusted, acme.con is acme.com. Of a well-known brand's
	// regional domains, the TLDs people mostly mean rank first: hotmail.cm0
	// is hotmail.com.
	var twice []int // the ranks of the TLDs two slips away that give a named domain
	trustedTwice := 0
	for rank, t := range r.env.Data.CommonTLDs {
		if typo.Distance(f.TLD, t, 2) == 2 && r.env.Named(base+t) {
			twice = append(twice, rank)
			if r.env.IsTrusted(base + t) {
				trustedTwice++
			}
		}
	}
	for _, rank := range twice {
		if trustedTwice > 1 {
			break
		}
		t := r.env.Data.CommonTLDs[rank]
		cand := base + t
		onlyTrusted := !r.env.IsWellKnown(cand) && !r.env.IsRegistered(cand) && !r.env.IsKnown(cand)
		if !(onlyTrusted && oneSlip) {
			consider(t, 1.6, rank, false)
		}
	}
	for _, s := range r.env.trustedSuffixList {
		if strings.Contains(s, ".") {
			continue
		}
		if e, ok := typo.Single(f.TLD, s); ok && typo.Plausible(e, f.TLD) {
			consider(s, typo.Cost(e, f.TLD)-0.5, 0, false)
		}
	}
	// Any single slip of a TLD with a registry, when the corrected name is
	// registered: uscg.mial, army.mail for the military domains.
	for _, reg := range r.env.Data.Registries {
		if e, ok := typo.Single(f.TLD, reg.TLD); ok && r.env.IsRegistered(base+reg.TLD) {
			consider(reg.TLD, typo.Cost(e, f.TLD), 0, false)
		}
	}
	// A look-alike of a TLD: .соm with Cyrillic letters, .c0m with a zero.
	// One of ASCII letters standing for others (.corn, 'rn' for 'm') is
	// read from print rather than struck at a keyboard, and weighs
	// after any single slip: acme.d is acme.de, a letter left out, not
	// acme.cl, 'd' for 'cl'.
	if key := homoglyph.Key(unicodeName(f.TLD)); key != "" {
		cost := 0.5
		if asciiLetters(f.TLD) {
			cost = 0.9
		}
		for rank, k := range r.env.commonTLDKeys() {
			if t := r.env.Data.CommonTLDs[rank]; k == key && !r.closedTo(base, t) {
				consider(t, cost, rank, false)
			}
		}
	}
	// A dot left out: .couk for .co.uk, .comau for .com.au.
	for i := 1; i < len(f.TLD); i++ {
		if s := f.TLD[:i] + "." + f.TLD[i:]; domain.IsPublicSuffix(s) && strings.Contains(s, ".") {
			if ps := s[i+1:]; domain.IsKnownTLD(ps) {
				consider(s, 0.6, len(r.env.Data.CommonTLDs), true)
			}
		}
	}
	// A dot struck a place off (gmai.lcom, for gmail.com) or once too
	// often (gmail.co.m), only toward a trusted, well-known, known or
	// registered domain.
	for _, cand := range strayDot(f.Name) {
		if score := 20 - 0.7; score > bestScore && r.env.Named(cand) {
			best, bestSuffix, bestScore, legit, bestSlip = cand, "", score, true, -1
		}
	}
	if best != "" && !legit {
		// The second slip is looked for in the likeliest correction
		// only: a search a candidate would cost as much as the rest.
		then = r.env.thenMeant(best, bestSuffix)
	}
	switch {
	case bestSlip < 0:
	case len(trusted) == 1 && trustedCost == namedCost && slices.Contains(named, best):
		best = trusted[0]
	default:
		best, then, rivals = r.rivalsOf(base, slips, bestSlip, then)
	}
	return best, then, rivals, best != ""
}

// tldCandidate is a TLD a single slip from the one written, with the cost
// of the slip, and whether it makes the name a domain someone named.
type tldCandidate struct {
	tld   string
	cost  float64
	rank  int // in Data.CommonTLDs
	named bool
	cut   bool // the TLD written is tld cut short by two letters or more
}

// closedTo reports whether the name base+t cannot exist: t is a TLD whose
// whole registry rcptlint holds (.gov; the .mil list is partial), and the
// name is neither in it nor trusted or known by name. acme.g is no slip of
// acme.gov; nasa.g is nasa.gov's (the registries' own slips are weighed
// below).
func (r UnknownTLD) closedTo(base, t string) bool {
	reg, ok := r.env.Data.Registry(t)
	return ok && reg.Complete && !r.env.Named(base+t)
}

// prior is how often a TLD of the given rank is meant, against the others:
// 1/(rank+1), the way of such lists (Zipf's), a guess with no scale.
func prior(rank int) float64 { return 1 / float64(rank+1) }

// sureShare is the share of the weight of a slip's TLDs of one cost and
// kind that the best must hold for its suggestion to be applied: .net for
// .nt (.int as near, the last of the ranks), .com for .coh (.ch: 95%), not
// .de for .fe (.fr and .ve as near: 61%).
const sureShare = 0.9

// rivalsOf returns the domains a slip points at as surely as at the best
// of slips, slips[b]: those the other TLDs of its cost make, named or not
// as it is (acme.fe: acme.fr, acme.re and acme.ge beside acme.de). When
// the best is itself a slip of the domain then names (hotmal.fe: hotmal.de,
// then hotmail.de), its rivals are the other such domains the tied TLDs
// lead to (hotmail.fr), and only those.
//
// Trust is evidence: beside a trusted best (by name or under a trusted
// suffix), only trusted domains are rivals; with trusted: [de], acme.fe
// is acme.de.
//
// On that second slip a trusted domain wins as on the first: with
// hotmail.fr trusted, hotmal.fe is hotmail.fr, and it returns the name
// the TLD slip gives and the guess that leads on from it, with the rivals.
func (r UnknownTLD) rivalsOf(base string, slips []tldCandidate, b int, then guess) (string, guess, []string) {
	// What each tied TLD's name is a slip of, looked up once (a search of
	// the trusted and well-known names).
	thens := make([]*guess, len(slips))
	thenOf := func(i int) guess {
		if thens[i] == nil {
			g := r.env.thenMeant(base+slips[i].tld, slips[i].tld)
			thens[i] = &g
		}
		return *thens[i]
	}
	if then.name == "" && !slips[b].named {
		// A TLD as near whose name is itself a slip of a named domain
		// explains the address where the best explains only its TLD:
		// with acme-logistics.fr trusted, acme-logistcs.fe is it, not
		// acme-logistcs.de (a trusted one first, else the first).
		for i, c := range slips {
			if i == b || c.cost != slips[b].cost || c.named {
				continue
			}
			if g := thenOf(i); g.name != "" && (then.name == "" || g.trusted && !then.trusted) {
				b, then = i, g
			}
		}
	}
	best := base + slips[b].tld
	var rivals []string
	// A TLD cut short to a trusted suffix (acme.e, with trusted: [edu])
	// is trusted by name only: a suffix trusted is no evidence that the
	// cut was of it.
	trusted := r.env.IsTrusted(best) && (!slips[b].cut || r.env.Named(best))
	if then.name != "" {
		trusted = then.trusted
	}
	bestRank := slips[b].rank
	total := prior(bestRank)
	for i, c := range slips {
		if i == b || c.cost != slips[b].cost || c.named != slips[b].named {
			continue
		}
		rival := base + c.tld
		if then.name != "" {
			g := thenOf(i)
			switch {
			case g.name == "" || g.name == then.name || trusted && !g.trusted:
				continue
			case g.trusted && !trusted:
				// The first trusted one: it is the one meant, and the
				// rivals so far, none trusted, are not.
				best, then, trusted, rivals = rival, g, true, nil
				bestRank, total = c.rank, prior(c.rank)
				continue
			}
			rival = g.name
		} else if trusted && !r.env.IsTrusted(rival) {
			continue
		}
		rivals = append(rivals, rival)
		total += prior(c.rank)
	}
	if len(rivals) > 0 && trusted && then.name != "" {
		// Two trusted domains as near: neither (as two trusted TLD
		// slips), and the message names both.
		return "", guess{}, append([]string{then.name}, rivals...)
	}
	if prior(bestRank)/total >= sureShare {
		return best, then, nil
	}
	return best, then, rivals
}

// candidateTLDs returns the TLDs a slip of f's may have been meant as: the
// common ones, then those one edit from f's under which a trusted or
// well-known domain of the same label is, for a slip toward a partner's
// .re or .lu, or fastmail.fm, that the common list leaves out (of at most
// 128 such domains, trusted first, for a label the list holds under
// thousands).
func (r UnknownTLD) candidateTLDs(f *domain.Facts) iter.Seq2[int, string] {
	common := r.env.Data.CommonTLDs
	return func(yield func(int, string) bool) {
		for rank, t := range common {
			if !yield(rank, t) {
				return
			}
		}
		ids := r.env.targetsLabelled(f.Label)
		rank := len(common)
		for _, id := range ids[:min(len(ids), 128)] {
			s := r.env.targets[id].suffix()
			if d := len(s) - len(f.TLD); d < -1 || d > 1 || strings.Contains(s, ".") || r.env.commonTLDSet()[s] {
				continue
			}
			if _, ok := typo.Single(f.TLD, s); ok {
				if !yield(rank, s) {
					return
				}
				rank++
			}
		}
	}
}

// cheapest keeps the names of the least cost: names, at cost, with name
// at c added when it costs as little, or alone when it costs less.
func cheapest(names []string, cost float64, name string, c float64) ([]string, float64) {
	switch {
	case len(names) == 0 || c < cost:
		return append(names[:0], name), c
	case c == cost:
		return append(names, name), cost
	}
	return names, cost
}

// rivalWords says which domains of a kind a slip points at alike:
// "acme.de and acme.fr, trusted domains as near as each other: check which
// was meant" (each a slip away, or each two, one in the name).
func rivalWords(rivals []string, kind string) string {
	return fmt.Sprintf("%s, %s domains as near as each other: check which was meant", listWords(rivals, "", ""), kind)
}

// listWords names up to four items, "a", "a and b", "a, b and c", or the
// first three and how many more, followed by one or many, the verb that
// agrees with them, if any.
func listWords(items []string, one, many string) string {
	verb := many
	if len(items) == 1 {
		verb = one
	}
	var list string
	switch n := len(items); {
	case n == 1:
		list = items[0]
	case n <= 4:
		list = strings.Join(items[:n-1], ", ") + " and " + items[n-1]
	default:
		list = fmt.Sprintf("%s and %d more", strings.Join(items[:3], ", "), n-3)
	}
	if verb == "" {
		return list
	}
	return list + " " + verb
}

// strayDot returns the names a slip of the last dot of name would explain:
// the dot one place to the left or right of where it belongs, and a dot
// struck between two letters of the last label. Each has a dot left, none
// at an end or beside another.
func strayDot(name string) []string {
	d := strings.LastIndexByte(name, '.')
	if d <= 0 || d == len(name)-1 {
		return nil
	}
	var out []string
	for _, cand := range []string{
		name[:d-1] + "." + name[d-1:d] + name[d+1:], // gmailc.om: gmail.com
		name[:d] + name[d+1:d+2] + "." + name[d+2:], // gmai.lcom: gmail.com
		name[:d] + name[d+1:],                       // gmail.co.m: gmail.com
	} {
		if i := strings.LastIndexByte(cand, '.'); i > 0 && i < len(cand)-1 && !strings.Contains(cand, "..") && cand[0] != '.' {
			out = append(out, cand)
		}
	}
	return out
}

// tldSlip reports whether a single edit is a plausible slip in a TLD: one
// people make at a keyboard, or a letter struck after its end (.come,
// .netw), which a split into a second level (co.me) never explains better.
func tldSlip(e typo.Edit, typed string) bool {
	return typo.Plausible(e, typed) || e.Kind == typo.Insertion && e.Pos == len(typed)-1
}

// asciiLetters reports whether s is made of the letters a to z alone.
func asciiLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return s != ""
}
