//go:build unix

package cli

import (
	"encoding/json"
	"io"
	"os"
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
