package resolve

import (
	"context"
	"net"
	"testing"

	"github.com/miekg/dns"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// hostileServer answers each query over UDP with what answer makes of
// it, from a free loopback port.
func hostileServer(t *testing.T, answer func(q, m *dns.Msg)) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(func(w dns.ResponseWriter, q *dns.Msg) {
		m := new(dns.Msg)
		m.SetReply(q)
		answer(q, m)
		_ = w.WriteMsg(m)
	})}
	go func() { _ = s.ActivateAndServe() }()
	t.Cleanup(func() { _ = s.Shutdown() })
	return pc.LocalAddr().String()
}

func mustRR(t *testing.T, s string) dns.RR {
	t.Helper()
	rr, err := dns.NewRR(s)
	if err != nil {
		t.Fatal(err)
	}
	return rr
}

// TestLookupMailHostileAnswers: records a server puts in an answer count
// only when they are about the name asked (or the names it is an alias
// of); a null MX is any set of MX records that all name the root.
func TestLookupMailHostileAnswers(t *testing.T) {
	tests := []struct {
		name    string
		answer  []string // for MX queries; every A query gets an address, AAAA nothing
		want    domain.MailStatus
		failure string
	}{
		{"other.test", []string{"elsewhere.test. 300 IN MX 10 mx.elsewhere.test."}, domain.LookupFailed, "an answer about another name"},
		{"alias.test", []string{"alias.test. 300 IN CNAME real.test.", "real.test. 300 IN MX 10 mx.real.test."}, domain.Accepts, ""},
		{"aliasnull.test", []string{"aliasnull.test. 300 IN CNAME real.test.", "real.test. 300 IN MX 0 ."}, domain.NullMX, ""},
		{"twonull.test", []string{"twonull.test. 300 IN MX 0 .", "twonull.test. 300 IN MX 10 ."}, domain.NullMX, ""},
		{"nullandreal.test", []string{"nullandreal.test. 300 IN MX 0 .", "nullandreal.test. 300 IN MX 10 mx.test."}, domain.Accepts, ""},
		{"loop.test", []string{"loop.test. 300 IN CNAME loop2.test.", "loop2.test. 300 IN CNAME loop.test.", "stray.test. 300 IN MX 10 mx.test."}, domain.LookupFailed, "an answer about another name"},
	}
	answers := map[string][]string{}
	for _, tt := range tests {
		answers[dns.Fqdn(tt.name)] = tt.answer
	}
	addr := hostileServer(t, func(q, m *dns.Msg) {
		name := q.Question[0].Name
		switch q.Question[0].Qtype {
		case dns.TypeMX:
			for _, s := range answers[name] {
				m.Answer = append(m.Answer, mustRR(t, s))
			}
		case dns.TypeA:
			// The MX hosts have an address.
			m.Answer = append(m.Answer, mustRR(t, name+" 300 IN A 192.0.2.1"))
		}
	})
	c := newClient(t, addr)
	for _, tt := range tests {
		got := c.LookupMail(context.Background(), tt.name)
		if got.Status != tt.want || got.Failure != tt.failure {
			t.Errorf("LookupMail(%s) = %+v, want status %d, failure %q", tt.name, got, tt.want, tt.failure)
		}
	}
}
