//go:build unix

package cli

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// With --log-format json, every line the server writes, up to and
// including its stop on SIGTERM, is a JSON object, and the exit code says
// it was interrupted.
func TestPolicyJSONLogToTheStop(t *testing.T) {
	logs := &lockedBuffer{}
	ios := &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: logs, Getenv: func(string) string { return "" }, Getwd: os.Getwd}
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"policy", "--no-config", "--listen", "127.0.0.1:0", "--log-format", "json"}, ios)
	}()
	waitLog(t, logs, `"msg":"listening"`)
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case c := <-code:
		if c != int(exitcode.Interrupted) {
			t.Errorf("exit code %d, want %d", c, exitcode.Interrupted)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not stop")
	}
	lines := strings.Split(strings.TrimSuffix(logs.String(), "\n"), "\n")
	for _, l := range lines {
		if !json.Valid([]byte(l)) {
			t.Errorf("log line %q is not JSON", l)
		}
	}
	if last := lines[len(lines)-1]; !strings.Contains(last, `"msg":"stopping"`) {
		t.Errorf("last log line %q, want the stop", last)
	}
}

// Warnings about the configuration are log lines too: with a JSON log,
// the trusted entry that is a slip is reported in JSON.
func TestPolicyJSONLogWarnings(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "rcptlint.yaml")
	if err := os.WriteFile(cfg, []byte("trusted: [gmial.com]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	logs := &lockedBuffer{}
	ios := &iostreams.IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: logs, Getenv: func(string) string { return "" }, Getwd: os.Getwd}
	code := make(chan int, 1)
	go func() {
		code <- Main([]string{"policy", "--config", cfg, "--listen", "127.0.0.1:0", "--log-format", "json"}, ios)
	}()
	waitLog(t, logs, `"msg":"listening"`)
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-code:
	case <-time.After(5 * time.Second):
		t.Fatal("the server did not stop")
	}
	for _, l := range strings.Split(strings.TrimSuffix(logs.String(), "\n"), "\n") {
		if !json.Valid([]byte(l)) {
			t.Errorf("log line %q is not JSON", l)
		}
	}
	if !strings.Contains(logs.String(), `"level":"WARN","msg":"`+cfg+`:1: trusted entry gmial.com is one slip from the well-known mail domain gmail.com`) {
		t.Errorf("no warning of the trusted slip in the log:\n%s", logs)
	}
}
