package rules

import (
	"fmt"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/typo"
)

// TLDTypo reports domains whose TLD is a country's, one slip from the
// generic TLD that was meant: .ml (Mali) for .mil, .cm (Cameroon) for .com.
type TLDTypo struct{ env *Env }

// Doc documents the tld-typo rule.
func (TLDTypo) Doc() lint.Doc {
	return lint.Doc{
		ID:       "tld-typo",
		Summary:  "The top-level domain is a country's, one slip from the generic one meant (.ml for .mil)",
		Severity: lint.Warning,
		Explanation: `For a decade, mail meant for the US military's .mil went to Mali's .ml: one
person collecting it received about 117,000 messages in six months of 2023.
This rule reports a domain registered directly under a two-letter country
TLD that is one edit (a letter missing, extra, changed or two swapped) from
a generic TLD (com, net, org, edu, gov, mil, int, biz, info) or a TLD you
trust. The pairs are computed from the public suffix list, not listed by
hand: .cm, .co and .om for .com; .ne and .et for .net; .eu for .edu; .ml and
.il for .mil; .in and .it for .int; .bi and .bz for .biz.

How it weighs the evidence:

- error when the corrected domain is trusted (trusted: [mil] makes any .ml
  name an error), a well-known mail domain (gmail.co, yahoo.cm) or a listed
  military domain or a subdomain of one (army.ml, dcsa.ml, us.af.ml);
- warning when the country TLD is a documented typo destination that
  carries little legitimate mail (.ml, .cm, .om, .ne, .et: see
  rules/data/typo_destinations.txt for the sources) and the corrected
  domain is one you listed as known;
- but only info, with no correction, under those destinations when no
  list knows the corrected name: 10minutemail.ml is no .mil domain anyone
  knows, and Mali's TLD carries much real mail (of 14,125 free-mail and
  121,570 disposable-mail domains, 5,156 under .ml were warnings before;
  the .mil list is partial, so trust mil to be strict); likewise
  polytechnique.cm, whose twin polytechnique.com no list holds (of 23,970
  university domains, 13 under .cm, .om and .ne were warnings before);
- nothing otherwise: .co, .eu, .in, .it, .il, .bi and .bz carry much
  legitimate mail, so a company at example.co is left alone.

When the corrected domain is itself a slip of a trusted or well-known
domain, the suggestion fixes both slips and the message names both
(hotmal.cm is hotmail.com): an error when that domain is trusted, else a
warning under the typo destinations, and elsewhere only when it is a
free-mail brand whose owner keeps no mail under other TLDs (gmial.co is
gmail.com; acmee.co is left alone). When the name with its dot a place
off is trusted, well-known, known or registered, that is the suggestion
(livec.om is live.com, not livec.com, which no list knows). When the
label is trusted under another suffix the domain's may as well be a slip
of (acme.co beside trusted acme.com and acme.co.uk, or acme.cl), the
finding names both and suggests neither.

Second-level registries are not typos: user@foo.com.ml or docomo.ne.jp have
a public suffix of two labels and are never reported, and neither are names
under the second levels countries keep for institutions (edu, ac, gov, gob,
gouv, mil, org, net, com, co, or, go, ne, sch, nic, int, govt: see
rules/data/second_levels.txt) where the public suffix list has no entry, as
in univ.edu.cm.`,
		Examples: []lint.Example{
			{Address: "j.smith@army.ml", Finding: "error: '.ml' is the country domain of Mali, one letter from '.mil' (army.mil is a military domain)"},
			{Address: "info@10minutemail.ml", Finding: "info: 10minutemail.mil is no .mil domain rcptlint knows"},
			{Address: "jane@yahoo.cm", Finding: "'.cm' is the country domain of Cameroon, one letter from '.com' (error: yahoo.com is well-known)"},
			{Address: "jane@gmail.co", Finding: "error: gmail.com is well-known"},
			{Address: "hello@startup.co"},
			{Address: "user@docomo.ne.jp"},
			{Address: "dean@univ.edu.cm"},
		},
		FalsePositives: `A real organisation under .ml, .cm, .om, .ne or .et is reported as an info
(Cameroon's universities among them), or as an error when its generic twin
is well-known or registered. Add its domain to 'known' in .rcptlint.yaml.`,
		Fixable: true,
	}
}

