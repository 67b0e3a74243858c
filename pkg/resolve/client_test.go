package resolve

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/rcptlint/rcptlint/internal/dnstest"
	"github.com/rcptlint/rcptlint/pkg/domain"
)

// testZone holds one domain for each answer a lookup can get.
const testZone = `
$ORIGIN test.
$TTL 3600
@            SOA   ns.test. host.test. 1 7200 900 1209600 600
mx           MX    10 mail.mx.test.
mail.mx      A     192.0.2.1
nullmx       MX    0 .
aonly        A     192.0.2.2
v6only       AAAA  2001:db8::1
txtonly      TXT   "no mail here"
short 60     MX    10 mail.mx.test.
`

func startServer(t *testing.T, zone string, o dnstest.Options) *dnstest.Server {
	t.Helper()
	s, err := dnstest.Start(zone, o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func newClient(t *testing.T, server string) *Client {
	t.Helper()
	c, err := New(Options{Server: server, Timeout: time.Second}) // answering servers answer in time on a loaded machine too
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestLookupMail(t *testing.T) {
	bigZone := testZone
	for i := range 60 {
		bigZone += fmt.Sprintf("big MX %d mail%d.a-rather-long-host-name-to-fill-the-answer.test.\n", i, i)
	}
	// Its first host's address comes in the TCP answer's additional section.
	bigZone += "mail0.a-rather-long-host-name-to-fill-the-answer.test. A 192.0.2.3\n"
	s := startServer(t, bigZone, dnstest.Options{
		Rcode:   map[string]int{"servfail.test": dns.RcodeServerFailure, "refused.test": dns.RcodeRefused},
		Silent:  []string{"slow.test"},
		Garbage: []string{"garbage.test"},
	})
	c := newClient(t, s.Addr)
	tests := []struct {
		name    string
		want    domain.MailStatus
		failure string
		ttl     time.Duration
		queries int64 // sent for this name
	}{
		{"mx.test", domain.Accepts, "", time.Hour, 1},
		{"short.test", domain.Accepts, "", time.Minute, 1},
		{"nullmx.test", domain.NullMX, "", time.Hour, 1},
		{"aonly.test", domain.Accepts, "", time.Hour, 2},
		{"v6only.test", domain.Accepts, "", time.Hour, 3},
		{"txtonly.test", domain.NoRecords, "", 600 * time.Second, 3},
		{"nxdomain.test", domain.NoDomain, "", 600 * time.Second, 1},
		{"big.test", domain.Accepts, "", time.Hour, 2}, // truncated, then TCP
		{"servfail.test", domain.LookupFailed, "SERVFAIL", 0, 2},
		{"refused.test", domain.LookupFailed, "REFUSED", 0, 1},
		{"slow.test", domain.LookupFailed, "timeout", 0, 2},
		{"garbage.test", domain.LookupFailed, "malformed answer", 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := c.Queries()
			got := c.LookupMail(context.Background(), tt.name)
			if got.Status != tt.want || got.Failure != tt.failure || got.TTL != tt.ttl {
				t.Errorf("LookupMail(%s) = %+v, want status %d, failure %q, TTL %s", tt.name, got, tt.want, tt.failure, tt.ttl)
			}
			if n := c.Queries() - before; n != tt.queries {
				t.Errorf("LookupMail(%s) sent %d queries, want %d", tt.name, n, tt.queries)
			}
		})
	}
}

func TestLookupMailInterrupted(t *testing.T) {
	s := startServer(t, testZone, dnstest.Options{Silent: []string{"slow.test"}})
	c, err := New(Options{Server: s.Addr, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	got := c.LookupMail(ctx, "slow.test")
	if got.Status != domain.LookupFailed || time.Since(start) > 5*time.Second {
		t.Errorf("LookupMail after cancel = %+v after %s, want a failure at once", got, time.Since(start))
	}
}

func TestServerAddr(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"127.0.0.1:5353", "127.0.0.1:5353", ""},
		{"192.0.2.53", "192.0.2.53:53", ""},
		{"::1", "[::1]:53", ""},
		{"[::1]:5353", "[::1]:5353", ""},
		{"dns.example:x:y", "", "want HOST:PORT"},
		{"dns.example", "dns.example:53", ""},
	}
	for _, tt := range tests {
		got, err := serverAddr(tt.in)
		if got != tt.want || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("serverAddr(%q) = %q, %v; want %q, error with %q", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestNewRejectsNegativeLimits(t *testing.T) {
	if _, err := New(Options{Server: "127.0.0.1:53", InFlight: -1}); err == nil {
		t.Error("New accepted -1 queries in flight")
	}
}

// TestPace holds the queries a second: 50 queries at 500 a second, with a
// burst of 10, take at least 70 ms (the 40 past the burst, 2 ms apart).
func TestPace(t *testing.T) {
	p := pacer{every: 2 * time.Millisecond, slack: 20 * time.Millisecond}
	start := time.Now()
	for range 50 {
		if err := p.wait(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d < 70*time.Millisecond {
		t.Errorf("50 queries at one each 2 ms with 20 ms of slack went in %s", d)
	}
}

// TestLookupMailAlias: NXDOMAIN reached through CNAME records is the code
// of the last name of the chain (RFC 6604), which the answer names.
func TestLookupMailAlias(t *testing.T) {
	s := startServer(t, testZone+`
alias        CNAME gone.test.
alias2       CNAME alias.test.
loop1        CNAME loop2.test.
loop2        CNAME loop1.test.
`, dnstest.Options{})
	c := newClient(t, s.Addr)
	tests := []struct {
		name  string
		want  domain.MailStatus
		alias string
	}{
		{"alias.test", domain.NoDomain, "gone.test"},
		{"alias2.test", domain.NoDomain, "gone.test"},
		{"gone.test", domain.NoDomain, ""},
		{"loop1.test", domain.NoRecords, ""},
	}
	for _, tt := range tests {
		if got := c.LookupMail(context.Background(), tt.name); got.Status != tt.want || got.Alias != tt.alias {
			t.Errorf("LookupMail(%s) = %+v, want status %d, alias %q", tt.name, got, tt.want, tt.alias)
		}
	}
}

// mxHostZone has domains whose MX hosts have an address, or none.
const mxHostZone = testZone + `
nohost       MX    10 mail.nohost.test.
twohosts     MX    10 gone.test.
twohosts     MX    20 txtonly.test.
second       MX    10 gone.test.
second       MX    20 mail.mx.test.
sharedhost   MX    10 mail.nohost.test.
failhost     MX    10 servfail.test.
mixed        MX    10 servfail.test.
mixed        MX    20 gone.test.
aliashost    MX    10 alias.test.
alias        CNAME mail.mx.test.
`

// TestLookupMailMXHosts: a domain whose MX hosts have no address (A or
// AAAA) takes no mail (RFC 5321 section 5.1); each distinct host is asked
// once, and one whose lookup fails proves nothing.
func TestLookupMailMXHosts(t *testing.T) {
	s := startServer(t, mxHostZone, dnstest.Options{
		Minimal: true,
		Rcode:   map[string]int{"servfail.test": dns.RcodeServerFailure},
	})
	c := newClient(t, s.Addr)
	tests := []struct {
		name    string
		want    domain.MailStatus
		ttl     time.Duration
		queries int64
	}{
		{"mx.test", domain.Accepts, time.Hour, 2},                 // MX, the host's A
		{"nohost.test", domain.NoMXAddress, 600 * time.Second, 2}, // MX, the host's A: NXDOMAIN
		{"sharedhost.test", domain.NoMXAddress, 600 * time.Second, 1},
		{"twohosts.test", domain.NoMXAddress, 600 * time.Second, 4}, // gone: A; txtonly: A, AAAA
		{"second.test", domain.Accepts, time.Hour, 1},               // both hosts known
		{"failhost.test", domain.Accepts, 0, 3},                     // SERVFAIL twice: not kept
		{"mixed.test", domain.Accepts, 0, 3},
		{"aliashost.test", domain.Accepts, time.Hour, 2},
		{"nullmx.test", domain.NullMX, time.Hour, 1},
	}
	for _, tt := range tests {
		before := c.Queries()
		got := c.LookupMail(context.Background(), tt.name)
		if got.Status != tt.want || got.TTL != tt.ttl {
			t.Errorf("LookupMail(%s) = %+v, want status %d, TTL %s", tt.name, got, tt.want, tt.ttl)
		}
		if n := c.Queries() - before; n != tt.queries {
			t.Errorf("LookupMail(%s) sent %d queries, want %d", tt.name, n, tt.queries)
		}
	}
}

// TestLookupMailMXHostsAdditional: a host given an address in the MX
// answer's additional section, as an authoritative server gives it,
// costs no query.
func TestLookupMailMXHostsAdditional(t *testing.T) {
	s := startServer(t, mxHostZone, dnstest.Options{})
	c := newClient(t, s.Addr)
	for _, name := range []string{"mx.test", "second.test"} {
		before := c.Queries()
		if got := c.LookupMail(context.Background(), name); got.Status != domain.Accepts || c.Queries()-before != 1 {
			t.Errorf("LookupMail(%s) = %+v in %d queries, want it to accept mail in 1", name, got, c.Queries()-before)
		}
	}
	if got := c.LookupMail(context.Background(), "nohost.test"); got.Status != domain.NoMXAddress {
		t.Errorf("LookupMail(nohost.test) = %+v, want no MX host address", got)
	}
}

// TestLookupMailManyMXHosts: at most maxMXHosts hosts of a domain are
// looked up; past them, with no address found, nothing is claimed.
func TestLookupMailManyMXHosts(t *testing.T) {
	zone := testZone
	for i := range 50 {
		zone += fmt.Sprintf("many MX %d gone%d.test.\n", i, i)
	}
	s := startServer(t, zone, dnstest.Options{Minimal: true})
	c := newClient(t, s.Addr)
	got := c.LookupMail(context.Background(), "many.test")
	if got.Status != domain.Accepts || got.TTL != 0 || c.Queries() != 1+maxMXHosts {
		t.Errorf("LookupMail(many.test) = %+v in %d queries, want it taken to accept mail, unkept, in %d", got, c.Queries(), 1+maxMXHosts)
	}
}
