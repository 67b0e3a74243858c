package rules

import (
	"fmt"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// thenMeant returns the trusted or well-known domain that name, a domain
// whose top-level domain was just corrected, is itself a slip of, as
// domain-typo would find it (hotmail.com for hotmal.com), or no guess:
// when name is legitimate, when nothing is near, or when two trusted
// domains are equally near. Two slips in one address are so fixed in one
// suggestion.
func (e *Env) thenMeant(name string) guess {
	f := domain.Analyze(name)
	if !f.Valid() {
		return guess{}
	}
	best, rival := DomainTypo{e}.nearest(f)
	if rival.name != "" {
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
	return fmt.Sprintf("'%s' would be the %s domain %s %s", cand, kind, displayName(g.name), g.how)
}
