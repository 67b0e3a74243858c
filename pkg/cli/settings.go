package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime"

	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// settings is everything a run is configured with, from the configuration
// file and flags together.
type settings struct {
	cfg      *config.Config
	env      *rules.Env
	severity map[string]lint.Severity
	allow    []string
	failOn   string
}

// listFlags are lists given on the command line, added to the file's.
type listFlags struct {
	trusted, known, sensitive, allow []string
}

// loadSettings reads the configuration file and combines it with flags.
// Every error is exit code 2 and names the file and line at fault. A
// configuration that fails to load leaves the soft limit as it was (see
// roomKept).
func loadSettings(g *globalOptions, ios *iostreams.IOStreams, extra listFlags) (*settings, error) {
	restore := roomKept()
	s, err := readSettings(g, ios, extra)
	if err != nil {
		restore()
	}
	return s, err
}

func readSettings(g *globalOptions, ios *iostreams.IOStreams, extra listFlags) (*settings, error) {
	cfg, err := loadConfig(g, ios)
	if err != nil {
		return nil, &exitcode.Error{Code: exitcode.Trouble, Err: err}
	}
	s := &settings{cfg: cfg, severity: map[string]lint.Severity{}, failOn: "warning"}
	if cfg.FailOn.Value != "" {
		s.failOn = cfg.FailOn.Value
	}
	opts := rules.Options{
		Trusted:   withFlags("trusted", cfg.Trusted, extra.trusted),
		Known:     withFlags("known", cfg.Known, extra.known),
		Sensitive: withFlags("sensitive-tlds", cfg.Sensitive, extra.sensitive),
	}
	roomForEntries(len(opts.Trusted) + len(opts.Known))
	s.env, err = rules.NewEnv(opts)
	if err != nil {
		return nil, &exitcode.Error{Code: exitcode.Trouble, Err: entryError(cfg, err)}
	}
	if err := warnTrustedSlips(g, ios, cfg, opts); err != nil {
		return nil, err
	}
	s.allow = withFlags("allow", cfg.Allow, extra.allow)
	if err := s.ruleSeverities(); err != nil {
		return nil, &exitcode.Error{Code: exitcode.Trouble, Err: err}
	}
	return s, nil
}

// engine builds a rules engine with the settings' rules, severities and
// allow list.
// With dns, the engine gathers DNS evidence until ctx is done.
func (s *settings) engine(ctx context.Context, dns *dnsRun) (*lint.Engine, error) {
	o := lint.Options{Rules: rules.All(s.env), Severity: s.severity, Allow: s.allow}
	if dns != nil {
		o.Resolver, o.Context = dns.resolver, ctx
	}
	return lint.New(o)
}

// configEnv names the configuration file used when --config does not.
const configEnv = "RCPTLINT_CONFIG"

func loadConfig(g *globalOptions, ios *iostreams.IOStreams) (*config.Config, error) {
	if g.noConfig {
		return &config.Config{}, nil
	}
	warn := func(msg string) { g.warning(ios, msg) }
	if g.configPath != "" {
		roomForPath(g.configPath)
		return config.Load(g.configPath, warn)
	}
	if path := ios.Getenv(configEnv); path != "" {
		roomForPath(path)
		cfg, err := config.Load(path, warn)
		if err != nil {
			return nil, fmt.Errorf("%s=%s: %w", configEnv, path, err)
		}
		return cfg, nil
	}
	wd, err := ios.Getwd()
	if err != nil {
		return nil, err
	}
	if path, err := config.Find(wd, homeDir(ios)); err == nil && path != "" {
		roomForPath(path)
	}
	return config.Discover(wd, homeDir(ios), warn)
}

// roomForPath makes room under the soft limit for parsing the
// configuration file at path, by its size (config.Load bounds what it
// reads, whatever the size says).
func roomForPath(path string) {
	if st, err := os.Stat(path); err == nil && st.Mode().IsRegular() {
		roomForFile(min(st.Size(), 16<<20))
	}
}

// homeDir is the user's home directory, where the search for a
// configuration file ends, or "" when it is not known.
func homeDir(ios *iostreams.IOStreams) string {
	if runtime.GOOS == "windows" {
		return ios.Getenv("USERPROFILE")
	}
	return ios.Getenv("HOME")
}

// warnTrustedSlips warns of each trusted entry that is itself a near miss
// of a well-known or registered domain (gmial.com), naming the file and
// line, or the flag, it came from.
func warnTrustedSlips(g *globalOptions, ios *iostreams.IOStreams, cfg *config.Config, opts rules.Options) error {
	slips, err := rules.TrustedSlips(opts)
	if err != nil {
		return err
	}
	for _, sl := range slips {
		var msg string
		if sl.Index < len(cfg.Trusted) {
			msg = cfg.Errorf(cfg.Trusted[sl.Index].Line, "trusted entry %s is one slip from the %s domain %s; if that is the one meant, correct the entry, or else list %s under known",
				sl.Entry, sl.Kind, sl.Meant, sl.Entry).Error()
		} else {
			msg = fmt.Sprintf("--trusted %s is one slip from the %s domain %s; if that is the one meant, correct it, or else add --known %s",
				sl.Entry, sl.Kind, sl.Meant, sl.Entry)
		}
		g.warning(ios, msg)
	}
	return nil
}

// entryError places an invalid list entry at its line in the file, or at
// its flag when it came from the command line.
func entryError(cfg *config.Config, err error) error {
	var ee *rules.EntryError
	if !errors.As(err, &ee) {
		return err
	}
	var list []config.Entry
	switch ee.Key {
	case "trusted":
		list = cfg.Trusted
	case "known":
		list = cfg.Known
	case "sensitive-tlds":
		list = cfg.Sensitive
	}
	if ee.Index < len(list) {
		return cfg.Errorf(list[ee.Index].Line, "%s", ee.Error())
	}
	return fmt.Errorf("--%s: %w", ee.Key, ee.Err)
}

// ruleSeverities validates the rules key against the rules that exist.
func (s *settings) ruleSeverities() error {
	ids := map[string]bool{}
	for _, d := range rules.Docs() {
		ids[d.ID] = true
	}
	for _, r := range s.cfg.Rules {
		if !ids[r.Rule] {
			return s.cfg.Errorf(r.Line, "rules: unknown rule %q (see 'rcptlint rules')", r.Rule)
		}
		sev, err := lint.ParseSeverity(r.Severity)
		if err != nil {
			return s.cfg.Errorf(r.Line, "rules: %s: %v", r.Rule, err)
		}
		s.severity[r.Rule] = sev
	}
	return nil
}

// withFlags returns the values of a list of the file, whose entries are
// each once, then those of its flag that are not there yet (in the form
// config.EntryForm compares). A flag that repeats an entry is dropped
// without a word: it may well add to the file's list in a script.
func withFlags(key string, file []config.Entry, flags []string) []string {
	out := values(file)
	if len(flags) == 0 {
		return out
	}
	seen := make(map[string]bool, len(out))
	for _, v := range out {
		seen[config.EntryForm(key, v)] = true
	}
	for _, v := range flags {
		if form := config.EntryForm(key, v); !seen[form] {
			seen[form] = true
			out = append(out, v)
		}
	}
	return out
}

func values(es []config.Entry) []string {
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, e.Value)
	}
	return out
}
