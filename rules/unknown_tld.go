package rules

import (
	"fmt"
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
or a dot left out as in .couk for .co.uk). When a correction gives a trusted
or well-known domain, that correction wins and the message says so.`,
		Examples: []lint.Example{
			{Address: "jane@hotmail.con", Finding: "'.con' does not exist; hotmail.com is a well-known mail domain"},
			{Address: "ops@nasa.go", Finding: "'.go' does not exist; did you mean ops@nasa.gov?"},
			{Address: "j.smith@mod.gov.ul", Finding: "'.ul' does not exist; did you mean j.smith@mod.gov.uk?"},
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
	best, ok := r.closest(f)
	if !ok {
		return []lint.Issue{{Message: msg}}
	}
	if what := r.env.Describe(best); what != "" {
		msg += fmt.Sprintf("; %s is a %s domain", best, what)
	}
	return []lint.Issue{{Message: msg, Suggestion: best}}
}

// closest returns the likeliest intended domain: the domain with its TLD
// replaced by a real one a single plausible slip away.
func (r UnknownTLD) closest(f *domain.Facts) (string, bool) {
	base := strings.TrimSuffix(f.Name, f.TLD)
	best, bestScore := "", 0.0
	consider := func(suffix string, cost float64, rank int) {
		cand := base + suffix
		score := 10 - cost - float64(rank)/1000
		if r.env.Legit(cand) {
			score += 10
		}
		if score > bestScore {
			best, bestScore = cand, score
		}
	}
	for rank, t := range r.env.Data.CommonTLDs {
		if e, ok := typo.Single(f.TLD, t); ok && typo.Plausible(e, f.TLD) {
			consider(t, typo.Cost(e, f.TLD), rank)
		}
	}
	for _, s := range r.env.trustedSuffixList {
		if strings.Contains(s, ".") {
			continue
		}
		if e, ok := typo.Single(f.TLD, s); ok && typo.Plausible(e, f.TLD) {
			consider(s, typo.Cost(e, f.TLD)-0.5, 0)
		}
	}
	// Any single slip of a TLD with a registry, when the corrected name is
	// registered: uscg.mial, army.mail for the military domains.
	for _, reg := range r.env.Data.Registries {
		if e, ok := typo.Single(f.TLD, reg.TLD); ok && r.env.IsRegistered(base+reg.TLD) {
			consider(reg.TLD, typo.Cost(e, f.TLD), 0)
		}
	}
	// A look-alike of a TLD: .соm with Cyrillic letters, .c0m with a zero.
	if key := homoglyph.Key(unicodeName(f.TLD)); key != "" {
		for rank, k := range r.env.commonTLDKeys() {
			if k == key {
				consider(r.env.Data.CommonTLDs[rank], 0.5, rank)
			}
		}
	}
	// A dot left out: .couk for .co.uk, .comau for .com.au.
	for i := 1; i < len(f.TLD); i++ {
		if s := f.TLD[:i] + "." + f.TLD[i:]; domain.IsPublicSuffix(s) && strings.Contains(s, ".") {
			if ps := s[i+1:]; domain.IsKnownTLD(ps) {
				consider(s, 0.6, len(r.env.Data.CommonTLDs))
			}
		}
	}
	return best, best != ""
}
