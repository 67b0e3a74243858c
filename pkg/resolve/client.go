// Package resolve is rcptlint's only contact with the network: a DNS
// client that tells whether a domain can receive mail (domain.Resolver),
// bounded in queries in flight and per second, and a cache of its answers
// on disk between runs. It uses github.com/miekg/dns, which reads the
// response code and every record of an answer: the standard library's
// resolver reports NXDOMAIN, SERVFAIL and a missing record alike on some
// platforms and cannot show a null MX (RFC 7505) at all.
package resolve

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/miekg/dns"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// Default limits. A run of 10,000 new domains makes 10,000 to 30,000
// queries; at 5,000 a second it takes 2 to 6 s, and a resolver that
// answers in 50 ms keeps 250 queries in flight at that pace. Both are
// far below what a recursive resolver serves (tens of thousands a second).
const (
	DefaultInFlight  = 256
	DefaultPerSecond = 5000
	DefaultTimeout   = 2 * time.Second
)

// Options configure a Client.
type Options struct {
	// Server is the DNS server, HOST:PORT (HOST alone means port 53); ""
	// for the system's resolver, the first nameserver of /etc/resolv.conf.
	Server string
	// InFlight bounds the queries waiting for an answer; 0 means
	// DefaultInFlight.
	InFlight int
	// PerSecond bounds the queries sent each second; 0 means
	// DefaultPerSecond.
	PerSecond int
	// Timeout is how long a query waits for its answer; 0 means
	// DefaultTimeout. A query that times out is sent once more.
	Timeout time.Duration
}

// Client looks up domains' mail records. It is safe for concurrent use.
type Client struct {
	server   string
	udp, tcp *dns.Client
	slots    chan struct{}
	pace     pacer
	queries  atomic.Int64

	hostMu sync.Mutex
	hosts  map[string]*hostLookup // by MX host, lower case with final dot
}

// resolvConf is where the system's resolver is configured.
const resolvConf = "/etc/resolv.conf"

// New returns a client for the options.
func New(o Options) (*Client, error) {
	server, err := serverAddr(o.Server)
	if err != nil {
		return nil, err
	}
	if o.InFlight < 0 || o.PerSecond < 0 || o.Timeout < 0 {
		return nil, fmt.Errorf("dns limits must not be negative (in flight %d, per second %d, timeout %s)", o.InFlight, o.PerSecond, o.Timeout)
	}
	o.InFlight = cmpOr(o.InFlight, DefaultInFlight)
	o.PerSecond = cmpOr(o.PerSecond, DefaultPerSecond)
	o.Timeout = cmpOr(o.Timeout, DefaultTimeout)
	c := &Client{
		server: server,
		udp:    &dns.Client{Net: "udp", Timeout: o.Timeout, UDPSize: udpSize},
		tcp:    &dns.Client{Net: "tcp", Timeout: o.Timeout},
		slots:  make(chan struct{}, o.InFlight),
		hosts:  map[string]*hostLookup{},
	}
	c.pace.every = time.Second / time.Duration(o.PerSecond)
	// A burst of a fiftieth of a second's queries may go at once.
	c.pace.slack = time.Duration(max(o.PerSecond/50, 1)) * c.pace.every
	return c, nil
}

func cmpOr[T int | time.Duration](v, def T) T {
	if v == 0 {
		return def
	}
	return v
}

// udpSize is the EDNS0 buffer size asked for, the one DNS Flag Day 2020
// recommends; a longer answer comes truncated and is asked again over TCP.
const udpSize = 1232

// serverAddr returns the address of the server to ask.
func serverAddr(s string) (string, error) {
	if s == "" {
		conf, err := dns.ClientConfigFromFile(resolvConf)
		if err != nil || len(conf.Servers) == 0 {
			return "", fmt.Errorf("no system resolver in %s (%v): name one with --dns-server HOST:PORT", resolvConf, err)
		}
		return net.JoinHostPort(conf.Servers[0], conf.Port), nil
	}
	if _, _, err := net.SplitHostPort(s); err != nil {
		// A host alone: a name, or an IP address (IPv6 has colons).
		host := strings.Trim(s, "[]")
		if strings.Contains(host, ":") && net.ParseIP(host) == nil {
			return "", fmt.Errorf("dns server %q: want HOST:PORT: %w", s, err)
		}
		s = net.JoinHostPort(host, "53")
	}
	return s, nil
}

