package rules

import (
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/homoglyph"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/typo"
)

// Registry reports a name under a closed suffix whose registry lists every
// name (.gov) that is not among them: trasportation.gov.
type Registry struct{ env *Env }

// Doc documents the registry rule.
func (Registry) Doc() lint.Doc {
	return lint.Doc{
		ID:       "registry",
		Summary:  "The domain is under a closed suffix (.gov) and not in its registry",
		Severity: lint.Error,
		Explanation: `Only US government bodies can register under .gov, and the registry publishes
every name it holds. rcptlint embeds that list, dated (see 'rcptlint
version'), so a .gov domain missing from it is either a mistake or newer
than the list: trasportation.gov or homelandsecurty.gov will bounce, or
worse, reach whoever registers the name later. The finding names the date
of the list, so that a name registered since then is understood.

The suggestion is the registered name one slip away (a letter missing,
extra, changed or two swapped, judged as domain-typo judges a slip), when
there is exactly one, or one of them is trusted or well-known; when several
are as close, the message names them and suggests none. A slip of a trusted
or well-known domain (gmail.gov) is domain-typo's to report, and a
look-alike of a registered name (nаsa.gov with a Cyrillic а) is one finding
with lookalike's, an error.

Subdomains are judged by their registered domain: mail.nasa.gov is fine.
Registries known to be partial (the list of .mil domains) are never used to
call a name wrong; tld-typo and unknown-tld use them to name the military
domain meant (army.ml, uscg.mial).`,
		Examples: []lint.Example{
			{Address: "ops@trasportation.gov", Finding: "'trasportation.gov' is not a registered .gov domain (registry of 2026-08-22); did you mean ops@transportation.gov?"},
			{Address: "ops@mail.nasa.gov"},
			{Address: "ops@usa.gov"},
		},
		FalsePositives: `A .gov domain registered after the date of the embedded list. Add it to
'known' in .rcptlint.yaml until rcptlint is rebuilt with a newer list.`,
		Fixable: true,
	}
}

// CheckDomain reports a name missing from the complete registry of its TLD.
func (r Registry) CheckDomain(f *domain.Facts) []lint.Issue {
	if !f.KnownTLD || f.Suffix != f.TLD {
		return nil
	}
	id := r.env.Data.registryIndex(f.TLD)
	if id < 0 || !r.env.Data.Registries[id].Complete || r.env.Legit(f.Name) {
		return nil
	}
	if len(r.env.targetsLabelled(f.Label)) > 0 {
		// A trusted or well-known name under .gov (gmail.gov) is
		// domain-typo's to report, with its suggestion: one finding a slip.
		return nil
	}
	date := r.env.Data.Registries[id].Date
	is := lint.Issue{Message: fmt.Sprintf("'%s' is not a registered .%s domain (registry of %s)", f.Registrable, f.TLD, date)}
	if skel := homoglyph.Key(unicodeName(f.Label)) + "." + f.TLD; f.Unicode != f.Name && r.env.Data.Registries[id].Has(skel) {
		// A look-alike of a registered name (nаsa.gov, with a Cyrillic
		// а): the same repair as lookalike's, so one finding, an error.
		is.Suggestion = withRegistrable(f, skel)
		return []lint.Issue{is}
	}
	switch near := r.nearest(f, id); {
	case len(near) == 1:
		is.Suggestion = withRegistrable(f, near[0])
	case len(near) > 1:
		is.Message += "; registered names as close: " + strings.Join(near, ", ")
	}
	return []lint.Issue{is}
}

// nearest returns the registered names one slip from f's registrable
// domain: all of them, sorted, or the only one that is also trusted or
// well-known.
func (r Registry) nearest(f *domain.Facts, id int) []string {
	var near, legit []string
	labels := r.env.registryLabels[id]()
	labels.Near(f.Label, func(word, dist int) {
		if _, _, ok := labelSlip(f.Label, labels.Word(word), dist); !ok {
			return
		}
		name := labels.Word(word) + "." + f.TLD
		near = append(near, name)
		if r.env.IsTrusted(name) || r.env.IsWellKnown(name) {
			legit = append(legit, name)
		}
	})
	if len(legit) == 1 {
		return legit
	}
	sort.Strings(near)
	const shown = 3
	if len(near) > shown {
		near = near[:shown]
	}
	return near
}

// registryIndexes returns, for each registry, a function that builds the
// index of its labels on first use: the .gov index takes a few
// milliseconds to build, which only a run that meets an unregistered .gov
// name should pay.
func registryIndexes(d *Data) []func() *typo.Index {
	out := make([]func() *typo.Index, len(d.Registries))
	for i := range d.Registries {
		list := &d.Registries[i]
		out[i] = sync.OnceValue(func() *typo.Index {
			x := typo.NewIndexLimited(1)
			for _, n := range list.Names {
				x.Add(strings.TrimSuffix(n, "."+list.TLD))
			}
			x.Prepare()
			return x
		})
	}
	return out
}

// IsRegistered reports whether name (ASCII, lower case) is a domain listed
// by the registry of its TLD (nasa.gov, army.mil), or under one
// (mail.nasa.gov, us.af.mil).
func (e *Env) IsRegistered(name string) bool {
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return false
	}
	id := e.Data.registryIndex(name[dot+1:])
	if id < 0 {
		return false
	}
	if prev := strings.LastIndexByte(name[:dot], '.'); prev >= 0 {
		name = name[prev+1:]
	}
	return e.Data.Registries[id].Has(name)
}

// registeredKind names the kind of a registered domain for messages:
// "military" for .mil, "registered .gov" and so on.
func registeredKind(name string) string {
	tld := name[strings.LastIndexByte(name, '.')+1:]
	if tld == "mil" {
		return "military"
	}
	return "registered ." + tld
}
