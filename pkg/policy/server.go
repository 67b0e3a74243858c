package policy

import (
	"bufio"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// ServerOptions configure a Server.
type ServerOptions struct {
	// Limits bound each request; zero fields take DefaultLimits'.
	Limits Limits
	// IdleTimeout closes a connection that sends no complete request for
	// this long; 0 means 10 minutes, twice Postfix's
	// smtpd_policy_service_max_idle, so that Postfix closes first.
	IdleTimeout time.Duration
	// WriteTimeout closes a connection that does not take an answer for
	// this long; 0 means 30 seconds.
	WriteTimeout time.Duration
	// MaxConnections bounds the open connections; one more is closed at
	// once (Postfix then applies its default action). 0 means 1,024;
	// Postfix opens one per smtpd process (100 by default).
	MaxConnections int
	// Logger receives one line per decision; nil discards them.
	Logger *slog.Logger
	// LogDunno logs the requests answered DUNNO too.
	LogDunno bool
}

// Server answers Postfix's policy requests on any number of listeners.
// Every connection is served on its own goroutine, and judging a request
// takes no lock another connection waits on.
type Server struct {
	opts   ServerOptions
	log    *slog.Logger
	policy atomic.Pointer[Policy]

	mu        sync.Mutex
	listeners map[net.Listener]bool
	conns     map[net.Conn]bool
	stopping  bool
	wg        sync.WaitGroup
}

// NewServer returns a server deciding with p.
func NewServer(p *Policy, o ServerOptions) *Server {
	d := DefaultLimits
	if o.Limits.MaxLine <= 0 {
		o.Limits.MaxLine = d.MaxLine
	}
	if o.Limits.MaxAttributes <= 0 {
		o.Limits.MaxAttributes = d.MaxAttributes
	}
	if o.Limits.MaxRequest <= 0 {
		o.Limits.MaxRequest = d.MaxRequest
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = 10 * time.Minute
	}
	if o.WriteTimeout <= 0 {
		o.WriteTimeout = 30 * time.Second
	}
	if o.MaxConnections <= 0 {
		o.MaxConnections = 1024
	}
	s := &Server{opts: o, log: o.Logger, listeners: map[net.Listener]bool{}, conns: map[net.Conn]bool{}}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.policy.Store(p)
	return s
}

// SetPolicy replaces the policy: requests read from now on are decided
// with p, on connections already open too.
func (s *Server) SetPolicy(p *Policy) { s.policy.Store(p) }

// ErrServerClosed is returned by Serve after Shutdown.
var ErrServerClosed = errors.New("policy: server closed")

// Serve accepts connections on l until Shutdown, and then returns
// ErrServerClosed. Serve closes l.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.stopping {
		s.mu.Unlock()
		l.Close()
		return ErrServerClosed
	}
	s.listeners[l] = true
	s.mu.Unlock()
	defer l.Close()
	var backoff time.Duration
	for {
		c, err := l.Accept()
		if err != nil {
			if s.isStopping() {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() || errors.Is(err, os.ErrDeadlineExceeded) || isTemporary(err) {
				backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
				s.log.Warn("accept failed; retrying", "err", err, "in", backoff)
				time.Sleep(backoff)
				continue
			}
			return err
		}
		backoff = 0
		if !s.track(c) {
			continue
		}
		go s.serveConn(c)
	}
}

// isTemporary reports accept errors that pass, like running out of file
// descriptors for a moment.
func isTemporary(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

func (s *Server) isStopping() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stopping
}

// track registers a new connection, or closes it when the server is full
// or stopping.
func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stopping || len(s.conns) >= s.opts.MaxConnections {
		if !s.stopping {
			s.log.Warn("too many connections; closing a new one", "max", s.opts.MaxConnections, "client", c.RemoteAddr().String())
		}
		c.Close()
		return false
	}
	s.conns[c] = true
	s.wg.Add(1)
	return true
}

func (s *Server) untrack(c net.Conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	c.Close()
	s.wg.Done()
}

