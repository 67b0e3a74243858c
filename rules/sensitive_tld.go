package rules

import (
	"fmt"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// SensitiveTLD reports recipients under a top-level domain that the user's
// policy marks as sensitive.
type SensitiveTLD struct{ env *Env }

// Doc documents the sensitive-tld rule.
func (SensitiveTLD) Doc() lint.Doc {
	return lint.Doc{
		ID:       "sensitive-tld",
		Summary:  "The recipient's top-level domain is on your sensitive list",
		Severity: lint.Warning,
		Explanation: `Reports every recipient whose top-level domain is in the sensitive-tlds list
of .rcptlint.yaml (or --sensitive-tlds). The list is empty by default. It
takes TLDs (ru, .by, рф) and named, dated presets, each an embedded file that
names its legal source and date and includes the country's internationalized
TLDs:

  us-ofac-comprehensive        Cuba, Iran, North Korea (OFAC; Syria removed 1 Jul 2025)
  us-dsp-countries-of-concern  China, Hong Kong, Macau, Cuba, Iran, North Korea,
                               Russia, Venezuela (28 CFR 202.601)
  eu-broad-sanctions           Russia, Belarus, Iran, North Korea (EU/UK regimes)
  us-dod-ml-block              Mali's .ml (DoD CIO memo, 23 May 2024)

Sanction lists change (Syria's moved twice in 2025): the presets are data in
rules/data/presets/, and 'rcptlint explain sensitive-tld' prints their
sources. A TLD cannot express regional sanctions (Crimea, Donetsk, Luhansk):
their addresses sit under .ua or .ru.`,
		Examples: []lint.Example{
			{Address: "ivan@example.ru", Finding: "with sensitive-tlds: [ru], '.ru' (Russian Federation) is on your sensitive list"},
			{Address: "info@пример.рф", Finding: "with the us-dsp-countries-of-concern preset"},
		},
		FalsePositives: `The rule reports policy, not mistakes: every address under a listed TLD is
reported. Allow a partner's domain in .rcptlint.yaml ('allow') to silence it.`,
	}
}

// CheckDomain reports a sensitive TLD.
func (r SensitiveTLD) CheckDomain(f *domain.Facts) []lint.Issue {
	lists, ok := r.env.Sensitive[f.TLD]
	if !ok {
		return nil
	}
	what := "'." + f.TLD + "'"
	if u := f.Unicode[strings.LastIndexByte(f.Unicode, '.')+1:]; u != f.TLD {
		what = fmt.Sprintf("'.%s' (%s)", u, f.TLD)
	}
	if c := r.env.Country(f.TLD); c != "" {
		what += " (" + c + ")"
	}
	return []lint.Issue{{Message: fmt.Sprintf("%s is on the sensitive list of %s", what, strings.Join(lists, " and "))}}
}