// CheckDomain reports a country TLD one slip from a generic or trusted TLD.
func (r TLDTypo) CheckDomain(f *domain.Facts) []lint.Issue {
	if len(f.TLD) != 2 || f.Suffix != f.TLD || r.env.Legit(f.Name) || r.underSecondLevel(f) {
		return nil
	}
	country := r.env.Country(f.TLD)
	if country == "" {
		return nil
	}
	base := strings.TrimSuffix(f.Name, f.TLD)
	var best lint.Issue
	var then guess
	bestTLD := ""
	for _, t := range r.intended() {
		if _, ok := typo.Single(f.TLD, t); !ok {
			continue
		}
		cand := base + t
		sev := lint.Off
		var g guess
		switch {
		case r.env.IsTrusted(cand) || r.env.IsWellKnown(cand) || r.env.IsRegistered(cand):
			sev = lint.Error
		default:
			dest := r.env.Data.TypoDestinations[f.TLD]
			if !r.env.IsKnown(cand) {
				// Two slips: hotmal.cm for hotmail.com; elsewhere only a
				// trusted domain or a free-mail brand counts (gmial.co:
				// gmail.com), since .co, .in, .it carry much real mail.
				g = r.env.thenMeant(cand, t)
			}
			switch {
			case g.trusted:
				sev = lint.Error
			case dest:
				sev = lint.Warning
			case g.target != nil && g.target.brand:
				sev = lint.Warning
			}
		}
		if sev > best.Severity {
			best = lint.Issue{Suggestion: cand, Severity: sev}
			bestTLD, then = t, g
		}
	}
	if bestTLD == "" {
		// No TLD a slip away gives a domain worth a finding; the dot a
		// place off may: us.afm.il is us.af.mil.
		moved := r.movedDot(f)
		if moved == "" {
			return nil
		}
		sev := lint.Warning
		if r.env.IsTrusted(moved) || r.env.IsRegistered(moved) {
			sev = lint.Error
		}
		return []lint.Issue{{Severity: sev, Suggestion: moved, Message: r.movedMessage(f, country, moved)}}
	}
	best.Message = fmt.Sprintf("'.%s' is the country domain of %s, one letter from '.%s'", f.TLD, country, bestTLD)
	onlyUnder := r.env.trustedOnlyUnder(best.Suggestion)
	if best.Suggestion != "" && then.name == "" && onlyUnder == "" && r.env.IsTrusted(best.Suggestion) {
		if rival := r.trustedRival(f, best.Suggestion); rival != "" {
			// acme.co beside trusted acme.com and acme.co.uk (or acme.cl):
			// '.com' with its 'm' left out, or '.co.uk' with its '.uk'
			// ('.cl' with 'o' for 'l'); domain-typo names both, and no
			// suggestion is made.
			best.Message += fmt.Sprintf("; %s and %s are both trusted: check which was meant", best.Suggestion, rival)
			best.Suggestion = ""
			return []lint.Issue{best}
		}
	}
	if then.name != "" {
		best.Message += ", and " + thenWords(best.Suggestion, then)
		best.Suggestion = then.name
	} else if what := r.env.Describe(best.Suggestion); what != "" && onlyUnder == "" {
		best.Message += fmt.Sprintf(" (%s is a %s domain)", best.Suggestion, what)
	} else if moved := r.movedDot(f); moved != "" {
		// livec.om: not livec.com, which no one here knows, but live.com
		// with the dot struck a place off; us.afm.il: not us.afm.mil,
		// under a trusted .mil, but the registered us.af.mil.
		best.Message, best.Suggestion = r.movedMessage(f, country, moved), moved
		if r.env.IsTrusted(moved) || r.env.IsRegistered(moved) {
			best.Severity = lint.Error
		}
	} else if onlyUnder != "" {
		// Trusted as a name under a trusted suffix, not as a domain anyone
		// named: 10minutemail.mil is no domain, .mil is trusted.
		best.Message += fmt.Sprintf(" ('.%s' is trusted)", onlyUnder)
	} else if best.Severity == lint.Warning {
		// The corrected name is no domain anyone here knows: most likely a
		// real name under the country's TLD (10minutemail.ml,
		// polytechnique.cm), so a remark without a correction.
		best.Message += "; " + r.unknownTwin(best.Suggestion, bestTLD, f.TLD)
		best.Severity, best.Meant, best.Suggestion = lint.Info, best.Suggestion, ""
	}
	return []lint.Issue{best}
}

