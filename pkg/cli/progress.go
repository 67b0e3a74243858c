package cli

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rcptlint/rcptlint/pkg/report"
)

// progress shows, on a terminal's standard error, how a long run goes:
// bytes read, addresses per second, findings so far. It appears after the
// first second, is redrawn a few times a second, and is erased at the end;
// anything else written to standard error meanwhile goes through progress,
// which erases the line first. On anything but a terminal (a CI log, with
// --progress) it writes a plain line every few seconds instead, with no
// control characters.
type progress struct {
	w            io.Writer
	lines        bool // not a terminal: plain lines, never redrawn
	start        time.Time
	delay, every time.Duration

	bytes, addresses, findings atomic.Int64
	// queries, when the run asks DNS, counts the queries sent so far; it
	// is set before the display starts.
	queries func() int64

	mu    sync.Mutex
	shown bool
	stop  chan struct{}
	done  chan struct{}
}

const (
	progressDelay      = time.Second
	progressEvery      = 250 * time.Millisecond
	progressLinesEvery = 5 * time.Second
)

// startProgress starts the display goroutine; tty tells that w is a
// terminal. queries, if not nil, counts the DNS queries the run has sent.
func startProgress(w io.Writer, tty bool, queries func() int64) *progress {
	if !tty {
		p := startProgressEvery(w, progressDelay, progressLinesEvery, queries)
		p.lines = true
		return p
	}
	return startProgressEvery(w, progressDelay, progressEvery, queries)
}

func startProgressEvery(w io.Writer, delay, every time.Duration, queries func() int64) *progress {
	p := &progress{w: w, start: time.Now(), delay: delay, every: every, queries: queries, stop: make(chan struct{}), done: make(chan struct{})}
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer close(p.done)
	timer := time.NewTimer(p.delay)
	defer timer.Stop()
	select {
	case <-p.stop:
		return
	case <-timer.C:
	}
	tick := time.NewTicker(p.every)
	defer tick.Stop()
	for {
		p.draw()
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
	}
}

func (p *progress) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	secs := time.Since(p.start).Seconds()
	n := p.addresses.Load()
	line := fmt.Sprintf("%s read, %s (%s/s), %s",
		sizeString(p.bytes.Load()), progressCount(n, "address", "addresses"), groupDigits(int64(float64(n)/secs)),
		progressCount(p.findings.Load(), "finding", "findings"))
	if p.queries != nil {
		line += ", " + progressCount(p.queries(), "DNS query", "DNS queries")
	}
	if p.lines {
		fmt.Fprintf(p.w, "rcptlint: progress: %s\n", line)
		return
	}
	fmt.Fprint(p.w, "\r\x1b[K"+line)
	p.shown = true
}

// progressCount writes n and the noun, singular for one.
func progressCount(n int64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return groupDigits(n) + " " + many
}

// clear erases the progress line; the caller holds p.mu.
func (p *progress) clear() {
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// printf writes a message to standard error below (instead of) the line.
func (p *progress) printf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.clear()
	fmt.Fprintf(p.w, format, args...)
}

// end stops the display and erases it.
func (p *progress) end() {
	close(p.stop)
	<-p.done
	p.mu.Lock()
	p.clear()
	p.mu.Unlock()
}

// countingReader counts the bytes read through it for the display.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.n.Add(int64(n))
	return n, err
}

func sizeString(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func groupDigits(n int64) string { return report.GroupDigits(n) }
