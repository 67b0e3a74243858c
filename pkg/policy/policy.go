// Package policy is rcptlint as a Postfix SMTP access policy server: it
// reads Postfix's policy delegation protocol (SMTPD_POLICY_README:
// name=value lines ended by an empty line, answered by one action=... line
// and an empty line, on a connection Postfix reuses), judges each
// recipient with the rules that need no other address, and answers with
// the action configured for the most severe finding.
package policy

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// Action is what the server tells Postfix to do with a recipient.
type Action uint8

// Actions, from the least to the most disruptive.
const (
	// Dunno lets the next restriction decide, as if the server were not
	// there.
	Dunno Action = iota
	// Warn logs the finding in Postfix's log and lets the mail through.
	Warn
	// Prepend adds an X-Rcptlint header naming the finding and lets the
	// mail through.
	Prepend
	// Hold accepts the message into Postfix's hold queue, where it waits
	// for an administrator to release (postsuper -H) or delete it.
	Hold
	// Defer refuses the recipient for now (450 4.x.x): the sending client
	// retries and, after its queue lifetime, gives up.
	Defer
	// Reject refuses the recipient for good (550 5.x.x): the sender is
	// told at once.
	Reject
)

var actionNames = [...]string{"dunno", "warn", "prepend", "hold", "defer", "reject"}

func (a Action) String() string {
	if int(a) < len(actionNames) {
		return actionNames[a]
	}
	return fmt.Sprintf("action(%d)", a)
}

// ParseAction reads an action name, in any case.
func ParseAction(s string) (Action, error) {
	for i, n := range actionNames {
		if strings.EqualFold(s, n) {
			return Action(i), nil
		}
	}
	return Dunno, fmt.Errorf("unknown action %q: want %s", s, strings.Join(actionNames[:], ", "))
}

// DefaultActions are the actions when none is configured. An error (a
// slip of a trusted domain, an address that cannot be delivered) holds
// the message: nothing is lost and nothing leaves until a person has
// looked, whereas a rejection sends the sender a bounce they may not
// read, and a wrong one blocks mail that was right. A warning is logged
// in Postfix's log only, and an info finding is not acted on. Turn error
// to reject on the submission service, where the sender is the user at
// their mail client and sees the refusal at once, once the warn log shows
// no false positive.
var DefaultActions = map[lint.Severity]Action{lint.Error: Hold, lint.Warning: Warn, lint.Info: Dunno}

// Options configure a Policy.
type Options struct {
	// Engine runs the rules. Only its address and domain rules are used.
	Engine *lint.Engine
	// Actions maps a severity to an action; DefaultActions fill the
	// severities it lacks.
	Actions map[lint.Severity]Action
	// ExemptSenders are envelope senders whose mail is not checked: an
	// address, or a domain (optionally written @domain) that covers its
	// subdomains. Case is ignored.
	ExemptSenders []string
	// ExemptSASLUsers are SASL login names whose mail is not checked.
	// Case matters, as it does to most SASL back ends.
	ExemptSASLUsers []string
}

// Policy decides requests. It only reads its state once made: any number
// of connections may use it at once.
type Policy struct {
	engine        *lint.Engine
	actions       [lint.Error + 1]Action
	senderAddrs   map[string]bool
	senderDomains map[string]bool
	saslUsers     map[string]bool
}

// New returns a Policy for the options.
func New(o Options) (*Policy, error) {
	if o.Engine == nil {
		return nil, fmt.Errorf("policy: no engine")
	}
	p := &Policy{
		engine:        o.Engine,
		senderAddrs:   map[string]bool{},
		senderDomains: map[string]bool{},
		saslUsers:     map[string]bool{},
	}
	for sev, a := range DefaultActions {
		p.actions[sev] = a
	}
	// By severity, so that of several bad actions the error names the
	// same one every time.
	for _, sev := range slices.Sorted(maps.Keys(o.Actions)) {
		a := o.Actions[sev]
		if sev < lint.Info || sev > lint.Error || a > Reject {
			return nil, fmt.Errorf("policy: action %v for severity %v: out of range", a, sev)
		}
		p.actions[sev] = a
	}
	for _, s := range o.ExemptSenders {
		s = strings.ToLower(strings.TrimSpace(s))
		if strings.Contains(strings.TrimPrefix(s, "@"), "@") {
			p.senderAddrs[s] = true
		} else {
			p.senderDomains[strings.TrimPrefix(s, "@")] = true
		}
	}
	for _, u := range o.ExemptSASLUsers {
		p.saslUsers[u] = true
	}
	return p, nil
}

// Decision is the answer to one request and why.
type Decision struct {
	Action Action
	// Finding is the most severe finding, nil when there is none.
	Finding *lint.Finding
	// Skipped says why the request was not judged ("exempt sender", "not
	// the RCPT stage", ...), "" when it was.
	Skipped string
}

// Decide judges one request. A request that is malformed, not a policy
// request, not at the RCPT stage or from an exempt sender or user gets
// Dunno: the server never refuses what it did not judge.
func (p *Policy) Decide(r *Request) Decision {
	if why := p.skip(r); why != "" {
		return Decision{Action: Dunno, Skipped: why}
	}
	fs := p.engine.CheckAlone(r.Recipient, lint.Location{File: "recipient", Line: 1, Column: 1}, nil)
	var worst *lint.Finding
	for i := range fs {
		if worst == nil || fs[i].Severity > worst.Severity {
			worst = &fs[i]
		}
	}
	if worst == nil {
		return Decision{Action: Dunno}
	}
	return Decision{Action: p.actions[worst.Severity], Finding: worst}
}

func (p *Policy) skip(r *Request) string {
	switch {
	case r.Malformed != "":
		return "malformed request: " + r.Malformed
	case r.Request != "smtpd_access_policy":
		return "not an smtpd_access_policy request"
	case !strings.EqualFold(r.ProtocolState, "RCPT"):
		return "not the RCPT stage"
	case r.Recipient == "":
		return "no recipient"
	case isLocal(r.Recipient):
		// root@localhost, postmaster: a mailbox on this host, never a
		// slip toward the Internet; holding it would hold the message.
		return "local recipient"
	case r.SASLUsername != "" && p.saslUsers[r.SASLUsername]:
		return "exempt SASL user"
	case p.exemptSender(r.Sender):
		return "exempt sender"
	}
	return ""
}

func (p *Policy) exemptSender(sender string) bool {
	if sender == "" || len(p.senderAddrs)+len(p.senderDomains) == 0 {
		return false
	}
	sender = strings.ToLower(sender)
	if p.senderAddrs[sender] {
		return true
	}
	at := strings.LastIndexByte(sender, '@')
	for d := sender[at+1:]; d != ""; {
		if p.senderDomains[d] {
			return true
		}
		dot := strings.IndexByte(d, '.')
		if dot < 0 {
			break
		}
		d = d[dot+1:]
	}
	return false
}

// isLocal reports whether a recipient is a mailbox of this host: no '@',
// or a domain without a dot (localhost, a bare host name).
func isLocal(recipient string) bool {
	at := strings.LastIndexByte(recipient, '@')
	return at < 0 || !strings.Contains(strings.TrimSuffix(recipient[at+1:], "."), ".")
}
