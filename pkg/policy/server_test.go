package policy

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// syncBuffer is a log destination the server's goroutines may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start serves p on a loopback port and returns its address and the log.
func start(t *testing.T, p *Policy, o ServerOptions) (*Server, string, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	o.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s := NewServer(p, o)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-served; !errors.Is(err, ErrServerClosed) {
			t.Errorf("Serve returned %v, want ErrServerClosed", err)
		}
	})
	return s, l.Addr().String(), logs
}

func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	c.SetDeadline(time.Now().Add(10 * time.Second))
	return c
}

func request(recipient string) string {
	return "request=smtpd_access_policy\nprotocol_state=RCPT\nqueue_id=Q1\nsender=me@example.com\nrecipient=" + recipient + "\n\n"
}

// answers reads n answers from br.
func answers(t *testing.T, br *bufio.Reader, n int) []string {
	t.Helper()
	var out []string
	for range n {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("reading answer %d: %v (so far %q)", len(out)+1, err, out)
		}
		if empty, err := br.ReadString('\n'); err != nil || empty != "\n" {
			t.Fatalf("answer %q not followed by an empty line: %q, %v", line, empty, err)
		}
		out = append(out, strings.TrimSuffix(line, "\n"))
	}
	return out
}

func TestServerPipelinedOnOneConnection(t *testing.T) {
	_, addr, logs := start(t, testPolicy(t, Options{}), ServerOptions{})
	c := dial(t, addr)
	// Three requests in one write, one of them malformed, then one more
	// after the answers: the connection is reused.
	io.WriteString(c, request("j.smith@army.ml")+"garbage\n\n"+request("ok@example.com"))
	br := bufio.NewReader(c)
	got := answers(t, br, 3)
	if !strings.HasPrefix(got[0], "action=HOLD rcptlint tld-typo") || got[1] != "action=DUNNO" || got[2] != "action=DUNNO" {
		t.Errorf("answers %q", got)
	}
	io.WriteString(c, request("x@gmial.com"))
	if got := answers(t, br, 1); !strings.HasPrefix(got[0], "action=WARN ") {
		t.Errorf("answer on the reused connection %q", got)
	}
	log := logs.String()
	for _, want := range []string{
		`msg=decision queue_id=Q1 sender=me@example.com recipient=j.smith@army.ml action=hold rule=tld-typo severity=error`,
		`msg="malformed request answered DUNNO" why="a line without '='"`,
		`recipient=x@gmial.com action=warn rule=domain-typo`,
	} {
		if !strings.Contains(log, want) {
			t.Errorf("log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, "ok@example.com") {
		t.Errorf("a DUNNO was logged without LogDunno:\n%s", log)
	}
}

func TestServerLogDunno(t *testing.T) {
	_, addr, logs := start(t, testPolicy(t, Options{}), ServerOptions{LogDunno: true})
	c := dial(t, addr)
	io.WriteString(c, request("ok@example.com"))
	answers(t, bufio.NewReader(c), 1)
	if !strings.Contains(logs.String(), "recipient=ok@example.com action=dunno") {
		t.Errorf("no DUNNO line:\n%s", logs)
	}
}

// TestServerHalfClosed: a client that sends its requests and closes its
// side still gets every answer.
func TestServerHalfClosed(t *testing.T) {
	_, addr, _ := start(t, testPolicy(t, Options{}), ServerOptions{})
	c := dial(t, addr)
	io.WriteString(c, request("j.smith@army.ml")+request("ok@example.com"))
	c.(*net.TCPConn).CloseWrite()
	all, err := io.ReadAll(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(string(all), "action="); got != 2 {
		t.Errorf("%d answers after a half close, want 2: %q", got, all)
	}
}

func TestServerIdleTimeout(t *testing.T) {
	_, addr, _ := start(t, testPolicy(t, Options{}), ServerOptions{IdleTimeout: 100 * time.Millisecond})
	c := dial(t, addr)
	io.WriteString(c, "recipient=j.smith@army.ml\n") // and nothing more
	if n, err := c.Read(make([]byte, 64)); !errors.Is(err, io.EOF) {
		t.Errorf("read %d bytes, %v; want the server to close an idle connection", n, err)
	}
}

func TestServerClosesOnTooLargeRequest(t *testing.T) {
	_, addr, logs := start(t, testPolicy(t, Options{}), ServerOptions{Limits: Limits{MaxRequest: 1024}})
	c := dial(t, addr)
	go io.WriteString(c, strings.Repeat("x=y\n", 1000))
	all, _ := io.ReadAll(c)
	if len(all) != 0 {
		t.Errorf("answered %q to a request past the limit", all)
	}
	if !strings.Contains(logs.String(), "request too large") {
		t.Errorf("not logged:\n%s", logs)
	}
}

func TestServerMaxConnections(t *testing.T) {
	_, addr, logs := start(t, testPolicy(t, Options{}), ServerOptions{MaxConnections: 2})
	c1, c2 := dial(t, addr), dial(t, addr)
	for _, c := range []net.Conn{c1, c2} { // both are being served
		io.WriteString(c, request("ok@example.com"))
		answers(t, bufio.NewReader(c), 1)
	}
	c3 := dial(t, addr)
	if n, err := c3.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("third connection: read %d, %v; want it closed", n, err)
	}
	if !strings.Contains(logs.String(), "too many connections") {
		t.Errorf("not logged:\n%s", logs)
	}
}

// TestServerSetPolicy: a new policy applies to the next request on a
// connection already open.
func TestServerSetPolicy(t *testing.T) {
	s, addr, _ := start(t, testPolicy(t, Options{}), ServerOptions{})
	c := dial(t, addr)
	br := bufio.NewReader(c)
	io.WriteString(c, request("j.smith@army.ml"))
	if got := answers(t, br, 1); !strings.HasPrefix(got[0], "action=HOLD") {
		t.Fatalf("before: %q", got)
	}
	s.SetPolicy(testPolicy(t, Options{Actions: map[lint.Severity]Action{lint.Error: Reject}}))
	io.WriteString(c, request("j.smith@army.ml"))
	if got := answers(t, br, 1); !strings.HasPrefix(got[0], "action=550 5.1.1 ") {
		t.Fatalf("after: %q", got)
	}
}

// TestServerShutdown: open connections are closed, the listener too, and
// Shutdown returns once they are.
func TestServerShutdown(t *testing.T) {
	s := NewServer(testPolicy(t, Options{}), ServerOptions{})
	l, err := net.Listen("unix", filepath.Join(t.TempDir(), "policy.sock"))
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- s.Serve(l) }()
	c, err := net.Dial("unix", l.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	io.WriteString(c, request("j.smith@army.ml"))
	br := bufio.NewReader(c)
	answers(t, br, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve: %v", err)
	}
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		t.Errorf("connection after Shutdown: %v, want EOF", err)
	}
	if _, err := net.Dial("unix", l.Addr().String()); err == nil {
		t.Error("still accepting after Shutdown")
	}
}

// TestServerBurstAfterQuiet: answers to a burst of pipelined requests,
// more than the write buffer holds, after a quiet spell longer than the
// write timeout, are all written: each write gets a fresh deadline.
func TestServerBurstAfterQuiet(t *testing.T) {
	_, addr, _ := start(t, testPolicy(t, Options{}), ServerOptions{WriteTimeout: 100 * time.Millisecond})
	c := dial(t, addr)
	br := bufio.NewReader(c)
	io.WriteString(c, request("j.smith@army.ml"))
	answers(t, br, 1)
	time.Sleep(300 * time.Millisecond)
	io.WriteString(c, strings.Repeat(request("j.smith@army.ml"), 50))
	for i, a := range answers(t, br, 50) {
		if !strings.HasPrefix(a, "action=HOLD") {
			t.Fatalf("answer %d: %q", i, a)
		}
	}
}