// Server returns the address of the server the client asks.
func (c *Client) Server() string { return c.server }

// Queries returns how many queries the client has sent.
func (c *Client) Queries() int64 { return c.queries.Load() }

// LookupMail tells whether name can receive mail: its MX records, and
// when it has none its address records (the implicit MX of RFC 5321
// section 5.1).
func (c *Client) LookupMail(ctx context.Context, name string) domain.Mail {
	mx, fail := c.ask(ctx, name, dns.TypeMX)
	if fail != "" {
		return domain.Mail{Failure: fail}
	}
	switch mx.Rcode {
	case dns.RcodeNameError:
		return noDomain(mx, name)
	case dns.RcodeSuccess:
	default:
		return domain.Mail{Failure: rcodeName(mx.Rcode)}
	}
	hosts, stray := about(mx, name, dns.TypeMX)
	if stray {
		return domain.Mail{Failure: strayAnswer}
	}
	if len(hosts) > 0 {
		return c.mxHosts(ctx, mx, hosts)
	}
	for _, t := range []uint16{dns.TypeA, dns.TypeAAAA} {
		addr, fail := c.ask(ctx, name, t)
		switch {
		case fail != "":
			return domain.Mail{Failure: fail}
		case addr.Rcode == dns.RcodeNameError:
			return noDomain(addr, name)
		case addr.Rcode != dns.RcodeSuccess:
			return domain.Mail{Failure: rcodeName(addr.Rcode)}
		}
		switch rrs, stray := about(addr, name, t); {
		case stray:
			return domain.Mail{Failure: strayAnswer}
		case len(rrs) > 0:
			return domain.Mail{Status: domain.Accepts, TTL: answerTTL(addr)}
		}
	}
	return domain.Mail{Status: domain.NoRecords, TTL: negativeTTL(mx)}
}

func rcodeName(rc int) string {
	if s, ok := dns.RcodeToString[rc]; ok {
		return s
	}
	return fmt.Sprintf("rcode %d", rc)
}

// strayAnswer is the failure of an answer whose records are about
// another name than the one asked.
const strayAnswer = "an answer about another name"

// noDomain is the answer NXDOMAIN to a query about name. Its code is that
// of the last name of the CNAME chain the answer holds (RFC 6604): when
// name is an alias, the name that does not exist is another.
func noDomain(m *dns.Msg, name string) domain.Mail {
	mail := domain.Mail{Status: domain.NoDomain, TTL: negativeTTL(m)}
	if names := chain(m, name); len(names) > 1 {
		mail.Alias = strings.TrimSuffix(names[len(names)-1], ".")
	}
	return mail
}

// chain returns name, in lower case with its final dot, and the names it
// is an alias of along m's CNAME records, in order, each once (so that a
// loop ends).
func chain(m *dns.Msg, name string) []string {
	var alias map[string]string
	for _, rr := range m.Answer {
		if c, ok := rr.(*dns.CNAME); ok {
			if alias == nil {
				alias = map[string]string{}
			}
			alias[strings.ToLower(c.Hdr.Name)] = strings.ToLower(c.Target)
		}
	}
	n := strings.ToLower(dns.Fqdn(name))
	names, seen := []string{n}, map[string]bool{n: true}
	for n = alias[n]; n != "" && !seen[n]; n = alias[n] {
		names = append(names, n)
		seen[n] = true
	}
	return names
}

// about returns the records of type t in m's answer that are about name:
// owned by it or by a name it is an alias of, along the answer's CNAME
// records. stray reports records of type t about other names only: a
// server that answers garbage may answer the right question with records
// of another name.
func about(m *dns.Msg, name string, t uint16) (rrs []dns.RR, stray bool) {
	owners := map[string]bool{}
	for _, n := range chain(m, name) {
		owners[n] = true
	}
	for _, rr := range m.Answer {
		if rr.Header().Rrtype != t {
			continue
		}
		if owners[strings.ToLower(rr.Header().Name)] {
			rrs = append(rrs, rr)
		} else {
			stray = true
		}
	}
	return rrs, stray && len(rrs) == 0
}

