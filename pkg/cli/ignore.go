package cli

import (
	"fmt"
	"sort"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/input"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// maxIgnores bounds the ignore comments a run keeps, 16 bytes each: past
// it, the rest are reported as not honoured (exit 2).
const maxIgnores = 1 << 20

// ignores are the ignore comments of a run's text inputs: for each
// source, the lines they cover, in increasing order as they are read, with
// the rules covered as a bit mask, so that a finding is looked up by
// binary search.
type ignores struct {
	lines map[int][]ignoreLine
	bits  map[string]uint64 // each rule's bit, once needed
	n     int               // lines kept
	max   int               // maxIgnores, but in tests
	full  bool              // past max, said once
}

type ignoreLine struct {
	line  int
	rules uint64
}

// allRules covers every rule.
const allRules = ^uint64(0)

func newIgnores() *ignores {
	return &ignores{lines: map[int][]ignoreLine{}, max: maxIgnores}
}

// ruleBit is the bit of rule id, 0 for no rule. The table is made at the
// first ignore comment: a run without any does not pay for it.
func (ig *ignores) ruleBit(id string) uint64 {
	if ig.bits == nil {
		ig.bits = map[string]uint64{}
		for i, d := range rules.Docs() {
			ig.bits[d.ID] = 1 << i
		}
	}
	return ig.bits[id]
}

// add records that rules are ignored on a line of source src; it reports
// false when the cap is reached.
func (ig *ignores) add(src, line int, rules uint64) bool {
	ls := ig.lines[src]
	if n := len(ls); n > 0 && ls[n-1].line == line {
		ls[n-1].rules |= rules
		return true
	}
	if ig.n >= ig.max {
		return false
	}
	ig.n++
	ig.lines[src] = append(ls, ignoreLine{line, rules})
	return true
}

// covers reports whether an ignore comment covers a finding.
func (ig *ignores) covers(f *lint.Finding) bool {
	if ig.n == 0 {
		return false
	}
	ls := ig.lines[f.Source]
	if len(ls) == 0 {
		return false
	}
	line := f.AddressAt.Line
	if line == 0 {
		line = f.Line
	}
	i := sort.Search(len(ls), func(i int) bool { return ls[i].line >= line })
	return i < len(ls) && ls[i].line == line && ls[i].rules&ig.ruleBit(f.Rule) != 0
}

// directive records an ignore comment of source idx, named name, and
// warns about what in it cannot work: an unknown keyword or rule, or
// "rcptlint:ignore" alone on its line. It runs through r.checks.Do, before
// the addresses of the line it covers are delivered.
func (r *runner) directive(name string, idx int, d input.Directive) {
	at := fmt.Sprintf("%s:%d", escape.String(name), d.Line)
	switch {
	case !d.Known():
		r.errf("%s: warning: unknown directive %q: want rcptlint:ignore or rcptlint:ignore-next-line\n", at, escape.String("rcptlint:"+d.Keyword))
		return
	case d.Alone && d.Keyword == "ignore":
		r.errf("%s: warning: rcptlint:ignore on a line of its own covers nothing: write rcptlint:ignore-next-line\n", at)
		return
	}
	mask := allRules
	if len(d.Rules) > 0 {
		mask = 0
		for _, id := range d.Rules {
			bit := r.ignores.ruleBit(id)
			if bit == 0 {
				r.errf("%s: warning: rcptlint:%s: %s\n", at, d.Keyword, escape.String(unknownRule(id)))
			}
			mask |= bit
		}
	}
	if mask != 0 && !r.ignores.add(idx, d.Target, mask) && !r.ignores.full {
		r.ignores.full = true
		r.trouble = true
		r.errf("%s: error: more than %d ignore comments in the run; this one and the rest are not honoured\n", at, r.ignores.max)
	}
}
