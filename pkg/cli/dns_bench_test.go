package cli

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/internal/dnstest"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// benchDomains is how many distinct domains the DNS benchmarks look up.
const benchDomains = 10_000

// benchZone gives each of the benchmark's domains an MX record, naming
// one host with an address.
func benchZone() string {
	var z strings.Builder
	z.WriteString("$ORIGIN rcptlint-bench.com.\n$TTL 3600\n@ SOA ns.test. hostmaster.test. 1 7200 900 1209600 3600\nmx A 192.0.2.25\n")
	for i := range benchDomains {
		fmt.Fprintf(&z, "d%d MX 10 mx.rcptlint-bench.com.\n", i)
	}
	return z.String()
}

// benchList is n addresses over the benchmark's domains, in turn.
func benchList(n int) []byte {
	var buf bytes.Buffer
	for i := range n {
		fmt.Fprintf(&buf, "u%d@d%d.rcptlint-bench.com\n", i, i%benchDomains)
	}
	return buf.Bytes()
}

func runBench(b *testing.B, data []byte, args ...string) {
	b.Helper()
	ios, _, errOut := iostreams.Test("")
	ios.In = bytes.NewReader(data)
	ios.Out = io.Discard
	if code := Main(append([]string{"check", "--no-config", "-q"}, args...), ios); code != 0 {
		b.Fatalf("exit %d: %s", code, errOut)
	}
}

// BenchmarkDNS looks up 10,000 distinct domains through an in-process DNS
// server with the default limits, each time with an empty cache ("cold":
// the limits set the pace, 5,000 queries a second), then checks a million
// addresses over them with and without --dns, the cache warm ("warm" must
// stay within 10% of "off"). scripts/dns-e2e.sh bench does the same
// against NSD.
func BenchmarkDNS(b *testing.B) {
	s, err := dnstest.Start(benchZone(), dnstest.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cache := filepath.Join(b.TempDir(), "dns-cache")
	dns := []string{"--dns", "--dns-server", s.Addr, "--dns-cache", cache}
	b.Run("cold", func(b *testing.B) {
		data := benchList(benchDomains)
		before := s.Queries()
		for b.Loop() {
			runBench(b, data, "--dns", "--dns-server", s.Addr, "--dns-cache", "off")
		}
		b.ReportMetric(float64(s.Queries()-before)/float64(b.N), "queries/op")
	})
	million := benchList(1_000_000)
	runBench(b, million, dns...)
	b.Run("warm", func(b *testing.B) {
		before := s.Queries()
		for b.Loop() {
			runBench(b, million, dns...)
		}
		if n := s.Queries() - before; n != 0 {
			b.Errorf("a warm cache made %d queries", n)
		}
	})
	b.Run("off", func(b *testing.B) {
		for b.Loop() {
			runBench(b, million)
		}
	})
}