// answerTTL is the least TTL of an answer's records.
func answerTTL(m *dns.Msg) time.Duration {
	ttl := uint32(0)
	for i, rr := range m.Answer {
		if t := rr.Header().Ttl; i == 0 || t < ttl {
			ttl = t
		}
	}
	return time.Duration(ttl) * time.Second
}

// negativeTTL is how long a negative answer may be kept (RFC 2308
// section 5): the least of the SOA record's TTL and its MINIMUM field; 0
// without an SOA record.
func negativeTTL(m *dns.Msg) time.Duration {
	for _, rr := range m.Ns {
		if soa, ok := rr.(*dns.SOA); ok {
			return time.Duration(min(soa.Hdr.Ttl, soa.Minttl)) * time.Second
		}
	}
	return 0
}

// ask sends one query, and once more when it times out, fails on the
// network or the server fails (SERVFAIL). It returns the answer, or why
// there is none.
func (c *Client) ask(ctx context.Context, name string, qtype uint16) (*dns.Msg, string) {
	q := new(dns.Msg)
	q.SetQuestion(dns.Fqdn(name), qtype)
	q.SetEdns0(udpSize, false)
	fail := ""
	for range 2 {
		m, err := c.exchange(ctx, q)
		switch {
		case ctx.Err() != nil:
			return nil, "interrupted"
		case err != nil:
			fail = failure(err)
		case !answers(m, q):
			fail = "an answer to another question"
		case m.Rcode == dns.RcodeServerFailure:
			fail = "SERVFAIL"
		default:
			return m, ""
		}
	}
	return nil, fail
}

// answers reports whether m answers q: a server that answers garbage may
// also answer the wrong question.
func answers(m, q *dns.Msg) bool {
	return len(m.Question) == 1 && m.Question[0].Qtype == q.Question[0].Qtype &&
		strings.EqualFold(m.Question[0].Name, q.Question[0].Name)
}

// failure names a query's error for a finding.
func failure(err error) string {
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "timeout"
	case errors.Is(err, dns.ErrId), errors.Is(err, dns.ErrShortRead), strings.Contains(err.Error(), "dns: "):
		return "malformed answer"
	default:
		return "network error"
	}
}

// exchange sends q within the limits, over TCP when the UDP answer was
// truncated.
func (c *Client) exchange(ctx context.Context, q *dns.Msg) (*dns.Msg, error) {
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.slots }()
	if err := c.pace.wait(ctx); err != nil {
		return nil, err
	}
	m, err := c.send(ctx, c.udp, q)
	if err == nil && m.Truncated {
		m, err = c.send(ctx, c.tcp, q)
	}
	return m, err
}

// send exchanges q over a connection of its own, which the end of ctx
// unblocks at once (the client watches its context only while dialling).
func (c *Client) send(ctx context.Context, client *dns.Client, q *dns.Msg) (*dns.Msg, error) {
	c.queries.Add(1)
	co, err := client.DialContext(ctx, c.server)
	if err != nil {
		return nil, err
	}
	defer co.Close()
	stop := context.AfterFunc(ctx, func() { _ = co.SetDeadline(time.Unix(1, 0)) })
	defer stop()
	m, _, err := client.ExchangeWithConnContext(ctx, q, co)
	return m, err
}

// pacer spaces queries every apart, letting slack's worth of them go at
// once after a pause.
type pacer struct {
	every, slack time.Duration

	mu   sync.Mutex
	next time.Time
}

// wait returns when the next query may go.
func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	now := time.Now()
	if earliest := now.Add(-p.slack); p.next.Before(earliest) {
		p.next = earliest
	}
	at := p.next
	p.next = p.next.Add(p.every)
	p.mu.Unlock()
	d := at.Sub(now)
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
