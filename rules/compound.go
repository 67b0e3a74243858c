package rules

import (
	"fmt"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// thenMeant returns the trusted or well-known domain that name, a domain
// whose top-level domain was just corrected to tld, is itself a slip of,
// as domain-typo would find it (hotmail.com for hotmal.com), or no guess:
// when name is legitimate, when nothing is near, when two trusted domains
// are equally near, or when the domain found is not under tld (the slip
// found would undo the correction: europa.edu is no slip of europa.eu
// once .eu was corrected to .edu). Two slips in one address are so fixed
// in one suggestion.
func (e *Env) thenMeant(name, tld string) guess {
	f := domain.Analyze(name)
	if !f.Valid() {
		return guess{}
	}
	best, rival := DomainTypo{e}.nearest(f)
	if rival.name != "" || !strings.HasSuffix(best.name, "."+tld) {
		return guess{}
	}
	return best
}

// thenWords says that cand, the domain with its top-level domain
// corrected, is still a slip of the domain g names.
func thenWords(cand string, g guess) string {
	kind := "well-known mail"
	if g.trusted {
		kind = "trusted"
	}
	return fmt.Sprintf("'%s' would be the %s domain %s %s", cand, kind, displayName(g.name), g.description())
}
