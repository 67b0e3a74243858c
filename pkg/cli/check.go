package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/address"
	"github.com/rcptlint/rcptlint/pkg/config"
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

	format        string
	failOn        string
	inputFormat   string
	columns       []string
	quiet         bool
	verbose       bool
	stdinName     string
	lists         listFlags
	emit          string
	progress      bool
	fix, diff     bool
	changed       string
	toggles       ruleToggles
	output        string
	exclude       excludes
	baseline      string
	writeBaseline string
	// skipUnrecognized passes over a file in which no address is found.
	skipUnrecognized bool
	dns              dnsOptions
	args             []string
}

func newCheckCmd(ios *iostreams.IOStreams, g *globalOptions) *cobra.Command {
	o := &checkOptions{io: ios, global: g}
	cmd := &cobra.Command{
		Use:   "check [flags] [ADDRESS | FILE | -]...",
		Short: "Check recipient addresses from arguments, files or standard input",
		Long: `Check recipient addresses and report what is probably wrong with each.

Each argument is '-' for standard input, the path of a file or folder, or
else an address (anything with an '@'; a quoted list "a@x.com, b@y.com"
works too). With no arguments, the list is read from standard input. A
folder is searched, in lexical order, for list files (.txt, .csv, .tsv,
.tab, .list) and address books (.vcf, .vcard, .ldif, .ldi), skipping
hidden files and folders and not following links to folders; --exclude
skips what its glob matches, named or found.

Text input holds one address or RFC 5322 address list per line, optionally
behind a To:, Cc: or Bcc: header name. Blank lines are skipped, and so are
comment lines: the first non-blank character is '#' and either white space
follows it or the line has no '@' ('#' is legal in a local part, so
#team@example.com is an address). A comment after an address, or a comment
line before it, may accept findings: "# rcptlint:ignore RULE,... -- reason"
covers its own line, "# rcptlint:ignore-next-line RULE,... -- reason" the
next; no rule means every rule. Quotes around a whole address, mailto: and
words beside it are left out of it. Files ending in .csv are CSV (comma or
semicolon separated), .tsv and .tab are TSV; the address columns are chosen
by --column, else by headers like "Email" or "E-mail 2 Address", else as
every column whose values are mostly addresses. .vcf (vCard), .ldif, .eml
and .mbox (the From, To, Cc, Bcc and Reply-To headers) and .json (an array
of strings) are read as such; other inputs by their content, which -v shows.

--emit turns rcptlint into a filter: the addresses go to standard output
(clean ones, flagged ones or all), the findings to standard error. An
address is flagged when any rule reports it at or above --fail-on, the
outlier and duplicate rules too; clean and flagged are written when the
input ends, since the outlier rule judges the whole run.

--write-baseline FILE accepts every finding of the run: it writes them to
FILE, keyed by file, rule and address (not line), and reports none; then
--baseline FILE (or the baseline key of .rcptlint.yaml) reports only the
findings the baseline does not hold.

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
  rcptlint check --diff team.csv    # read what --fix would change, then
  rcptlint check --fix team.csv
  rcptlint check --changed=origin/main lists/*.csv
  rcptlint check --exclude archive --output report.txt lists/
  rcptlint check --write-baseline .rcptlint-baseline.json lists/
  rcptlint check --baseline .rcptlint-baseline.json lists/
  rcptlint check --dns --dns-server 127.0.0.1:5353 customers.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args, o.ctx = args, cmd.Context()
			if err := o.changedRevisionArg(cmd.ArgsLenAtDash()); err != nil {
				return err
			}
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
	f.StringVar(&o.inputFormat, "input-format", "auto", "input format: "+strings.Join(input.FormatNames(), ", ")+" (auto: by file extension, else by content)")
	f.StringVar(&o.stdinName, "stdin-filename", "", "the `NAME` of standard input, in locations and for its format by extension")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "name on standard error each file read, its format and why, and its address columns")
	f.StringSliceVar(&o.columns, "column", nil, "CSV/TSV address columns, each by header `name` or 1-based number (2,3 or repeated)")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "do not print the summary line on standard error")
	f.StringSliceVar(&o.lists.trusted, "trusted", nil, "trust these domains or suffixes, as the trusted key of .rcptlint.yaml")
	f.StringSliceVar(&o.lists.known, "known", nil, "domains never reported as typos, as the known key")
	f.StringSliceVar(&o.lists.allow, "allow", nil, "addresses or domains no rule reports, as the allow key")
	f.StringSliceVar(&o.lists.sensitive, "sensitive-tlds", nil, "sensitive TLDs or presets, as the sensitive-tlds key")
	f.StringVar(&o.emit, "emit", "", "print addresses to standard output, findings to standard error: clean, flagged or all")
	f.BoolVar(&o.fix, "fix", false, "apply unambiguous suggestions to the input files in place")
	f.BoolVar(&o.diff, "diff", false, "print the changes --fix would make as a unified diff, without writing")
	f.BoolVar(&o.progress, "progress", false, "show progress on standard error even when it is not a terminal or the format is not text")
	f.Var(revision{&o.changed}, "changed", "report only findings on lines new or changed relative to git: HEAD, or REV as --changed=REV")
	f.Lookup("changed").NoOptDefVal = "HEAD"
	f.StringArrayVar((*[]string)(&o.exclude), "exclude", nil, "skip files and folders whose name, or whose path if the `glob` has a slash (** for any folders), matches (repeatable)")
	f.StringVar(&o.baseline, "baseline", "", "report only findings the baseline `file` does not hold (default: the baseline key of .rcptlint.yaml)")
	f.StringVar(&o.writeBaseline, "write-baseline", "", "accept every finding of the run: write them to `file` as a baseline and report none")
	f.StringVarP(&o.output, "output", "o", "", "write the report to `file` instead of standard output, whole or not at all (the summary stays on standard error)")
	f.StringSliceVar(&o.toggles.disable, "disable", nil, "switch these `rules` off, whatever the configuration says (repeatable, comma-separated)")
	f.StringSliceVar(&o.toggles.enable, "enable", nil, "switch these `rules` on, at the configuration's severity or else their default (repeatable, comma-separated)")
	f.BoolVar(&o.skipUnrecognized, "skip-unrecognized", false, "skip without a word a file in which no address is found: a CSV or TSV with no address column, a text file with no '@' (for hooks)")
	o.dns.addFlags(f)
	registerCheckCompletions(cmd)
	return cmd
}

// source is one input of a run.
type source struct {
	name string // file path, "-" for stdin, lint.ArgsFile for an address
	arg  int    // 1-based argument index, for an address
	text string // the address argument
	file bool
	err  error // why a file found in a folder cannot be read
}

func (s source) isPath() bool { return s.file && s.name != "-" }

// revision is --changed's value. Its type has no name, so that the help
// shows the flag as it is used, --changed[=HEAD]: a string flag shows
// as --changed REV[="HEAD"], as if REV could follow after a space.
type revision struct{ s *string }

func (r revision) String() string {
	if r.s == nil {
		return ""
	}
	return *r.s
}

func (r revision) Set(v string) error {
	if v == "" {
		// --changed=$BASE with BASE unset would otherwise report every
		// line, as if --changed were not given.
		return errors.New("an empty revision; write --changed for HEAD, or --changed=REV")
	}
	*r.s = v
	return nil
}

func (revision) Type() string { return "" }

func runCheck(o *checkOptions) error {
	r, sources, err := prepareCheck(o)
	if err != nil {
		return err
	}
	defer r.out.abort()
	defer func() {
		if r.base != nil {
			r.base.out.abort()
		}
	}()
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
	if err := o.toggles.apply(s.severity); err != nil {
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
	if err := r.openFiles(s.cfg, sources); err != nil {
		r.out.abort()
		return nil, nil, err
	}
	return r, sources, nil
}

// openFiles starts the --output file, reads the lines --changed names and
// reads the baseline or starts the one to write. On an error the caller
// removes the output's temporary file (it was left beside the report when
// the baseline or the revision was wrong).
func (r *runner) openFiles(cfg *config.Config, sources []source) error {
	if r.o.toFile() {
		if err := r.createOutput(cfg, sources); err != nil {
			return err
		}
	}
	if r.o.changed != "" {
		if err := r.loadChanged(r.o.ctx, sources); err != nil {
			return err
		}
	}
	return r.loadBaseline(cfg, sources)
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
	stopped := r.stopped()
	if !stopped {
		// Finish also cancels the DNS lookups no address waited for (an
		// interrupt has cancelled them already): the cache, saved next,
		// keeps nothing they return after.
		r.engine.Finish(r.collectBatch)
		r.flushBatch()
	}
	if err := r.dns.save(); err != nil {
		r.errf("rcptlint: warning: %s\n", escape.String(err.Error()))
	}
	if stopped {
		return errInterrupted
	}
	// The engine's per-domain caches and the batch rules' tables are done
	// with: let the output phase have their memory.
	r.stats = r.engine.Stats()
	r.engine = nil
	if r.held != nil {
		return r.releaseHeld(sources)
	}
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
	if o.writeBaseline != "" && (o.changed != "" || o.fix || o.diff) {
		return &exitcode.Error{Code: exitcode.Trouble, Err: errBaselineModes}
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
// folder the list files in it (see walkDir), an existing path a file,
// anything else with an '@' an address, and the rest a file (which will
// be reported missing). A path --exclude matches is skipped.
func (o *checkOptions) sources() ([]source, error) {
	if len(o.args) == 0 {
		if o.io.InTTY {
			return nil, &exitcode.Error{Code: exitcode.Trouble, Err: errNoInput}
		}
		return []source{{name: "-", file: true}}, nil
	}
	if err := o.exclude.check(); err != nil {
		return nil, err
	}
	var out []source
	for i, a := range o.args {
		switch st, err := os.Stat(a); {
		case a == "-":
			out = append(out, source{name: "-", file: true})
		case (err == nil || !strings.Contains(a, "@")) && o.exclude.match(a):
		case err == nil && st.IsDir():
			out = o.walkDir(a, out)
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
	if slices.ContainsFunc(o.columns, func(c string) bool { return strings.TrimSpace(c) == "" }) {
		return nil, exitcode.Usagef("--column: an empty column name (in %q); give names or 1-based numbers, separated by commas", strings.Join(o.columns, ","))
	}
	color, err := o.global.useColor(o.io)
	if err != nil {
		return nil, err
	}
	if o.toFile() && o.global.color != "always" {
		color = false
	}
	reporter, err := report.New(o.format, color && o.emit == "" && !o.diff)
	if err != nil {
		return nil, exitcode.Usagef("--format: %v", err)
	}
	dns, err := o.dns.start(s.cfg, func(msg string) { o.global.warning(o.io, msg) })
	if err != nil {
		return nil, err
	}
	engine, err := s.engine(o.ctx, dns)
	if err != nil {
		return nil, exitcode.Usagef("%v", err)
	}
	r := &runner{
		o: o, engine: engine, dns: dns, format: inFormat, formats: map[int]input.Format{}, threshold: threshold,
		reporter: reporter, reportTo: o.io.Out, ignores: newIgnores(), hugeLeft: hugeHeapLines,
		run: &report.Run{Tool: version.String(), Rules: rules.Docs()},
	}
	if o.emit != "" || o.diff {
		r.reportTo = o.io.ErrOut
	}
	if o.fix {
		// A repaired address is checked again, without the batch rules'
		// tables the run lets go of, nor DNS evidence.
		r.recheck = func() (*lint.Engine, error) { return s.engine(o.ctx, nil) }
		r.batchRules = map[string]bool{}
		for _, rule := range rules.All(s.env) {
			if _, ok := rule.(lint.BatchRule); ok {
				r.batchRules[rule.Doc().ID] = true
			}
		}
	}
	if o.format == "sarif" {
		r.run.Root, r.run.Dir = sourceRoot(o.ctx, o.io)
	}
	return r, nil
}

// toFile tells that the report goes to the file --output names.
func (o *checkOptions) toFile() bool { return o.output != "" && o.output != "-" }

// createOutput starts the --output file, which must not be one of the
// inputs, the configuration or the baseline: the report would replace it.
func (r *runner) createOutput(cfg *config.Config, sources []source) error {
	if err := refuseInput("--output", r.o.output, "the report", sources); err != nil {
		return err
	}
	if err := refuseRead("--output", r.o.output, "the report", cfg.Path, "the configuration"); err != nil {
		return err
	}
	if r.o.writeBaseline == "" {
		if err := refuseRead("--output", r.o.output, "the report", r.baselinePath(cfg), "the baseline"); err != nil {
			return err
		}
	}
	out, err := createOutput("--output", r.o.output)
	if err != nil {
		return err
	}
	r.out, r.reportTo = out, out
	return nil
}

// refuseInput fails when path, a file the run writes (what, named by
// flag), is one of its inputs, which it would replace.
func refuseInput(flag, path, what string, sources []source) error {
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	for _, s := range sources {
		if in, err := os.Stat(s.name); s.isPath() && err == nil && os.SameFile(st, in) {
			return exitcode.Usagef("%s %s: is an input of the run; %s would replace it", flag, path, what)
		}
	}
	return nil
}

// refuseRead fails when path, a file the run writes (what, named by flag),
// is the file at read, which the run reads as name.
func refuseRead(flag, path, what, read, name string) error {
	if read == "" {
		return nil
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil
	}
	if rst, err := os.Stat(read); err == nil && os.SameFile(st, rst) {
		return exitcode.Usagef("%s %s: is %s of the run; %s would replace it", flag, path, name, what)
	}
	return nil
}

// sourceRoot returns the root of the git work tree rcptlint runs in (the
// current folder outside one) and the current folder, with symbolic links
// resolved in both, for SARIF's locations relative to the repository.
func sourceRoot(ctx context.Context, ios *iostreams.IOStreams) (root, dir string) {
	wd, err := ios.Getwd()
	if err != nil {
		return "", ""
	}
	if dir, err = filepath.EvalSymlinks(wd); err != nil {
		dir = wd
	}
	root, err = gitdiff.TopLevel(ctx, dir)
	if err != nil {
		return dir, dir
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	return root, dir
}

// changedRevisionArg reads `--changed REV FILE`, written with a space:
// the flag's value is optional, so REV arrives as the first argument. It
// is taken as the revision when it names no file but a git revision, and
// refused with the way to write it when it names neither. An argument
// after "--" (dash, the number of arguments before it) is a file.
func (o *checkOptions) changedRevisionArg(dash int) error {
	if o.changed != "HEAD" || len(o.args) == 0 || dash == 0 {
		return nil
	}
	a := o.args[0]
	if a == "-" {
		return nil
	}
	if _, err := os.Lstat(a); err == nil {
		return nil
	}
	// A revision may hold an '@' (HEAD@{1}, @~1): git is asked first.
	if gitdiff.IsRevision(o.ctx, ".", a) {
		o.changed, o.args = a, o.args[1:]
		if len(o.args) == 0 {
			return exitcode.Usagef("--changed %s: no file to check; name the files after the revision", a)
		}
		return nil
	}
	if at := strings.LastIndexByte(a, '@'); at >= 0 {
		if _, err := address.CheckDomain(a[at+1:]); err == nil {
			return nil // an address, which --changed refuses with the others
		}
	}
	return exitcode.Usagef("--changed %s: %s is neither a file nor a git revision (a revision is written --changed=REV)", a, a)
}

// loadChanged asks git which lines of each file changed.
func (r *runner) loadChanged(ctx context.Context, sources []source) error {
	r.changed = map[int]*gitdiff.Lines{}
	r.spanned = map[place]struct{}{}
	for i, s := range sources {
		lines, err := gitdiff.Changed(ctx, r.o.changed, s.name)
		if err != nil {
			return &exitcode.Error{Code: exitcode.Trouble, Err: fmt.Errorf("%s: %w", s.name, err)}
		}
		r.changed[i] = lines
	}
	return nil
}
