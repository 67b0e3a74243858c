package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/internal/dnstest"
)

// TestDNSInterrupt interrupts a run whose lookups hang (a server that
// never answers, a timeout of a minute): it stops at once, within the
// grace period after which it would be killed, with exit code 130, and
// saves the answers it had (the live domain's).
func TestDNSInterrupt(t *testing.T) {
	bin := buildBinary(t)
	var silent []string
	// The live domain first: its answer is in before the run hangs.
	var list strings.Builder
	list.WriteString("jane@live.test\n")
	for i := range 50 {
		name := fmt.Sprintf("hang%d.test", i)
		silent = append(silent, name)
		fmt.Fprintf(&list, "user@%s\n", name)
	}
	s, err := dnstest.Start("$ORIGIN test.\n@ 3600 SOA ns.test. h.test. 1 7200 900 1209600 600\nlive 3600 MX 10 mx.live.test.\nmx.live 3600 A 192.0.2.1\n", dnstest.Options{Silent: silent})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	dir := t.TempDir()
	path := filepath.Join(dir, "list.txt")
	cache := filepath.Join(dir, "dns-cache")
	if err := os.WriteFile(path, []byte(list.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "check", "--no-config", "-q", "--fail-on", "never", "--dns", "--dns-server", s.Addr, "--dns-cache", cache, "--dns-timeout", "1m", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until every query is out, and the live one answered.
	for deadline := time.Now().Add(10 * time.Second); s.Queries() < 51 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	took := time.Since(start)
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Errorf("exit code %d (%v), want 130", code, err)
	}
	if took > 1800*time.Millisecond {
		t.Errorf("stopping took %s: the lookups were not cancelled (the grace period is 2 s)", took)
	}
	data, err := os.ReadFile(cache)
	if err != nil || !strings.Contains(string(data), "live.test accepts ") {
		t.Errorf("the interrupted run did not save its answers: %v\n%s", err, data)
	}
}
