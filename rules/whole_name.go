package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/typo"
)

// wholeName offers the trusted or well-known name that the domain, or the
// domain without some of its first labels, is one edit from when compared
// whole, dots and public suffix included: fco.gv.uk, fco.gob.uk,
// fco.govt.uk and fcogov.uk for a trusted fco.gov.uk, us.fa.mil for
// us.af.mil, hotmailco.uk for hotmail.co.uk. The names come from an index
// (Env.wholeNames), so that a domain costs a few lookups however many
// names there are.
func (r DomainTypo) wholeName(f *domain.Facts, offer func(guess)) {
	names := r.env.wholeNames()
	names.NearTails(f.Name, func(start, id int) {
		meant := names.Name(id)
		trusted := r.env.trustedDomains[meant]
		rank, wk := r.env.Data.WellKnown[meant]
		var suffix string
		switch {
		case trusted:
			rank, suffix = -1, domain.Analyze(meant).Suffix
		case wk:
			suffix = r.env.Data.WellKnownList[rank].Suffix
		}
		cost, how, ok := wholeSlip(f.Name[start:], meant, suffix, trusted)
		if !ok {
			return
		}
		t := &target{trusted: trusted, rank: rank}
		offer(guess{name: f.Name[:start] + meant, target: t, cost: cost, how: how, trusted: trusted})
	})
}

// wholeSlip decides whether typed, one edit from the name meant (whose
// public suffix is suffix), is a likely slip of it, and describes it. A slip inside the one label of a
// name that is a label and a public suffix (mod in mod.gov.uk) is left to
// labelSlips, whose thresholds grow with the label. Otherwise any single
// edit of a trusted name counts; of a well-known one, a dot left out or a
// keyboard slip in a second-level suffix (yahoo.con.br), never in its
// top-level domain, which the TLD rules judge.
func wholeSlip(typed, meant, suffix string, trusted bool) (cost float64, how string, ok bool) {
	e, ok := typo.Single(typed, meant)
	if !ok {
		return 0, "", false
	}
	if how, isDot := dotEdit(e, typed); isDot {
		return typo.Cost(e, typed) + 0.1, how, trusted || e.Kind == typo.Omission
	}
	labels := strings.Count(meant, ".") + 1
	suffixLabels := strings.Count(suffix, ".") + 1
	at := strings.Count(meant[:e.Pos], ".") // the label of meant the edit is in
	switch {
	case at == labels-suffixLabels-1 && labels == suffixLabels+1:
		return 0, "", false
	case trusted:
	case at < labels-suffixLabels || at == labels-1 || !typo.Plausible(e, typed):
		return 0, "", false
	}
	return typo.Cost(e, typed) + 0.1, describeEdit(e, typed, meant), true
}

// dotEdit describes an edit that adds, drops, changes or moves a dot.
func dotEdit(e typo.Edit, typed string) (string, bool) {
	switch {
	case e.Kind == typo.Omission && e.Meant == '.':
		return "with a dot left out", true
	case e.Kind == typo.Insertion && e.Typed == '.':
		return "with a dot added", true
	case e.Kind == typo.Substitution && e.Typed == '.':
		return fmt.Sprintf("with a dot for '%c'", e.Meant), true
	case e.Kind == typo.Substitution && e.Meant == '.':
		return fmt.Sprintf("with '%c' for a dot", e.Typed), true
	case e.Kind == typo.Transposition && (typed[e.Pos] == '.' || typed[e.Pos+1] == '.'):
		return "with a dot moved", true
	}
	return "", false
}

// buildWholeNames indexes the names wholeName compares domains with: the
// well-known ones, whose keys were computed ahead of time, alone; with the
// trusted domains, all of them anew, in time and memory linear in their
// length. Any list of domain names can be indexed the same way.
func (e *Env) buildWholeNames() *typo.Names {
	d := e.Data
	var trusted []string
	for name := range e.trustedDomains {
		if _, wk := d.WellKnown[name]; !wk && comparedWhole(name) {
			trusted = append(trusted, name)
		}
	}
	if len(trusted) == 0 {
		return typo.NewNamesFrom(d.WholeNames, d.WholeKeys)
	}
	sort.Strings(trusted)
	return typo.NewNames(append(d.WholeNames[:len(d.WholeNames):len(d.WholeNames)], trusted...))
}

// comparedWhole reports whether wholeName compares domains with name: a
// name of three labels or more. In one of two, a single slip is in its
// label, which labelSlips judges, or in its top-level domain, which the
// TLD rules and otherSuffix judge; a dot left out leaves one label.
func comparedWhole(name string) bool { return strings.Count(name, ".") >= 2 }
