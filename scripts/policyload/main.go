// Command policyload is a load generator for `rcptlint policy`: it speaks
// Postfix's policy delegation protocol over several connections, each
// sending one request at a time as Postfix's smtpd processes do, at a
// fixed total rate (or as fast as the server answers with -rate 0), and
// prints requests per second and latency percentiles. Latency runs from
// when a request was due, not when it was sent, so that a stalled server
// is not hidden by the generator waiting for it.
//
// With -pid it samples the server's resident memory (VmRSS) every tenth
// of the run, to show it stays flat.
//
//	go -C scripts run ./policyload -addr 127.0.0.1:10040 -rate 2000 -n 100000 -cold
package main

import (
	"bufio"
	"flag"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:10040", "policy server address (host:port or a Unix socket path)")
	rate := flag.Float64("rate", 2000, "requests per second in all, 0 for as fast as answered")
	n := flag.Int("n", 100000, "requests in all")
	conns := flag.Int("conns", 8, "connections, each with one request in flight")
	cold := flag.Bool("cold", false, "every request at a domain never seen before (the per-domain cache is cold)")
	pid := flag.Int("pid", 0, "server process to sample resident memory of")
	flag.Parse()
	if err := run(*addr, *rate, *n, *conns, *cold, *pid); err != nil {
		fmt.Fprintln(os.Stderr, "policyload:", err)
		os.Exit(1)
	}
}

// recipient returns the i-th recipient: warm, one of 1,000 domains of
// which 1% are slips of a trusted .mil; cold, a new domain each time.
func recipient(i int, cold bool) string {
	switch {
	case cold:
		return fmt.Sprintf("user%d@host%d.example.com", i, i)
	case i%100 == 0:
		return fmt.Sprintf("user%d@unit%d.army.ml", i, i%1000)
	}
	return fmt.Sprintf("user%d@corp%d.example.com", i, i%1000)
}

func request(i int, cold bool) string {
	return "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\n" +
		"client_address=192.0.2.1\nclient_name=client.example\nhelo_name=client.example\n" +
		fmt.Sprintf("queue_id=Q%d\ninstance=%x.1\n", i, i) +
		"sender=sender@example.org\nrecipient=" + recipient(i, cold) + "\nrecipient_count=0\nsize=1234\n\n"
}

func run(addr string, rate float64, n, conns int, cold bool, pid int) error {
	network := "tcp"
	if strings.Contains(addr, "/") {
		network = "unix"
	}
	lat := make([][]time.Duration, conns)
	svc := make([][]time.Duration, conns) // from the request's write: the client's own lateness left out
	var next atomic.Int64
	var sent atomic.Int64
	var firstErr error
	var errOnce sync.Once
	start := time.Now()
	interval := time.Duration(0)
	if rate > 0 {
		interval = time.Duration(float64(time.Second) / rate)
	}
	stop := make(chan struct{})
	rss := make(chan []string, 1)
	go func() { rss <- sampleRSS(pid, n, &sent, stop) }()
	var wg sync.WaitGroup
	for c := range conns {
		conn, err := net.Dial(network, addr)
		if err != nil {
			return err
		}
		defer conn.Close()
		wg.Add(1)
		go func() {
			defer wg.Done()
			br := bufio.NewReader(conn)
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				due := start.Add(time.Duration(i) * interval)
				if d := time.Until(due); d > 0 {
					time.Sleep(d)
				}
				if interval == 0 {
					due = time.Now()
				}
				written := time.Now()
				if _, err := conn.Write([]byte(request(i, cold))); err != nil {
					errOnce.Do(func() { firstErr = err })
					return
				}
				line, err := br.ReadString('\n')
				if err == nil {
					_, err = br.ReadString('\n')
				}
				if err != nil || !strings.HasPrefix(line, "action=") {
					errOnce.Do(func() { firstErr = fmt.Errorf("answer %q: %v", line, err) })
					return
				}
				lat[c] = append(lat[c], time.Since(due))
				svc[c] = append(svc[c], time.Since(written))
				sent.Add(1)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(stop)
	samples := <-rss
	if firstErr != nil {
		return firstErr
	}
	all := slices.Concat(lat...)
	slices.Sort(all)
	pct := func(p float64) time.Duration { return all[min(len(all)-1, int(p*float64(len(all))))] }
	mode := "warm"
	if cold {
		mode = "cold"
	}
	fmt.Printf("%d requests (%s cache), %d connections, target %.0f/s: %.0f requests/s; latency p50 %v p90 %v p99 %v p99.9 %v max %v\n",
		len(all), mode, conns, rate, float64(len(all))/elapsed.Seconds(),
		pct(0.50), pct(0.90), pct(0.99), pct(0.999), all[len(all)-1])
	served := slices.Concat(svc...)
	slices.Sort(served)
	spct := func(p float64) time.Duration { return served[min(len(served)-1, int(p*float64(len(served))))] }
	fmt.Printf("from the request's write to its answer: p50 %v p90 %v p99 %v p99.9 %v\n", spct(0.50), spct(0.90), spct(0.99), spct(0.999))
	if len(samples) > 0 {
		fmt.Printf("server RSS by tenths of the run: %s\n", strings.Join(samples, " "))
	}
	return nil
}

// sampleRSS reads the server's VmRSS each time another tenth of the
// requests is answered.
func sampleRSS(pid, n int, sent *atomic.Int64, stop <-chan struct{}) []string {
	if pid == 0 {
		return nil
	}
	var out []string
	mark := int64(0)
	for {
		select {
		case <-stop:
			return append(out, vmRSS(pid))
		case <-time.After(10 * time.Millisecond):
		}
		if s := sent.Load(); s >= mark {
			out = append(out, vmRSS(pid))
			mark += int64(n / 10)
		}
	}
}

func vmRSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			return strings.ReplaceAll(strings.TrimSpace(rest), " ", "")
		}
	}
	return "?"
}
