package cli

import (
	"fmt"
	"strings"

	"github.com/agext/levenshtein"

	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// ruleToggles are check's --enable and --disable: rule names, each flag
// repeatable and taking comma lists.
type ruleToggles struct {
	enable, disable []string
}

// apply overrides the configuration's severities: a disabled rule is off,
// an enabled one has the configuration's severity unless that is off, and
// then its default. A name that is no rule, or one both enabled and
// disabled, is a usage error.
func (t ruleToggles) apply(severity map[string]lint.Severity) error {
	enabled := map[string]bool{}
	for _, id := range t.enable {
		if err := knownRule("--enable", id); err != nil {
			return err
		}
		enabled[id] = true
	}
	for _, id := range t.disable {
		if err := knownRule("--disable", id); err != nil {
			return err
		}
		if enabled[id] {
			return exitcode.Usagef("rule %s is both enabled and disabled", id)
		}
		severity[id] = lint.Off
	}
	for id := range enabled {
		if severity[id] == lint.Off {
			delete(severity, id)
		}
	}
	return nil
}

// knownRule checks that id names a rule; flag names where it was given.
func knownRule(flag, id string) error {
	if ruleIndex(id) >= 0 {
		return nil
	}
	return exitcode.Usagef("%s: %s", flag, unknownRule(id))
}

// ruleIndex is the position of rule id in rules.Docs(), or -1.
func ruleIndex(id string) int {
	for i, d := range rules.Docs() {
		if d.ID == id {
			return i
		}
	}
	return -1
}

// maxRuleName bounds the names compared with the rules' for a suggestion:
// a comparison costs the product of the lengths, and a list file's ignore
// comment may hold anything.
const maxRuleName = 64

// unknownRule says that id is no rule, with the nearest rule name when one
// is close.
func unknownRule(id string) string {
	msg := fmt.Sprintf("unknown rule %q", id)
	if len(id) > maxRuleName {
		return msg + " (see 'rcptlint rules')"
	}
	best, dist := "", 0
	for _, d := range rules.Docs() {
		if n := levenshtein.Distance(strings.ToLower(id), d.ID, nil); best == "" || n < dist {
			best, dist = d.ID, n
		}
	}
	if dist <= max(2, len(id)/3) {
		msg += fmt.Sprintf("; did you mean %s?", best)
	}
	return msg + " (see 'rcptlint rules')"
}
