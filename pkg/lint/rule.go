// Package lint is the rules engine of rcptlint: the types a rule implements,
// the findings it produces, and the Engine that runs rules over a stream of
// addresses. It never imports the rules themselves; the rules package
// imports it and the command line wires the two.
package lint

import (
	"fmt"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/address"
	"github.com/rcptlint/rcptlint/pkg/domain"
)

// Severity ranks findings. The zero value, Off, disables a rule.
type Severity uint8

// Severities, from none to most severe.
const (
	Off Severity = iota
	Info
	Warning
	Error
)

var severityNames = [...]string{"off", "info", "warning", "error"}

func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", s)
}

// ParseSeverity reads "error", "warning", "info" or "off".
func ParseSeverity(s string) (Severity, error) {
	for i, n := range severityNames {
		if strings.EqualFold(s, n) {
			return Severity(i), nil
		}
	}
	return Off, fmt.Errorf("unknown severity %q: want error, warning, info or off", s)
}

// Example is one address in a rule's documentation, with what the rule says
// of it.
type Example struct {
	Address string
	// Finding is the gist of the rule's message, or "" when the rule is
	// silent on this address (an example of what it must not flag).
	Finding string
}

// Doc is a rule's own documentation: the single source for `rcptlint rules`,
// `rcptlint explain`, the README table and SARIF rule metadata.
type Doc struct {
	// ID is the rule's kebab-case name, stable forever.
	ID string
	// Summary is one line, without a trailing period.
	Summary string
	// Severity is the default severity of the rule's findings.
	Severity Severity
	// Explanation says what the rule checks, why, and how it decides.
	Explanation string
	// Examples show addresses the rule flags and ones it leaves alone.
	Examples []Example
	// FalsePositives says when the rule can be wrong and what to do then.
	FalsePositives string
	// Fixable reports whether a suggestion from this rule is safe to apply
	// without a person's review when it is the only one.
	Fixable bool
}

// Issue is what a rule found, before the engine stamps it with the rule ID,
// effective severity and location.
type Issue struct {
	// Message says what is wrong, in lower case, without trailing period.
	Message string
	// Suggestion is what was probably meant: a whole address from an
	// AddressRule, a domain replacing the address's domain from a DomainRule,
	// or "" when there is no suggestion.
	Suggestion string
	// Meant, from a DomainRule, is the domain it thinks was meant when it
	// does not suggest it (a remark without a correction). With DNS
	// evidence, an issue is dropped when the domain as written accepts
	// mail and the one meant (Meant, else Suggestion) does not exist.
	Meant string
	// Unsure marks a Suggestion as the likeliest of several a slip points
	// at alike (hotmail.fe: hotmail.de, and hotmail.fr as well): it is
	// shown, and never applied unattended (Finding.Fixable is false).
	Unsure bool
	// Severity, if not Off, replaces the rule's default for this issue (a
	// near miss of a trusted domain is an error, of a well-known one a
	// warning). A severity set in the configuration overrides both.
	Severity Severity
	// Offset is the byte offset into the address of the character at
	// fault, or 0 for the address as a whole.
	Offset int
}

// Rule is implemented by every rule, together with one of AddressRule,
// DomainRule or BatchRule.
type Rule interface {
	Doc() Doc
}

// Subject is one address as an AddressRule sees it.
type Subject struct {
	// Raw is the address as written.
	Raw string
	// Addr is Raw split at its '@'; meaningless when SplitErr is set.
	Addr address.Address
	// SplitErr is set when Raw has no '@' to split at.
	SplitErr *address.SyntaxError
	// Domain holds the facts of the domain; nil when SplitErr is set.
	Domain *domain.Facts
	// DomainID numbers the distinct domains of a run from 0, so that batch
	// rules can keep per-domain state in a slice instead of a map. The same
	// domain may get a second number after the engine's cache is emptied
	// (past 65,536 distinct domains).
	DomainID int
	// Suggested is set, for batch rules, when a domain rule has already
	// suggested another domain for this address: the slip is reported.
	Suggested bool
	// Allowed is set, for batch rules, when the configuration allows this
	// address or domain: it counts, but no rule reports it.
	Allowed bool
	// NoMail is set, with DNS evidence, when Domain.Mail says the domain
	// takes no mail or its lookup failed: batch rules that weigh evidence
	// read Domain.Mail only then (a flag in the subject, where the facts
	// of another domain for each address would each be a cache miss).
	NoMail bool
	// Plain is set when Raw holds one '@', after an ASCII dot-atom local
	// part that address.CheckLocal accepts, and no angle bracket: nearly
	// every address of a list, which address rules may pass quickly.
	Plain bool
	// Mailbox fingerprints the mailbox, for batch rules: a 64-bit hash of
	// the local part as written and the domain's ASCII name in lower case
	// (as written when it has none), so that the same mailbox written with
	// a differently cased domain has the same key. 0 when SplitErr is set.
	Mailbox uint64
}

// AddressRule checks each address on its own. A Stream runs it on several
// goroutines at once: it must only read shared state.
type AddressRule interface {
	Rule
	CheckAddress(s *Subject) []Issue
}

// DomainRule checks a domain. The engine runs it once per distinct valid
// domain and applies the result to every address at that domain. A Stream
// runs it on several goroutines at once: it must only read shared state.
type DomainRule interface {
	Rule
	CheckDomain(f *domain.Facts) []Issue
}

// BatchRule sees every address of a run and reports when the run ends, for
// checks that need the whole list (a rare domain next to a frequent twin).
type BatchRule interface {
	Rule
	// NewBatch starts a fresh state for one run.
	NewBatch() Batch
}

// Batch is the state of a BatchRule during one run.
type Batch interface {
	// Observe is called for every address, in input order. s and its
	// strings are valid only during the call: copy what is kept.
	Observe(s *Subject, loc Location)
	// Finish reports what the rule found, in any order.
	Finish(report func(loc Location, address string, is Issue))
}

// OrderedBatch is a Batch that can tell, as it observes each address in
// input order, what is wrong with it given the addresses before it (it
// repeats one of them). The engine calls Judge instead of Observe and
// reports the issues with the address's own findings, as they are found,
// so that however many there are they are never held until Finish.
type OrderedBatch interface {
	Batch
	// Judge observes the address as Observe does and returns its issues.
	// The issues must not keep s or its strings. The engine is done with
	// them before it calls Judge again, so the slice, and the bytes of
	// their messages, may be reused.
	Judge(s *Subject, loc Location) []Issue
}

// EvidenceBatch is an OrderedBatch that judges an address on its own (from
// the evidence gathered about its domain), not against the addresses
// before it: its issues flag the address as the address's own findings do.
// It keeps state only to report something once per run.
type EvidenceBatch interface {
	OrderedBatch
	// OnItsOwn marks the batch; it does nothing.
	OnItsOwn()
}
