package cli

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/gitdiff"
	"github.com/rcptlint/rcptlint/pkg/input"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/report"
	"github.com/rcptlint/rcptlint/pkg/version"
	"github.com/rcptlint/rcptlint/rules"
)

// checkOptions are the flags and arguments of `rcptlint check`.
type checkOptions struct {
	io     *iostreams.IOStreams
	global *globalOptions
	ctx    context.Context

	format      string
	failOn      string
	inputFormat string
	column      string
	quiet       bool
	lists       listFlags
	emit        string
	progress    bool
	fix, diff   bool
	changed     string
	dns         dnsOptions
	args        []string
}

func newCheckCmd(ios *iostreams.IOStreams, g *globalOptions) *cobra.Command {
	o := &checkOptions{io: ios, global: g}
	cmd := &cobra.Command{
		Use:   "check [flags] [ADDRESS | FILE | -]...",
		Short: "Check recipient addresses from arguments, files or standard input",
		Long: `Check recipient addresses and report what is probably wrong with each.

Each argument is '-' for standard input, the path of a file, or else an
address (anything with an '@'; a quoted list "a@x.com, b@y.com" works too).
With no arguments, the list is read from standard input.

Text input holds one address or RFC 5322 address list per line, optionally
behind a To:, Cc: or Bcc: header name. Blank lines are skipped, and so are
comment lines: the first non-blank character is '#' and either white space
follows it or the line has no '@' ('#' is legal in a local part, so
#team@example.com is an address). Files ending in .csv are CSV (comma or
semicolon separated), .tsv and .tab are TSV; the address column is chosen by
--column, else by a header like "Email" or "E-mail Address", else as the
first column whose values are mostly addresses.

--emit turns rcptlint into a filter: the addresses go to standard output
(clean ones, flagged ones or all), the findings to standard error. An
address is flagged when a rule that judges it on its own reports it at or
above --fail-on; the outlier and duplicate rules judge it against the rest
of the run and only report.

--fix applies every unambiguous suggestion to the input files in place,
keeping every other byte, the owner and the mode; --diff prints the same
changes as a unified diff on standard output instead, and the report on
standard error. Both work on named regular files only. --changed reports only findings on lines that are new or modified
relative to git (HEAD, or --changed=REV), for hooks and CI.

--dns (or dns: true in .rcptlint.yaml) looks each distinct domain up once:
the no-mail rule reports domains that cannot receive mail, and a suspected
typo says whether its domain exists. Answers are kept on disk for their
time to live (--dns-cache), so a second run over a list asks nothing.
Without it, rcptlint touches no network.`,
		Example: `  rcptlint check recipients.csv
  rcptlint check jane@gmial.com "Bob <bob@yahoo.cm>"
  rcptlint check --format json < list.txt
  rcptlint check --emit clean < list.txt > ok.txt
  rcptlint check --diff team.csv && rcptlint check --fix team.csv
  rcptlint check --changed=origin/main lists/*.csv
  rcptlint check --dns --dns-server 127.0.0.1:5353 customers.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args = args
			if !cmd.Flags().Changed("fail-on") {
				o.failOn = ""
			}
			o.ctx = cmd.Context()
			o.dns.set = cmd.Flags().Changed("dns")
			return runCheck(o)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.format, "format", "f", "text", "output format: "+strings.Join(report.Formats, ", "))
	f.StringVar(&o.failOn, "fail-on", "warning", "exit 1 on findings at or above this level: error, warning, info or never")
	f.StringVar(&o.inputFormat, "input-format", "auto", "input format: auto (by file extension), text, csv or tsv")
	f.StringVar(&o.column, "column", "", "CSV/TSV address column, by header `name` or 1-based number")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "do not print the summary line on standard error")
	f.StringSliceVar(&o.lists.trusted, "trusted", nil, "trust these domains or suffixes, as the trusted key of .rcptlint.yaml")
	f.StringSliceVar(&o.lists.known, "known", nil, "domains never reported as typos, as the known key")
	f.StringSliceVar(&o.lists.allow, "allow", nil, "addresses or domains no rule reports, as the allow key")
	f.StringSliceVar(&o.lists.sensitive, "sensitive-tlds", nil, "sensitive TLDs or presets, as the sensitive-tlds key")
	f.StringVar(&o.emit, "emit", "", "print addresses to standard output, findings to standard error: clean, flagged or all")
	f.BoolVar(&o.fix, "fix", false, "apply unambiguous suggestions to the input files in place")
	f.BoolVar(&o.diff, "diff", false, "print the changes --fix would make as a unified diff, without writing")
	f.BoolVar(&o.progress, "progress", false, "show progress on standard error even when it is not a terminal or the format is not text")
	f.StringVar(&o.changed, "changed", "", "report only findings on lines changed relative to git `REV` (HEAD when given without a value)")
	f.Lookup("changed").NoOptDefVal = "HEAD"
	o.dns.addFlags(f)
	return cmd
}

// source is one input of a run.
type source struct {
	name string // file path, "-" for stdin, lint.ArgsFile for an address
	arg  int    // 1-based argument index, for an address
	text string // the address argument
	file bool
}

func (s source) isPath() bool { return s.file && s.name != "-" }

func runCheck(o *checkOptions) error {
	r, sources, err := prepareCheck(o)
	if err != nil {
		return err
	}
	if err := r.checkAll(sources); err != nil {
		return err
	}
	return r.conclude(sources)
}

// prepareCheck loads the settings and decides the inputs, refusing what
// cannot work before anything is read.
func prepareCheck(o *checkOptions) (*runner, []source, error) {
	s, err := loadSettings(o.global, o.io, o.lists)
	if err != nil {
		return nil, nil, err
	}
	r, err := newRunner(o, s)
	if err != nil {
		return nil, nil, err
	}
	sources, err := o.sources()
	if err != nil {
		return nil, nil, err
	}
	if err := o.checkModes(sources); err != nil {
		return nil, nil, err
	}
	if o.fix || o.diff {
		if err := o.fixTargets(sources); err != nil {
			return nil, nil, err
		}
	}
	sources = o.dropRepeats(sources)
	if o.changed != "" {
		if err := r.loadChanged(o.ctx, sources); err != nil {
			return nil, nil, err
		}
	}
	return r, sources, nil
}

// checkAll reads and checks every input.
func (r *runner) checkAll(sources []source) error {
	if err := r.begin(); err != nil {
		return err
	}
	r.checks = r.engine.Stream(lint.StreamOptions{All: r.emitOut != nil || r.prog != nil}, r.deliver)
	for i, src := range sources {
		if r.stopped() {
			break
		}
		r.read(i, src)
	}
	r.checks.Close()
	r.checks = nil
	if err := r.dns.save(); err != nil {
		r.errf("rcptlint: warning: %s\n", escape.String(err.Error()))
	}
	if r.stopped() {
		return errInterrupted
	}
	r.engine.Finish(r.collectBatch)
	r.flushBatch()
	// The engine's per-domain caches and the batch rules' tables are done
	// with: let the output phase have their memory.
	r.stats = r.engine.Stats()
	r.engine = nil
	return nil
}

// conclude applies the fixes, writes the report and decides the exit
// code.
func (r *runner) conclude(sources []source) error {
	if r.o.fix || r.o.diff {
		r.applyFixes(sources)
		if r.stopped() {
			return errInterrupted
		}
	}
	if err := r.finish(); err != nil {
		return err
	}
	switch {
	case r.trouble:
		return exitcode.Silent(exitcode.Trouble)
	case r.failing:
		return exitcode.Silent(exitcode.Findings)
	}
	return nil
}

// checkModes rejects flag combinations that cannot work.
func (o *checkOptions) checkModes(sources []source) error {
	switch o.emit {
	case "", "clean", "flagged", "all":
	default:
		return exitcode.Usagef("--emit %q: want clean, flagged or all", o.emit)
	}
	modes := 0
	for _, on := range []bool{o.emit != "", o.fix, o.diff} {
		if on {
			modes++
		}
	}
	if modes > 1 {
		return exitcode.Usagef("--emit, --fix and --diff cannot be combined")
	}
	flag, verb := "", ""
	switch {
	case o.fix:
		flag, verb = "--fix", "fixed in place"
	case o.diff:
		flag, verb = "--diff", "diffed"
	case o.changed != "":
		flag, verb = "--changed", "compared with git"
	default:
		return nil
	}
	for _, s := range sources {
		if !s.isPath() {
			what := "standard input"
			if !s.file {
				what = "addresses given as arguments"
			}
			return exitcode.Usagef("%s works on files; %s cannot be %s", flag, what, verb)
		}
	}
	return nil
}

// parseFailOn reads the --fail-on level; never is above every severity.
func parseFailOn(s string) (lint.Severity, error) {
	if s == "never" {
		return lint.Error + 1, nil
	}
	sev, err := lint.ParseSeverity(s)
	if err != nil || sev == lint.Off {
		return 0, exitcode.Usagef("--fail-on %q: want error, warning, info or never", s)
	}
	return sev, nil
}

// sources classifies the arguments: '-' is standard input, an existing
// path a file, anything else with an '@' an address, and the rest a file
// (which will be reported missing).
func (o *checkOptions) sources() ([]source, error) {
	if len(o.args) == 0 {
		if o.io.InTTY {
			return nil, &exitcode.Error{Code: exitcode.Trouble, Err: errNoInput}
		}
		return []source{{name: "-", file: true}}, nil
	}
	var out []source
	for i, a := range o.args {
		switch _, err := os.Stat(a); {
		case a == "-":
			out = append(out, source{name: "-", file: true})
		case err == nil || !strings.Contains(a, "@"):
			out = append(out, source{name: a, file: true})
		default:
			out = append(out, source{name: lint.ArgsFile, arg: i + 1, text: a})
		}
	}
	return out, nil
}

// newRunner prepares a run from the options and settings.
func newRunner(o *checkOptions, s *settings) (*runner, error) {
	failOn := s.failOn
	if o.failOn != "" {
		failOn = o.failOn
	}
	threshold, err := parseFailOn(failOn)
	if err != nil {
		return nil, err
	}
	inFormat, err := input.ParseFormat(o.inputFormat)
	if err != nil {
		return nil, exitcode.Usagef("--input-format: %v", err)
	}
	color, err := o.global.useColor(o.io)
	if err != nil {
		return nil, err
	}
	reporter, err := report.New(o.format, color && o.emit == "" && !o.diff)
	if err != nil {
		return nil, exitcode.Usagef("--format: %v", err)
	}
	dns, err := o.dns.start(s.cfg)
	if err != nil {
		return nil, err
	}
	engine, err := s.engine(o.ctx, dns)
	if err != nil {
		return nil, exitcode.Usagef("%v", err)
	}
	r := &runner{
		o: o, engine: engine, dns: dns, format: inFormat, threshold: threshold,
		reporter: reporter, reportTo: o.io.Out,
		run: &report.Run{Tool: version.String(), Rules: rules.Docs()},
	}
	if o.emit != "" || o.diff {
		r.reportTo = o.io.ErrOut
	}
	return r, nil
}

// loadChanged asks git which lines of each file changed.
func (r *runner) loadChanged(ctx context.Context, sources []source) error {
	r.changed = map[int]*gitdiff.Lines{}
	for i, s := range sources {
		lines, err := gitdiff.Changed(ctx, r.o.changed, s.name)
		if err != nil {
			return &exitcode.Error{Code: exitcode.Trouble, Err: fmt.Errorf("%s: %w", s.name, err)}
		}
		r.changed[i] = lines
	}
	return nil
}
