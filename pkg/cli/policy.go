package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/policy"
)

// policyOptions are the flags of `rcptlint policy`.
type policyOptions struct {
	io     *iostreams.IOStreams
	global *globalOptions
	ctx    context.Context
	// reload delivers a request to read the configuration again (SIGHUP).
	reload <-chan os.Signal

	listen         string
	socket         string
	logFormat      string
	logDunno       bool
	idleTimeout    time.Duration
	maxConnections int
}

// shutdownGrace is how long a stopping server waits for the answers being
// written; it stays under Main's grace period.
const shutdownGrace = time.Second

func newPolicyCmd(ios *iostreams.IOStreams, g *globalOptions) *cobra.Command {
	o := &policyOptions{io: ios, global: g}
	cmd := &cobra.Command{
		Use:   "policy [flags]",
		Short: "Serve Postfix's SMTP access policy delegation: judge each recipient as mail is sent",
		Long: `Run as a Postfix policy server (check_policy_service). Each request at
the RCPT stage is judged by the rules that need no other address, with the
same configuration file as check, and answered with the action the policy
key of the configuration gives the most severe finding (defaults: error
hold, warning warn, info dunno). Anything else, and any malformed request,
is answered DUNNO.

DNS is never asked: dns: true in the configuration is logged as ignored
(Postfix's reject_unknown_recipient_domain checks the recipient's domain).

One log line per decision goes to standard error. SIGHUP reads the
configuration again (a broken file is reported and the old one kept);
SIGTERM or an interrupt stops the server after the answers being written.

In Postfix's main.cf:
  smtpd_recipient_restrictions = ..., check_policy_service
      { inet:127.0.0.1:10040, default_action=DUNNO }, ...`,
		Example: `  rcptlint policy --config /etc/rcptlint/rcptlint.yaml
  rcptlint policy --listen "" --socket /var/spool/postfix/private/rcptlint`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.ctx = cmd.Context()
			hup := make(chan os.Signal, 1)
			signal.Notify(hup, syscall.SIGHUP)
			defer signal.Stop(hup)
			o.reload = hup
			return runPolicy(o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.listen, "listen", "127.0.0.1:10040", "TCP `address` to listen on; \"\" for none")
	f.StringVar(&o.socket, "socket", "", "Unix socket `path` to listen on too")
	f.StringVar(&o.logFormat, "log-format", "text", "log format on standard error: text or json")
	f.BoolVar(&o.logDunno, "log-dunno", false, "log the recipients answered DUNNO too, not only those acted on")
	f.DurationVar(&o.idleTimeout, "idle-timeout", 10*time.Minute, "close a connection that sends no complete request for this long")
	f.IntVar(&o.maxConnections, "max-connections", 1024, "most connections open at once; one more is closed at once")
	return cmd
}

func runPolicy(o *policyOptions) error {
	logger, err := o.logger()
	if err != nil {
		return err
	}
	// Warnings about the configuration, at the start and at each reload,
	// are log lines like any other (JSON with --log-format json).
	o.global.warn = func(msg string) { logger.Warn(msg) }
	p, err := loadPolicy(o.global, o.io)
	if err != nil {
		return err
	}
	listeners, err := o.listeners()
	if err != nil {
		return err
	}
	srv := policy.NewServer(p, policy.ServerOptions{
		IdleTimeout: o.idleTimeout, MaxConnections: o.maxConnections,
		Logger: logger, LogDunno: o.logDunno,
	})
	served := make(chan error, len(listeners))
	for _, l := range listeners {
		logger.Info("listening", "network", l.Addr().Network(), "address", l.Addr().String())
		go func() { served <- srv.Serve(l) }()
	}
	failed := o.serve(srv, logger, served)
	ctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		logger.Warn("connections still open at exit", "err", err)
	}
	return failed
}

// serve reloads the configuration when asked until the server is to stop
// or a listener fails. Both are logged, and the error it returns is
// silent, so that every line of a JSON log is JSON.
func (o *policyOptions) serve(srv *policy.Server, logger *slog.Logger, served <-chan error) error {
	for {
		select {
		case <-o.reload:
			o.reloadPolicy(srv, logger)
		case <-o.ctx.Done():
			logger.Info("stopping")
			return exitcode.Silent(exitcode.Interrupted)
		case err := <-served:
			logger.Error("stopping: a listener failed", "err", err.Error())
			return exitcode.Silent(exitcode.Trouble)
		}
	}
}

