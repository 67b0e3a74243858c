package cli

import (
	"bufio"
	"context"
	"io"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/pkg/policy"
)

// waitLog waits for a log line matching re and returns its submatches.
func waitLog(t *testing.T, logs *lockedBuffer, re string) []string {
	t.Helper()
	rx := regexp.MustCompile(re)
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if m := rx.FindStringSubmatch(logs.String()); m != nil {
			return m
		}
	}
	t.Fatalf("no log line matches %s:\n%s", re, logs)
	return nil
}

func ask(t *testing.T, br *bufio.Reader, c net.Conn, recipient string) string {
	t.Helper()
	io.WriteString(c, "request=smtpd_access_policy\nprotocol_state=RCPT\nqueue_id=ABC123\nsender=me@example.com\nrecipient="+recipient+"\n\n")
	line, err := br.ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	if empty, _ := br.ReadString('\n'); empty != "\n" {
		t.Fatalf("answer %q not ended by an empty line", line)
	}
	return strings.TrimSuffix(line, "\n")
}

// TestPolicyCommandReloads runs the command in-process: it answers from
// the configuration file, a SIGHUP with a new file changes the answer on
// the same connection, a broken file is reported and the old kept, and
// cancelling stops it cleanly.
func TestPolicyCommandReloads(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "rcptlint.yaml")
	write := func(s string) {
		if err := os.WriteFile(cfg, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("trusted: [mil]\ndns: true\npolicy:\n  error: hold\n")
	logs := &lockedBuffer{}
	ios := &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: logs, Getenv: func(string) string { return "" }, Getwd: os.Getwd}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reload := make(chan os.Signal, 1)
	o := &policyOptions{
		io: ios, global: &globalOptions{configPath: cfg}, ctx: ctx, reload: reload,
		listen: "127.0.0.1:0", socket: filepath.Join(dir, "policy.sock"),
		logFormat: "text", idleTimeout: time.Minute, maxConnections: 10,
	}
	done := make(chan error, 1)
	go func() { done <- runPolicy(o) }()
	addr := waitLog(t, logs, `network=tcp address=(127\.0\.0\.1:\d+)`)[1]
	waitLog(t, logs, `network=unix address=`)
	// dns: true, which check honours, is said to be ignored here.
	waitLog(t, logs, `level=WARN msg=".*rcptlint.yaml:2: dns: true is ignored by rcptlint policy: `)

	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	br := bufio.NewReader(c)
	if got := ask(t, br, c, "j.smith@army.ml"); !strings.HasPrefix(got, "action=HOLD rcptlint tld-typo error: ") {
		t.Fatalf("answer %q", got)
	}
	waitLog(t, logs, `msg=decision queue_id=ABC123 sender=me@example.com recipient=j.smith@army.ml action=hold rule=tld-typo`)

	write("trusted: [mil]\npolicy:\n  error: reject\n  exempt-senders: [boss@example.com, Boss@Example.com, BOSS@example.com]\n")
	reload <- nil
	waitLog(t, logs, `level=WARN msg=".*rcptlint.yaml:4: policy: exempt-senders: \\"Boss@Example.com\\" repeats the entry of line 4, the first of 2 repeats in the list; each counts once"`)
	waitLog(t, logs, `configuration reloaded`)
	if got := ask(t, br, c, "j.smith@army.ml"); !strings.HasPrefix(got, "action=550 5.1.1 rcptlint tld-typo error: ") {
		t.Fatalf("answer after reload %q", got)
	}

	write("trusted: [mil]\npolicy:\n  error: bounce\n")
	reload <- nil
	waitLog(t, logs, `level=ERROR msg="configuration not reloaded; keeping the running one" err=".*rcptlint.yaml:3: policy: error: \\"bounce\\" is not an action`)
	if got := ask(t, br, c, "j.smith@army.ml"); !strings.HasPrefix(got, "action=550 ") {
		t.Fatalf("answer after a broken reload %q", got)
	}

	cancel()
	select {
	case err := <-done:
		if !exitcode.IsSilent(err) || exitcode.Of(err) != exitcode.Interrupted {
			t.Errorf("runPolicy: %v, want a silent interrupted exit, its stop logged", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("runPolicy did not stop")
	}
	if _, err := br.ReadByte(); err != io.EOF {
		t.Errorf("connection after the stop: %v, want EOF", err)
	}
}

func TestPolicyCommandErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("policy:\n  warning: warn\n  info: [x]\n"), 0o644)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--config", bad}, "bad.yaml:3: policy: info: want an action"},
		{[]string{"--no-config", "--listen", busy.Addr().String()}, "--listen " + busy.Addr().String()},
		{[]string{"--no-config", "--listen", ""}, "nothing to listen on"},
		{[]string{"--no-config", "--log-format", "xml"}, `--log-format "xml"`},
	} {
		ios, _, errOut := iostreams.Test("")
		code := Main(append([]string{"policy"}, tc.args...), ios)
		if code != int(exitcode.Trouble) || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("policy %q: code %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestPolicyActionsAgree: the configuration accepts exactly the actions
// the policy server knows.
func TestPolicyActionsAgree(t *testing.T) {
	seen := map[policy.Action]bool{}
	for _, name := range config.Actions {
		a, err := policy.ParseAction(name)
		if err != nil {
			t.Errorf("config action %q: %v", name, err)
		}
		seen[a] = true
	}
	for a := policy.Dunno; a <= policy.Reject; a++ {
		if !seen[a] {
			t.Errorf("action %v is not accepted by the configuration", a)
		}
	}
}
