// Package dnstest serves DNS in-process, for tests and benchmarks: the
// answers of an authoritative server for the records of a zone file, on a
// free loopback port, and on request the failures of broken servers (an
// error code, no answer, garbage).
package dnstest

import (
	"fmt"
	"net"
	"strings"
	"sync/atomic"

	"github.com/miekg/dns"
)

// Options add broken answers to a Server, by name (a domain, without the
// final dot).
type Options struct {
	// Rcode answers each name with an error code (dns.RcodeServerFailure).
	Rcode map[string]int
	// Silent names get no answer: their queries time out.
	Silent []string
	// Garbage names get bytes that are no DNS message.
	Garbage []string
	// Minimal leaves the additional section empty, as resolvers that give
	// minimal responses do; otherwise an MX answer carries the address
	// records the zone holds for its hosts, as an authoritative server's
	// does.
	Minimal bool
}

// Server answers queries over UDP and TCP on one loopback address.
type Server struct {
	// Addr is the server's address, HOST:PORT.
	Addr string

	records map[string][]dns.RR // by owner name, lower case with final dot
	exists  map[string]bool     // owners and the names above them
	soa     *dns.SOA
	rcode   map[string]int
	silent  map[string]bool
	garbage map[string]bool
	minimal bool
	queries atomic.Int64
	udp     *dns.Server
	tcp     *dns.Server
}

// Start serves zone, a master file (RFC 1035) that holds one SOA record
// for the negative answers, which may be given for any name.
func Start(zone string, o Options) (*Server, error) {
	s := &Server{records: map[string][]dns.RR{}, exists: map[string]bool{}, rcode: map[string]int{}, silent: map[string]bool{}, garbage: map[string]bool{}, minimal: o.Minimal}
	zp := dns.NewZoneParser(strings.NewReader(zone), ".", "zone")
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		if soa, isSOA := rr.(*dns.SOA); isSOA {
			s.soa = soa
		}
		owner := strings.ToLower(rr.Header().Name)
		s.records[owner] = append(s.records[owner], rr)
		for n := owner; n != "" && n != "."; n = n[strings.IndexByte(n, '.')+1:] {
			s.exists[n] = true
		}
	}
	if err := zp.Err(); err != nil {
		return nil, err
	}
	if s.soa == nil {
		return nil, fmt.Errorf("zone has no SOA record")
	}
	for n, rc := range o.Rcode {
		s.rcode[dns.Fqdn(n)] = rc
	}
	for _, n := range o.Silent {
		s.silent[dns.Fqdn(n)] = true
	}
	for _, n := range o.Garbage {
		s.garbage[dns.Fqdn(n)] = true
	}
	if err := s.listen(); err != nil {
		return nil, err
	}
	return s, nil
}

func (s *Server) listen() error {
	// One port for both: UDP first, then TCP on the same port, tried a
	// few times in case another program holds it.
	for range 10 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		l, err := net.Listen("tcp", pc.LocalAddr().String())
		if err != nil {
			pc.Close()
			continue
		}
		s.Addr = pc.LocalAddr().String()
		s.udp = s.serve(&dns.Server{PacketConn: pc, Handler: s})
		s.tcp = s.serve(&dns.Server{Listener: l, Handler: s})
		return nil
	}
	return fmt.Errorf("no free loopback port for both UDP and TCP")
}

func (s *Server) serve(srv *dns.Server) *dns.Server {
	started := make(chan struct{})
	srv.NotifyStartedFunc = func() { close(started) }
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	return srv
}

// Queries returns how many queries the server has received.
func (s *Server) Queries() int64 { return s.queries.Load() }

// Close stops the server.
func (s *Server) Close() {
	_ = s.udp.Shutdown()
	_ = s.tcp.Shutdown()
}

// ServeDNS answers one query.
func (s *Server) ServeDNS(w dns.ResponseWriter, r *dns.Msg) {
	s.queries.Add(1)
	if len(r.Question) != 1 {
		return
	}
	q := r.Question[0]
	name := strings.ToLower(q.Name)
	switch {
	case s.silent[name]:
		return
	case s.garbage[name]:
		_, _ = w.Write([]byte("\x00\x01garbage, not a DNS message"))
		return
	}
	m := new(dns.Msg)
	m.SetReply(r)
	m.Authoritative = true
	if rc, ok := s.rcode[name]; ok {
		m.Rcode = rc
		_ = w.WriteMsg(m)
		return
	}
	name = s.follow(m, name, q.Qtype)
	for _, rr := range s.records[name] {
		if rr.Header().Rrtype == q.Qtype {
			m.Answer = append(m.Answer, rr)
		}
	}
	if len(m.Answer) == 0 || m.Answer[len(m.Answer)-1].Header().Rrtype == dns.TypeCNAME {
		// The code is that of the last name of a CNAME chain (RFC 6604).
		if !s.exists[name] {
			m.Rcode = dns.RcodeNameError
		}
		m.Ns = []dns.RR{s.soa}
	}
	if q.Qtype == dns.TypeMX && !s.minimal {
		s.addHosts(m)
	}
	if _, udp := w.LocalAddr().(*net.UDPAddr); udp {
		size := dns.MinMsgSize
		if opt := r.IsEdns0(); opt != nil {
			size = int(opt.UDPSize())
		}
		m.Truncate(size)
	}
	_ = w.WriteMsg(m)
}

// follow puts the CNAME records from name on in m's answer, as an
// authoritative server does for the names of its zone, and returns the
// name at the end of the chain (a loop ends it).
func (s *Server) follow(m *dns.Msg, name string, qtype uint16) string {
	if qtype == dns.TypeCNAME {
		return name
	}
	seen := map[string]bool{}
	for !seen[name] {
		seen[name] = true
		var target string
		for _, rr := range s.records[name] {
			if c, ok := rr.(*dns.CNAME); ok {
				m.Answer = append(m.Answer, c)
				target = strings.ToLower(c.Target)
			}
		}
		if target == "" {
			break
		}
		name = target
	}
	return name
}

// addHosts puts the address records of the answer's MX hosts in m's
// additional section.
func (s *Server) addHosts(m *dns.Msg) {
	for _, rr := range m.Answer {
		mx, ok := rr.(*dns.MX)
		if !ok {
			continue
		}
		for _, h := range s.records[strings.ToLower(mx.Mx)] {
			if t := h.Header().Rrtype; t == dns.TypeA || t == dns.TypeAAAA {
				m.Extra = append(m.Extra, h)
			}
		}
	}
}