// reloadPolicy reads the configuration again; a broken one is reported
// and the running policy kept.
func (o *policyOptions) reloadPolicy(srv *policy.Server, logger *slog.Logger) {
	p, err := loadPolicy(o.global, o.io)
	if err != nil {
		logger.Error("configuration not reloaded; keeping the running one", "err", err.Error())
		return
	}
	srv.SetPolicy(p)
	logger.Info("configuration reloaded")
}

func (o *policyOptions) logger() (*slog.Logger, error) {
	switch o.logFormat {
	case "text":
		return slog.New(slog.NewTextHandler(o.io.ErrOut, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(o.io.ErrOut, nil)), nil
	}
	return nil, exitcode.Usagef("--log-format %q: want text or json", o.logFormat)
}

// listeners opens the TCP address and the Unix socket asked for. A stale
// socket file left by a server that died is replaced.
func (o *policyOptions) listeners() ([]net.Listener, error) {
	var out []net.Listener
	fail := func(err error) ([]net.Listener, error) {
		for _, l := range out {
			l.Close()
		}
		return nil, &exitcode.Error{Code: exitcode.Trouble, Err: err}
	}
	if o.listen != "" {
		l, err := net.Listen("tcp", o.listen)
		if err != nil {
			return fail(fmt.Errorf("--listen %s: %w", o.listen, err))
		}
		out = append(out, l)
	}
	if o.socket != "" {
		if st, err := os.Lstat(o.socket); err == nil && st.Mode()&os.ModeSocket != 0 {
			if c, err := net.Dial("unix", o.socket); err == nil {
				c.Close()
				return fail(fmt.Errorf("--socket %s: another server is listening there", o.socket))
			}
			os.Remove(o.socket)
		}
		l, err := net.Listen("unix", o.socket)
		if err != nil {
			return fail(fmt.Errorf("--socket %s: %w", o.socket, err))
		}
		out = append(out, l)
	}
	if len(out) == 0 {
		return nil, exitcode.Usagef("nothing to listen on: give --listen or --socket")
	}
	return out, nil
}

// policyNoDNS says why the policy server leaves DNS alone: the file it
// reads may be check's too, where dns: true is meant, and an SMTP session
// must not wait on a lookup for each recipient.
const policyNoDNS = "dns: true is ignored by rcptlint policy: an answer never waits on DNS " +
	"(Postfix's reject_unknown_recipient_domain refuses a recipient domain with no MX and no address record)"

// loadPolicy builds the policy from the configuration, as check builds
// its run.
func loadPolicy(g *globalOptions, ios *iostreams.IOStreams) (*policy.Policy, error) {
	s, err := loadSettings(g, ios, listFlags{})
	if err != nil {
		return nil, err
	}
	if s.cfg.DNS.Value == "true" {
		g.warning(ios, s.cfg.Errorf(s.cfg.DNS.Line, "%s", policyNoDNS).Error())
	}
	engine, err := s.engine(context.Background(), nil)
	if err != nil {
		return nil, exitcode.Usagef("%v", err)
	}
	cp := s.cfg.Policy
	o := policy.Options{
		Engine:          engine,
		Actions:         map[lint.Severity]policy.Action{},
		ExemptSenders:   values(cp.ExemptSenders),
		ExemptSASLUsers: values(cp.ExemptSASLUsers),
	}
	for sev, e := range map[lint.Severity]config.Entry{lint.Error: cp.Error, lint.Warning: cp.Warning, lint.Info: cp.Info} {
		if e.Value == "" {
			continue
		}
		a, err := policy.ParseAction(e.Value)
		if err != nil {
			return nil, &exitcode.Error{Code: exitcode.Trouble, Err: s.cfg.Errorf(e.Line, "policy: %v", err)}
		}
		o.Actions[sev] = a
	}
	p, err := policy.New(o)
	if err != nil {
		return nil, &exitcode.Error{Code: exitcode.Trouble, Err: err}
	}
	return p, nil
}
