package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rcptlint/rcptlint/pkg/baseline"
	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// baselineRun is a run's baseline: the findings it accepts (--baseline,
// or the baseline key), or the one it writes (--write-baseline), which
// accepts every finding of the run.
type baselineRun struct {
	accept *baseline.Set
	write  *baseline.Builder
	out    *outputFile // where write goes, until committed
	path   string
	files  []string // each source's file, as the baseline names it
	err    error    // a finding the written baseline could not hold
}

// refuseReport fails when the baseline to write at path is an input of
// the run, its configuration or the --output file: it would replace the
// list (as it did), the configuration or the report.
func (r *runner) refuseReport(path string, cfg *config.Config, sources []source) error {
	if err := refuseInput("--write-baseline", path, "the baseline", sources); err != nil {
		return err
	}
	if err := refuseRead("--write-baseline", path, "the baseline", cfg.Path, "the configuration"); err != nil {
		return err
	}
	if !r.o.toFile() {
		return nil
	}
	out, oerr := filepath.Abs(r.o.output)
	base, berr := filepath.Abs(path)
	ost, oserr := os.Stat(r.o.output)
	bst, bserr := os.Stat(path)
	if oerr == nil && berr == nil && out == base || oserr == nil && bserr == nil && os.SameFile(ost, bst) {
		return exitcode.Usagef("--write-baseline %s: is the --output file; the baseline would replace the report", path)
	}
	return nil
}

// baselinePath is the baseline the run reads, unless it writes one: that
// of --baseline, else the configuration's (relative to its folder), or "".
func (r *runner) baselinePath(cfg *config.Config) string {
	path := r.o.baseline
	if path == "" && cfg.Baseline.Value != "" {
		path = cfg.Baseline.Value
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(cfg.Path), path)
		}
	}
	return path
}

// loadBaseline reads the baseline the run uses, or starts the one it
// writes. A baseline names files relative to its folder, so that it works
// from wherever rcptlint is run.
func (r *runner) loadBaseline(cfg *config.Config, sources []source) error {
	path := r.baselinePath(cfg)
	b := &baselineRun{path: path}
	switch {
	case r.o.writeBaseline != "":
		b.path = r.o.writeBaseline
		if err := r.refuseReport(b.path, cfg, sources); err != nil {
			return err
		}
		out, err := createOutput("--write-baseline", b.path)
		if err != nil {
			return err
		}
		b.out, b.write = out, baseline.NewBuilder()
	case path != "":
		set, err := readBaseline(path)
		if err != nil {
			return &exitcode.Error{Code: exitcode.Trouble, Err: err}
		}
		b.accept = set
	default:
		return nil
	}
	dir, err := filepath.Abs(filepath.Dir(b.path))
	if err != nil {
		return &exitcode.Error{Code: exitcode.Trouble, Err: err}
	}
	for _, s := range sources {
		b.files = append(b.files, baselineFile(dir, s))
	}
	r.base = b
	return nil
}

// readBaseline reads the baseline file at path, a regular file.
func readBaseline(path string) (*baseline.Set, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, unwrapPath(err))
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("baseline %s: not a regular file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	set, err := baseline.Read(f)
	if err != nil {
		return nil, fmt.Errorf("baseline %s: %w", path, err)
	}
	return set, nil
}

// baselineFile names a source in a baseline kept in folder dir: a path
// relative to it, slash-separated, or "-" and "<args>" as in the report.
func baselineFile(dir string, s source) string {
	if !s.isPath() {
		return s.name
	}
	abs, err := filepath.Abs(s.name)
	if err != nil {
		return filepath.ToSlash(s.name)
	}
	if rel, err := filepath.Rel(dir, abs); err == nil {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(abs)
}

// takes reports whether the baseline accepts a finding: one the read
// baseline holds, or any finding when the run writes the baseline.
func (b *baselineRun) takes(f *lint.Finding) bool {
	k := baseline.NewKey(b.files[f.Source], f.Rule, f.Address)
	if b.write == nil {
		return b.accept.Accept(k)
	}
	if err := b.write.Add(k); err != nil && b.err == nil {
		b.err = err
	}
	return true
}

// finish writes the baseline the run built, unless an input could not be
// read: the baseline would then drop that input's accepted findings.
func (b *baselineRun) finish(r *runner) error {
	if b == nil || b.write == nil {
		return nil
	}
	fail := func(err error) error {
		b.out.abort()
		return &exitcode.Error{Code: exitcode.Trouble, Err: fmt.Errorf("--write-baseline %s: %w", b.path, err)}
	}
	switch {
	case r.trouble:
		b.out.abort()
		r.summaryOf.BaselineUnwritten = true
		r.errf("rcptlint: --write-baseline %s: not written, since not every input was read\n", escape.String(b.path))
		return nil
	case b.err != nil:
		return fail(b.err)
	}
	if _, err := b.write.WriteTo(b.out); err != nil {
		return fail(err)
	}
	if err := b.out.commit(); err != nil {
		return fail(err)
	}
	if !r.o.quiet {
		noun := "findings"
		if b.write.Len() == 1 {
			noun = "finding"
		}
		r.errf("rcptlint: wrote %d accepted %s to %s\n", b.write.Len(), noun, escape.String(b.path))
	}
	return nil
}

// errBaselineModes is the usage error of --write-baseline with an option
// that reports or fixes part of the findings.
var errBaselineModes = errors.New("--write-baseline records every finding of the files: it cannot be combined with --changed, --fix or --diff")
