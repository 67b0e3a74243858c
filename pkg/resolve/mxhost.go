package resolve

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// Bounds of the MX host lookups. A domain's hosts are looked up in order
// of preference, at most maxMXHosts of them (Postfix tries 5 addresses,
// smtp_mx_address_limit); a domain with more, none of the first of which
// has an address, is taken to accept mail, unchecked. The client
// remembers at most maxHostLookups hosts, then starts afresh, so that
// endless distinct hosts cannot exhaust memory.
const (
	maxMXHosts     = 8
	maxHostLookups = 1 << 16
)

// hostLookup is one MX host's address lookup, shared by every domain that
// names the host; its fields are set when done is closed.
type hostLookup struct {
	done    chan struct{}
	has     bool          // the host has an A or AAAA record
	failure string        // why the lookup failed, "" when it did not
	ttl     time.Duration // how long the answer holds
	expires time.Time
}

// mxHosts weighs a domain's MX records (hosts, from the answer mx): a
// null MX, or MX records that all name the root, take no mail; so do MX
// records none of whose hosts has an address (RFC 5321 section 5.1). A
// host in mx's additional section with an address settles it at once;
// otherwise each distinct host is looked up, in order of preference, until
// one has an address. A host lookup that fails proves nothing: the domain
// is then taken to accept mail, an answer not to be kept (TTL 0).
func (c *Client) mxHosts(ctx context.Context, mx *dns.Msg, hosts []dns.RR) domain.Mail {
	ttl := answerTTL(mx)
	var names []string
	seen := map[string]bool{".": true}
	slices.SortStableFunc(hosts, func(a, b dns.RR) int { return cmp.Compare(a.(*dns.MX).Preference, b.(*dns.MX).Preference) })
	for _, rr := range hosts {
		if h := strings.ToLower(dns.Fqdn(rr.(*dns.MX).Mx)); !seen[h] {
			names = append(names, h)
			seen[h] = true
		}
	}
	if len(names) == 0 {
		return domain.Mail{Status: domain.NullMX, TTL: ttl}
	}
	delete(seen, ".")
	if hasAdditional(mx, seen) {
		return domain.Mail{Status: domain.Accepts, TTL: ttl}
	}
	unknown := len(names) > maxMXHosts
	none := ttl // how long "no host has an address" holds
	for _, h := range names[:min(len(names), maxMXHosts)] {
		l := c.hostAddress(ctx, h)
		switch {
		case l == nil || l.failure != "":
			unknown = true
		case l.has:
			return domain.Mail{Status: domain.Accepts, TTL: min(ttl, l.ttl)}
		default:
			none = min(none, l.ttl)
		}
	}
	switch {
	case ctx.Err() != nil:
		return domain.Mail{Failure: "interrupted"}
	case unknown:
		return domain.Mail{Status: domain.Accepts}
	}
	return domain.Mail{Status: domain.NoMXAddress, TTL: none}
}

// hasAdditional reports whether m's additional section gives one of the
// hosts an address (the root, among them, has none).
func hasAdditional(m *dns.Msg, hosts map[string]bool) bool {
	for _, rr := range m.Extra {
		if t := rr.Header().Rrtype; (t == dns.TypeA || t == dns.TypeAAAA) && hosts[strings.ToLower(rr.Header().Name)] {
			return true
		}
	}
	return false
}

// hostAddress returns the lookup of host's addresses, started on first
// sight and shared while it holds; nil when ctx ends before its answer.
// A failed lookup is forgotten once done, so that the next domain that
// names the host asks again.
func (c *Client) hostAddress(ctx context.Context, host string) *hostLookup {
	c.hostMu.Lock()
	l := c.hosts[host]
	mine := l == nil || l.answered() && time.Now().After(l.expires)
	if mine {
		if len(c.hosts) >= maxHostLookups {
			c.hosts = map[string]*hostLookup{}
		}
		l = &hostLookup{done: make(chan struct{})}
		c.hosts[host] = l
	}
	c.hostMu.Unlock()
	if mine {
		c.lookUpHost(ctx, host, l)
		if l.failure != "" {
			c.hostMu.Lock()
			if c.hosts[host] == l {
				delete(c.hosts, host)
			}
			c.hostMu.Unlock()
		}
	}
	select {
	case <-l.done:
		return l
	case <-ctx.Done():
		return nil
	}
}

// answered reports whether the lookup has its answer.
func (l *hostLookup) answered() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

// lookUpHost asks for host's A records, then its AAAA records, and fills
// l with what they say.
func (c *Client) lookUpHost(ctx context.Context, host string, l *hostLookup) {
	defer close(l.done)
	l.ttl = MaxTTL
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		m, fail := c.ask(ctx, host, t)
		switch {
		case fail != "":
			l.failure = fail
			return
		case m.Rcode == dns.RcodeNameError:
			// No such host: no address of either kind.
			l.ttl = min(l.ttl, negativeTTL(m))
			l.expires = time.Now().Add(l.ttl)
			return
		case m.Rcode != dns.RcodeSuccess:
			l.failure = rcodeName(m.Rcode)
			return
		}
		switch rrs, stray := about(m, host, t); {
		case stray:
			l.failure = strayAnswer
			return
		case len(rrs) > 0:
			l.has, l.ttl = true, answerTTL(m)
			l.expires = time.Now().Add(l.ttl)
			return
		}
		l.ttl = min(l.ttl, negativeTTL(m))
	}
	l.expires = time.Now().Add(l.ttl)
}
