package cli

import (
	"bytes"
	"strings"
	"sync"
	"testing"
	"time"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestProgress(t *testing.T) {
	var out lockedBuffer
	p := startProgressEvery(&out, 10*time.Millisecond, 5*time.Millisecond, nil)
	p.bytes.Add(3 << 20)
	p.addresses.Add(123456)
	p.findings.Add(7)
	time.Sleep(60 * time.Millisecond)
	p.printf("list.txt:3: error: something\n")
	time.Sleep(30 * time.Millisecond)
	p.end()
	got := out.String()
	if !strings.Contains(got, "3.0 MiB read, 123,456 addresses") || !strings.Contains(got, "7 findings") {
		t.Errorf("no progress line in %q", got)
	}
	if !strings.Contains(got, "\r\x1b[Klist.txt:3: error: something\n") {
		t.Errorf("a message did not erase the progress line first: %q", got)
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("the progress line was not erased at the end: %q", got)
	}
}

// On anything but a terminal (a CI log, with --progress), the progress
// is plain lines: no carriage return, no escape sequence.
func TestProgressLinesWithoutTerminal(t *testing.T) {
	var out lockedBuffer
	p := startProgressEvery(&out, 10*time.Millisecond, 5*time.Millisecond, nil)
	p.lines = true
	p.addresses.Add(1234)
	time.Sleep(40 * time.Millisecond)
	p.printf("list.txt:3: error: something\n")
	p.end()
	got := out.String()
	if strings.ContainsAny(got, "\r\x1b") {
		t.Errorf("control characters in a log: %q", got)
	}
	if !strings.Contains(got, "rcptlint: progress: 0 B read, 1,234 addresses") || !strings.Contains(got, "list.txt:3: error: something\n") {
		t.Errorf("no progress line, or the message lost: %q", got)
	}
}

func TestProgressShortRunShowsNothing(t *testing.T) {
	var out lockedBuffer
	p := startProgress(&out, true, nil)
	p.addresses.Add(5)
	p.end()
	if out.String() != "" {
		t.Errorf("a run under a second wrote %q", out.String())
	}
}

// The progress line counts in the singular when there is one.
func TestProgressCounts(t *testing.T) {
	for _, tc := range []struct {
		addresses, findings int64
		want                []string
	}{
		{1, 1, []string{" 1 address (", "/s), 1 finding"}},
		{2, 0, []string{" 2 addresses (", "/s), 0 findings"}},
		{1234, 2, []string{" 1,234 addresses (", "/s), 2 findings"}},
	} {
		var out lockedBuffer
		p := &progress{w: &out, start: time.Now().Add(-time.Second)}
		p.addresses.Add(tc.addresses)
		p.findings.Add(tc.findings)
		p.draw()
		got := out.String()
		if !strings.Contains(got, tc.want[0]) || !strings.HasSuffix(got, tc.want[1]) {
			t.Errorf("%d addresses, %d findings: %q, want %q", tc.addresses, tc.findings, got, tc.want)
		}
	}
}
