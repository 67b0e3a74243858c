package rules

import (
	"fmt"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// NoMail reports, from DNS evidence gathered on request (--dns), domains
// that cannot receive mail, and lookups that failed.
type NoMail struct{ env *Env }

// Doc documents the no-mail rule.
func (NoMail) Doc() lint.Doc {
	return lint.Doc{
		ID:       "no-mail",
		Summary:  "With --dns: the domain cannot receive mail (it does not exist, publishes a null MX, or has no records or no MX host with an address)",
		Severity: lint.Error,
		Explanation: `Only with --dns (or dns: true in .rcptlint.yaml); otherwise rcptlint
touches no network and this rule is silent. Each distinct domain is looked
up once (its MX records, then its address records), and the answers are
kept on disk for their time to live (--dns-cache).

An address is an error when its domain cannot receive mail, and the message
says why: the domain does not exist (NXDOMAIN), or is an alias (CNAME) of a
name that does not exist; it publishes a null MX
(RFC 7505), saying it takes no mail; it has neither MX nor address
records, so there is no implicit MX either (RFC 5321 section 5.1); or
none of its MX hosts has an address (A or AAAA), so no server can be
reached. Each such address would bounce, and bounces hurt a sender's
reputation. A host whose lookup fails never counts as one without an
address.

A lookup that fails (SERVFAIL, a timeout, a refusal, an answer that does
not parse) proves nothing: it is reported once per domain, as an info, and
the run goes on. So is an answer that a well-known mail domain (gmail.com)
does not exist: that is the resolver filtering or broken, not the domain
gone, and its other answers are suspect too. When another rule suggests
a repair of the domain, its finding carries the evidence instead (the domain does not exist, so this
mail would bounce; or it accepts mail, and whoever holds it would receive
the message), and this rule stays silent but for a failed lookup, which
that finding cannot tell.`,
		Examples: []lint.Example{
			{Address: "ops@acme-logistcs.com", Finding: "'acme-logistcs.com' does not exist (NXDOMAIN)"},
			{Address: "info@example.com", Finding: "'example.com' publishes a null MX (RFC 7505): it takes no mail"},
			{Address: "jane@gmail.com"},
		},
		FalsePositives: `A domain being set up may not exist yet, and a resolver that lies (one that
answers every name, as some providers' do) hides dead domains: use
--dns-server to ask one that does not. Allow the domain in .rcptlint.yaml
to silence it.`,
	}
}

// NewBatch starts a run's record of the failed lookups already reported.
func (r NoMail) NewBatch() lint.Batch { return &noMailBatch{env: r.env, failed: map[string]bool{}} }

// maxFailedDomains bounds the failed lookups the rule remembers; past it,
// it starts afresh, and a failure may be reported a second time.
const maxFailedDomains = 1 << 16

type noMailBatch struct {
	env    *Env
	failed map[string]bool // domains whose failed lookup was reported
	issue  [1]lint.Issue
}

// OnItsOwn marks the rule's findings as judging the address on its own.
func (b *noMailBatch) OnItsOwn() {}

// Observe is not called: the rule judges each address in order.
func (b *noMailBatch) Observe(*lint.Subject, lint.Location) {}

// Finish reports nothing: every finding was reported as it was judged.
func (b *noMailBatch) Finish(func(lint.Location, string, lint.Issue)) {}

// Judge reports an address whose domain cannot receive mail (unless
// another rule suggested a repair, which says so), and the first address
// of a domain whose lookup failed.
func (b *noMailBatch) Judge(s *lint.Subject, _ lint.Location) []lint.Issue {
	if !s.NoMail || s.Allowed {
		return nil
	}
	name, m := s.Domain.Name, s.Domain.Mail
	// A suggested repair carries the evidence in its own message, but
	// none when the lookup failed: that is still said once.
	if s.Suggested && m.Status != domain.LookupFailed {
		return nil
	}
	var is lint.Issue
	switch m.Status {
	case domain.NoDomain:
		if b.env.isListedWellKnown(name) {
			// Evidence against what everyone knows: the resolver's
			// fault, said once, as a failed lookup is. Only for the
			// listed name itself: nosuch.gmail.com may well not exist.
			if !b.once(name) {
				return nil
			}
			is.Message = fmt.Sprintf("the resolver says '%s' does not exist (NXDOMAIN), but it is a well-known mail domain: the resolver is filtering or broken (try --dns-server), and its other answers are suspect; no evidence about its mail", name)
			is.Severity = lint.Info
			break
		}
		is.Message = fmt.Sprintf("'%s' does not exist (NXDOMAIN)", name)
		if m.Alias != "" {
			is.Message = fmt.Sprintf("'%s' is an alias (CNAME) of '%s', which does not exist (NXDOMAIN)", name, m.Alias)
		}
	case domain.NullMX:
		is.Message = fmt.Sprintf("'%s' publishes a null MX (RFC 7505): it takes no mail", name)
	case domain.NoRecords:
		is.Message = fmt.Sprintf("'%s' has neither MX nor address records: it takes no mail", name)
	case domain.NoMXAddress:
		is.Message = fmt.Sprintf("'%s' has MX records, but no MX host has an address (A/AAAA): it takes no mail", name)
	case domain.LookupFailed:
		if !b.once(name) {
			return nil
		}
		is.Message = fmt.Sprintf("the DNS lookup of '%s' failed (%s): no evidence about its mail", name, m.Failure)
		is.Severity = lint.Info
	default:
		return nil
	}
	b.issue[0] = is
	return b.issue[:]
}

// once reports whether name's doubtful evidence is to be said: the first
// time it is seen (of the last maxFailedDomains such domains).
func (b *noMailBatch) once(name string) bool {
	if b.failed[name] {
		return false
	}
	if len(b.failed) >= maxFailedDomains {
		b.failed = map[string]bool{}
	}
	b.failed[name] = true
	return true
}
