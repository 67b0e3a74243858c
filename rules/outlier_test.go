package rules_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/rules"
)

func TestOutlierReportsRareSlip(t *testing.T) {
	for _, tc := range []struct {
		name, rare, frequent, want string
		n                          int
	}{
		{"label swap", "hr.contoso-gruop.de", "hr.contoso-group.de", "1 recipient at hr.contoso-gruop.de, 38 at hr.contoso-group.de", 38},
		{"letter left out", "acme-logistcs.com", "acme-logistics.com", "1 recipient at acme-logistcs.com, 100 at acme-logistics.com", 100},
		{"hyphen dropped", "acmelogistics.com", "acme-logistics.com", "without its hyphen", 20},
		{"tld slip", "contoso.co", "contoso.com", "'.co' for '.com'", 10},
		{"dot left out", "hrcontoso.de", "hr.contoso.de", "a dot left out or added", 12},
		{"subdomain label", "mail.sakes.example.org", "mail.sales.example.org", "1 recipient at mail.sakes.example.org, 5 at", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list := append(many(tc.n, tc.frequent), "someone@"+tc.rare)
			got := runBatch(t, rules.Options{}, "outlier", input{"list.txt", list})
			if len(got) != 1 {
				t.Fatalf("got %d findings, want 1: %+v", len(got), got)
			}
			f := got[0]
			if !strings.Contains(f.Message, tc.want) || f.Suggestion != "someone@"+tc.frequent || f.Line != tc.n+1 {
				t.Errorf("got %+v", f)
			}
		})
	}
}

func TestOutlierAcrossFiles(t *testing.T) {
	got := runBatch(t, rules.Options{}, "outlier",
		input{"team-a.csv", many(30, "contoso-group.de")},
		input{"team-b.csv", []string{"x@example.org", "late@contoso-gruop.de"}},
		input{"team-c.csv", many(30, "contoso-group.de")},
	)
	if len(got) != 1 || got[0].File != "team-b.csv" || got[0].Line != 2 || !strings.Contains(got[0].Message, "60 at contoso-group.de") {
		t.Errorf("got %+v", got)
	}
}

func TestOutlierLeavesAlone(t *testing.T) {
	for name, lists := range map[string][][]string{
		"twins of similar size":  {many(25, "gmx.at"), many(25, "gmx.ch")},
		"two similar companies":  {many(6, "acme.de"), many(5, "acne.de")},
		"too few to be frequent": {many(4, "contoso-group.de"), {"x@contoso-gruop.de"}},
		"not rare enough":        {many(20, "contoso-group.de"), many(5, "contoso-gruop.de")},
		"unrelated companies":    {many(10, "alpha-industries.com"), many(10, "beta-logistics.de"), {"a@gamma.io", "b@delta.co.uk", "c@epsilon.fr"}},
		"well-known rare one":    {many(40, "gmx.de"), {"x@gmx.at"}},
		"other rule corrected":   {many(57, "us.af.mil"), {"x@us.af.ml"}},
		"short labels":           {many(50, "ab.com"), {"x@ac.com"}},
	} {
		t.Run(name, func(t *testing.T) {
			var all []string
			for _, l := range lists {
				all = append(all, l...)
			}
			if got := runBatch(t, rules.Options{}, "outlier", input{"list.txt", all}); len(got) != 0 {
				t.Errorf("got %+v", got)
			}
		})
	}
}

func TestOutlierHonoursKnownAndAllow(t *testing.T) {
	list := append(many(40, "contoso-group.de"), "x@contoso-gruop.de")
	if got := runBatch(t, rules.Options{Known: []string{"contoso-gruop.de"}}, "outlier", input{"l", list}); len(got) != 0 {
		t.Errorf("a known domain was reported: %+v", got)
	}
}

// TestOutlierDeterministic: among thousands of frequent domains a slip
// apart, the one a rare domain is taken for does not depend on the order
// in which a map hands the domains over: the same list gives the same
// findings run after run.
func TestOutlierDeterministic(t *testing.T) {
	var list []string
	for i := range 3000 {
		// Counts from 6 to 16 for most, 1 or 2 for every seventh.
		n := 6 + i%11
		if i%7 == 0 {
			n = 1 + i%2
		}
		list = append(list, many(n, fmt.Sprintf("zq%dxk.com", i))...)
	}
	var first []string
	for run := range 4 {
		var got []string
		for _, f := range runBatch(t, rules.Options{}, "outlier", input{"list.txt", list}) {
			got = append(got, fmt.Sprintf("%d: %s", f.Line, f.Message))
		}
		if run == 0 {
			first = got
			continue
		}
		if !slices.Equal(got, first) {
			for i := range min(len(got), len(first)) {
				if got[i] != first[i] {
					t.Fatalf("run %d differs from the first (%d and %d findings), first at\n%s\nagainst\n%s", run, len(got), len(first), got[i], first[i])
				}
			}
			t.Fatalf("run %d gave %d findings, the first %d", run, len(got), len(first))
		}
	}
}
