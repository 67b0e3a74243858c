package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/address"
	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
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

	format      string
	failOn      string
	inputFormat string
	column      string
	quiet       bool
	lists       listFlags
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
first column whose values are mostly addresses.`,
		Example: `  rcptlint check recipients.csv
  rcptlint check jane@gmial.com "Bob <bob@yahoo.cm>"
  rcptlint check --format json < list.txt
  rcptlint check --trusted mil --fail-on error orders.csv`,
		RunE: func(cmd *cobra.Command, args []string) error {
			o.args = args
			if !cmd.Flags().Changed("fail-on") {
				o.failOn = ""
			}
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
	return cmd
}

// source is one input of a run.
type source struct {
	name string // file path, "-" for stdin, lint.ArgsFile for an address
	arg  int    // 1-based argument index, for an address
	text string // the address argument
	file bool
}

func runCheck(o *checkOptions) error {
	s, err := loadSettings(o.global, o.io, o.lists)
	if err != nil {
		return err
	}
	failOn := s.failOn
	if o.failOn != "" {
		failOn = o.failOn
	}
	threshold, err := parseFailOn(failOn)
	if err != nil {
		return err
	}
	inFormat, err := input.ParseFormat(o.inputFormat)
	if err != nil {
		return exitcode.Usagef("--input-format: %v", err)
	}
	color, err := o.global.useColor(o.io)
	if err != nil {
		return err
	}
	reporter, err := report.New(o.format, color)
	if err != nil {
		return exitcode.Usagef("--format: %v", err)
	}
	sources, err := o.sources()
	if err != nil {
		return err
	}
	engine, err := lint.New(lint.Options{Rules: rules.All(s.env), Severity: s.severity, Allow: s.allow})
	if err != nil {
		return exitcode.Usagef("%v", err)
	}
	r := &runner{o: o, engine: engine, format: inFormat}
	for i, src := range sources {
		r.read(i, src)
	}
	engine.Finish(r.collect)
	report.Sort(r.findings)
	run := &report.Run{Tool: version.String(), Rules: rules.Docs(), Summary: r.summary()}
	if err := reporter.Report(o.io.Out, run, r.findings); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if o.format == "text" && !o.quiet {
		fmt.Fprintln(o.io.ErrOut, report.SummaryLine(run.Summary))
	}
	switch {
	case r.trouble:
		return exitcode.Silent(exitcode.Trouble)
	case r.failing(threshold):
		return exitcode.Silent(exitcode.Findings)
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

// runner carries one check run: it reads the sources into the engine and
// collects findings.
type runner struct {
	o        *checkOptions
	engine   *lint.Engine
	format   input.Format
	findings []lint.Finding
	files    int
	trouble  bool
}

func (r *runner) collect(f *lint.Finding) { r.findings = append(r.findings, *f) }

func (r *runner) read(idx int, src source) {
	if !src.file {
		address.ScanList(src.text, func(sp address.Span) bool {
			loc := lint.Location{File: src.name, Source: idx, Line: src.arg, Column: sp.Start + 1, Char: input.CharColumn(src.text, sp.Start)}
			r.engine.Check(src.text[sp.Start:sp.End], loc, r.collect)
			return true
		})
		return
	}
	r.files++
	in, closeIn, err := r.open(src.name)
	if err != nil {
		r.fail(src.name, err)
		return
	}
	defer closeIn()
	opts := input.Options{Format: input.FormatFor(src.name, r.format), Column: r.o.column}
	if src.name == "-" && r.format == input.Auto {
		opts.Format = input.Text
	}
	err = input.Read(in, opts, input.Handler{
		Address: func(a input.Address) {
			loc := lint.Location{File: src.name, Source: idx, Line: a.Line, Column: a.Column, Char: a.Char}
			r.engine.Check(a.Text, loc, r.collect)
		},
		Problem: func(p input.Problem) {
			r.trouble = true
			fmt.Fprintf(r.o.io.ErrOut, "%s:%d: error: %s\n", escape.String(src.name), p.Line, escape.String(p.Msg))
		},
	})
	if err != nil {
		r.fail(src.name, err)
	}
}

func (r *runner) open(name string) (io.Reader, func(), error) {
	if name == "-" {
		return r.o.io.In, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, nil, errors.New("is a directory")
	}
	return f, func() { f.Close() }, nil
}

func (r *runner) fail(name string, err error) {
	r.trouble = true
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	fmt.Fprintf(r.o.io.ErrOut, "rcptlint: %s: %s\n", escape.String(name), escape.String(err.Error()))
}

func (r *runner) summary() report.Summary {
	st := r.engine.Stats()
	return report.Summary{
		Files: r.files, Addresses: st.Addresses, Domains: st.Domains,
		Errors: st.Errors, Warnings: st.Warnings, Infos: st.Infos,
	}
}

func (r *runner) failing(threshold lint.Severity) bool {
	for i := range r.findings {
		if r.findings[i].Severity >= threshold {
			return true
		}
	}
	return false
}
