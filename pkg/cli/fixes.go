package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/fix"
	"github.com/rcptlint/rcptlint/pkg/input"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// place is where an address starts in one input.
type place struct{ source, line, column int }

// applyFixes turns the unambiguous suggestions into edits and applies them
// (--fix) or prints them as a diff (--diff). Fixed findings are dropped
// from the report.
func (r *runner) applyFixes(sources []source) {
	edits, ambiguous := r.edits(sources)
	for p := range ambiguous {
		r.note(sources[p.source].name, p.line, p.column, "not fixed: the rules suggest different repairs; choose one by hand")
	}
	fixed := map[place]bool{}
	for idx, src := range sources {
		list := edits[idx]
		if len(list) == 0 {
			continue
		}
		if r.o.diff {
			r.diffFile(src.name, list)
			continue
		}
		res, err := fix.File(r.o.ctx, src.name, list, r.hashes[idx])
		if err != nil {
			r.trouble = true
			r.note(src.name, 0, 0, "not fixed: "+err.Error())
			if !errors.Is(err, fix.ErrChanged) || len(res.Applied) == 0 {
				continue
			}
		}
		for _, e := range res.Applied {
			fixed[place{idx, e.Line, e.Column}] = true
			r.note(src.name, e.Line, e.Column, fmt.Sprintf("fixed %s -> %s", e.Old, e.New))
		}
		for _, s := range res.Skipped {
			r.note(src.name, s.Line, s.Column, "not fixed: "+s.Reason)
		}
	}
	r.dropFixed(fixed)
}

// edits collects, per input, one edit per address whose findings agree on
// a single fixable suggestion.
func (r *runner) edits(sources []source) (map[int][]fix.Edit, map[place]bool) {
	suggestion := map[place]*lint.Finding{}
	ambiguous := map[place]bool{}
	var order []place
	findings := r.store.slice()
	for i := range findings {
		f := &findings[i]
		if !f.Fixable || f.Suggestion == "" {
			continue
		}
		p := place{f.AddressAt.Source, f.AddressAt.Line, f.AddressAt.Column}
		if prev, ok := suggestion[p]; ok {
			if prev.Suggestion != f.Suggestion {
				ambiguous[p] = true
			}
			continue
		}
		suggestion[p] = f
		order = append(order, p)
	}
	edits := map[int][]fix.Edit{}
	for _, p := range order {
		f := suggestion[p]
		if ambiguous[p] {
			continue
		}
		if input.FormatFor(sources[p.source].name, r.format) != input.Text && strings.ContainsAny(f.Suggestion, "\",;\t\r\n") {
			r.note(f.File, p.line, p.column, "not fixed: the repair would need CSV quoting")
			continue
		}
		edits[p.source] = append(edits[p.source], fix.Edit{Line: p.line, Column: p.column, Old: f.Address, New: f.Suggestion})
	}
	return edits, ambiguous
}

func (r *runner) diffFile(name string, edits []fix.Edit) {
	res, err := fix.Preview(r.o.ctx, name, edits)
	if err != nil {
		r.trouble = true
		r.note(name, 0, 0, err.Error())
		return
	}
	if err := fix.WriteDiff(r.o.io.Out, name, res.Changes); err != nil && r.writeErr == nil {
		r.writeErr = err
	}
}

// dropFixed removes the findings whose address was fixed.
func (r *runner) dropFixed(fixed map[place]bool) {
	if len(fixed) == 0 {
		return
	}
	kept := r.store.mem[:0]
	for _, f := range r.store.mem {
		if fixed[place{f.AddressAt.Source, f.AddressAt.Line, f.AddressAt.Column}] {
			r.count(&f, -1)
			continue
		}
		kept = append(kept, f)
	}
	r.store.mem = kept
}

// note tells the user on standard error what --fix did or did not do.
func (r *runner) note(file string, line, col int, msg string) {
	where := escape.String(file)
	if line > 0 {
		where = fmt.Sprintf("%s:%d:%d", where, line, col)
	}
	r.errf("%s: %s\n", where, escape.String(msg))
}
