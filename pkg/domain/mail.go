package domain

import (
	"context"
	"time"
)

// MailStatus is what DNS says of a domain's mail.
type MailStatus uint8

// Mail statuses. The zero value, LookupFailed, claims nothing: a lookup
// that failed (SERVFAIL, a timeout, a refusal, an answer that does not
// parse) never counts as a domain that does not exist.
const (
	LookupFailed MailStatus = iota
	// Accepts: the domain has MX records, one of whose hosts has an
	// address (or whose hosts could not all be looked up), or address
	// records that serve as its implicit MX (RFC 5321 section 5.1).
	Accepts
	// NoDomain: the domain does not exist (NXDOMAIN).
	NoDomain
	// NullMX: the domain publishes a null MX (RFC 7505): it takes no mail.
	NullMX
	// NoRecords: the domain exists but has neither MX nor address records.
	NoRecords
	// NoMXAddress: the domain has MX records, but none of their hosts has
	// an address record (A or AAAA), so mail to it cannot be delivered
	// (RFC 5321 section 5.1).
	NoMXAddress
)

// Mail is DNS evidence about one domain's mail.
type Mail struct {
	Status MailStatus
	// Failure says why a lookup failed ("SERVFAIL", "timeout"), for
	// LookupFailed.
	Failure string
	// TTL is how long the answer may be kept: the records' time to live,
	// or the negative-caching time of the zone (RFC 2308). 0 for a failure.
	TTL time.Duration
	// Alias, for NoDomain, is the name that does not exist when the domain
	// is an alias (CNAME) of it, at the end of the chain; "" when the
	// domain itself does not exist.
	Alias string
}

// Dead reports whether the domain cannot receive mail: it does not exist,
// publishes a null MX or has no records or MX host address to deliver to.
func (m *Mail) Dead() bool {
	return m.Status == NoDomain || m.Status == NullMX || m.Status == NoRecords || m.Status == NoMXAddress
}

// Resolver looks up what DNS says of a domain's mail. name is ASCII, in
// lower case. A Resolver is called from several goroutines at once.
type Resolver interface {
	LookupMail(ctx context.Context, name string) Mail
}

// Recaller is a Resolver that can answer some names at once, from what it
// keeps (a cache): the engine asks it first, and starts a lookup only for
// the names it cannot answer.
type Recaller interface {
	Resolver
	Recall(name string) (Mail, bool)
}