// trustedRival returns another trusted domain of f's label than meant
// that f may as well be a slip of, or "": one whose suffix starts with
// f's (acme.co.uk for acme.co: labels left out), or one slip from it
// (acme.cl). A label's first 1,024 trusted names are read.
func (r TLDTypo) trustedRival(f *domain.Facts, meant string) string {
	ids := r.env.targetsLabelled(f.Label)
	for _, id := range ids[:min(len(ids), 1024)] {
		t := &r.env.targets[id]
		if !t.trusted || t.registrable == meant {
			continue
		}
		if strings.HasPrefix(t.suffix(), f.Suffix+".") {
			return t.registrable
		}
		if e, ok := typo.Single(f.Suffix, t.suffix()); ok && tldSlip(e, f.Suffix) {
			return t.registrable
		}
	}
	return ""
}

// movedDot returns the domain someone named (Env.Named) that the name
// would be with its last dot a place off (strayDot: the dot a place to
// either side, or between two letters of the TLD), or "".
func (r TLDTypo) movedDot(f *domain.Facts) string {
	for _, cand := range strayDot(f.Name) {
		if r.env.Named(cand) {
			return cand
		}
	}
	return ""
}

// movedMessage says that f's name is moved, a domain rcptlint knows, with
// its last dot a place off.
func (r TLDTypo) movedMessage(f *domain.Facts, country, moved string) string {
	if what := r.env.Describe(moved); what != "" {
		moved = fmt.Sprintf("the %s domain %s", what, moved)
	}
	return fmt.Sprintf("'.%s' is the country domain of %s, and '%s' would be %s with its dot a place off", f.TLD, country, f.Name, moved)
}

// unknownTwin says that the generic twin of a name under a typo
// destination is no domain rcptlint knows, naming the list of the TLD
// meant when it has one.
func (r TLDTypo) unknownTwin(twin, meant, tld string) string {
	if list, ok := r.env.Data.Registry(meant); ok {
		return fmt.Sprintf("%s is no .%s domain rcptlint knows (list of %s)", twin, meant, list.Date)
	}
	return fmt.Sprintf("%s is no domain rcptlint knows, and '.%s' is a documented typo destination", twin, tld)
}

// underSecondLevel reports a domain registered under a country's
// institutional second level that the public suffix list does not carry
// (univ.edu.cm, ministry.gov.ml): the suffix is two labels, not a slip.
func (r TLDTypo) underSecondLevel(f *domain.Facts) bool {
	sub := f.Sub()
	if sub == "" {
		return false
	}
	return contains(r.env.Data.SecondLevels, f.Label)
}

// intended lists the TLDs people mean: the generic ones, then the
// one-label suffixes the user trusts.
func (r TLDTypo) intended() []string {
	out := r.env.Data.GenericTLDs
	for _, s := range r.env.trustedSuffixList {
		if !strings.Contains(s, ".") && !contains(out, s) {
			out = append(out[:len(out):len(out)], s)
		}
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
