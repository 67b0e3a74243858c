package policy

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"testing"
)

// BenchmarkDecide judges one recipient: warm, at one of 1,000 domains the
// per-domain cache holds; cold, at a domain never seen.
func BenchmarkDecide(b *testing.B) {
	p := testPolicy(b, Options{})
	for _, cold := range []bool{false, true} {
		b.Run(cacheName(cold), func(b *testing.B) {
			b.ReportAllocs()
			r := rcpt("")
			for i := range b.N {
				r.Recipient = benchRecipient(i, cold)
				p.Decide(r)
			}
		})
	}
}

// BenchmarkServe is one request and its answer over a loopback TCP
// connection, as one smtpd process asks: the round trip Postfix waits.
func BenchmarkServe(b *testing.B) {
	p := testPolicy(b, Options{})
	s := NewServer(p, ServerOptions{})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go s.Serve(l)
	defer s.Shutdown(b.Context())
	for _, cold := range []bool{false, true} {
		b.Run(cacheName(cold), func(b *testing.B) {
			c, err := net.Dial("tcp", l.Addr().String())
			if err != nil {
				b.Fatal(err)
			}
			defer c.Close()
			br := bufio.NewReader(c)
			b.ReportAllocs()
			for i := range b.N {
				io.WriteString(c, "request=smtpd_access_policy\nprotocol_state=RCPT\nqueue_id=Q1\nsender=s@example.org\nrecipient="+benchRecipient(i, cold)+"\n\n")
				if _, err := br.ReadString('\n'); err != nil {
					b.Fatal(err)
				}
				br.ReadString('\n')
			}
		})
	}
}

func cacheName(cold bool) string {
	if cold {
		return "cold"
	}
	return "warm"
}

// coldDomains numbers the cold domains of every run of the process, so
// that no run finds one in the cache.
var coldDomains int

func benchRecipient(i int, cold bool) string {
	if cold {
		coldDomains++
		return fmt.Sprintf("user%d@host%d.example.com", i, coldDomains)
	}
	return fmt.Sprintf("user%d@corp%d.example.com", i, i%1000)
}