// Shutdown stops accepting, lets each connection finish the answer it is
// working on, closes them, and waits for that or for ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.stopping = true
	for l := range s.listeners {
		l.Close()
	}
	// A connection waiting for its next request stops waiting; one that is
	// judging a request still writes its answer.
	for c := range s.conns {
		c.SetReadDeadline(time.Now())
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		s.mu.Lock()
		for c := range s.conns {
			c.Close()
		}
		s.mu.Unlock()
		return ctx.Err()
	}
}

// flushReader flushes the answers written so far before it waits for more
// input, so that pipelined requests are answered in one write and a client
// waiting for its answer is never kept waiting.
type flushReader struct {
	c net.Conn
	w *bufio.Writer
}

func (f *flushReader) Read(p []byte) (int, error) {
	if f.w.Buffered() > 0 {
		if err := f.w.Flush(); err != nil {
			return 0, err
		}
	}
	return f.c.Read(p)
}

// deadlineWriter gives every write to the connection a deadline, so that
// a client that sends requests and never reads the answers cannot keep a
// goroutine blocked.
type deadlineWriter struct {
	c       net.Conn
	timeout time.Duration
}

func (d deadlineWriter) Write(p []byte) (int, error) {
	d.c.SetWriteDeadline(time.Now().Add(d.timeout))
	return d.c.Write(p)
}

func (s *Server) serveConn(c net.Conn) {
	defer s.untrack(c)
	bw := bufio.NewWriterSize(deadlineWriter{c, s.opts.WriteTimeout}, 1024)
	br := bufio.NewReaderSize(&flushReader{c: c, w: bw}, s.opts.Limits.MaxLine)
	for {
		c.SetReadDeadline(time.Now().Add(s.opts.IdleTimeout))
		if s.isStopping() && br.Buffered() == 0 {
			break
		}
		r, err := ReadRequest(br, s.opts.Limits)
		if err != nil {
			s.connError(c, err)
			break
		}
		d := s.policy.Load().Decide(r)
		s.logDecision(r, &d)
		if _, err := bw.WriteString(d.Response()); err != nil {
			s.connError(c, err)
			break
		}
	}
	bw.Flush()
}

// connError logs why a connection ends, unless it ended as it should.
func (s *Server) connError(c net.Conn, err error) {
	var ne net.Error
	switch {
	case errors.Is(err, io.EOF), s.isStopping():
	case errors.As(err, &ne) && ne.Timeout():
		s.log.Info("connection timed out; closed", "client", c.RemoteAddr().String(), "err", err)
	case errors.Is(err, ErrTooLarge):
		s.log.Warn("request too large; connection closed", "client", c.RemoteAddr().String(), "max_bytes", s.opts.Limits.MaxRequest)
	default:
		s.log.Warn("connection closed", "client", c.RemoteAddr().String(), "err", err)
	}
}

func (s *Server) logDecision(r *Request, d *Decision) {
	switch {
	case r.Malformed != "":
		s.log.Warn("malformed request answered DUNNO", "why", r.Malformed, "queue_id", r.QueueID, "recipient", r.Recipient)
		return
	case d.Action == Dunno && !s.opts.LogDunno:
		return
	}
	attrs := []slog.Attr{
		slog.String("queue_id", r.QueueID),
		slog.String("sender", r.Sender),
		slog.String("recipient", r.Recipient),
		slog.String("action", d.Action.String()),
	}
	if f := d.Finding; f != nil {
		attrs = append(attrs,
			slog.String("rule", f.Rule),
			slog.String("severity", f.Severity.String()),
			slog.String("message", f.Message),
			slog.String("suggestion", f.Suggestion))
		if f.Suggestion != "" && !f.Fixable {
			// The likeliest of several, as the JSON report marks it.
			attrs = append(attrs, slog.Bool("unsure", true))
		}
	}
	if d.Skipped != "" {
		attrs = append(attrs, slog.String("skipped", d.Skipped))
	}
	s.log.LogAttrs(context.Background(), slog.LevelInfo, "decision", attrs...)
}
