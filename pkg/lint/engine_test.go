package lint

import (
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// fakeDomainRule reports every domain containing its needle, suggesting a
// fixed domain, and counts its calls.
type fakeDomainRule struct {
	id, needle, suggest string
	calls               *int
}

func (r fakeDomainRule) Doc() Doc { return Doc{ID: r.id, Severity: Warning, Fixable: true} }

func (r fakeDomainRule) CheckDomain(f *domain.Facts) []Issue {
	*r.calls++
	if !strings.Contains(f.Name, r.needle) {
		return nil
	}
	return []Issue{{Message: r.id + " saw " + f.Name, Suggestion: r.suggest}}
}

type policyRule struct{}

func (policyRule) Doc() Doc { return Doc{ID: "policy", Severity: Info} }
func (policyRule) CheckDomain(f *domain.Facts) []Issue {
	return []Issue{{Message: "policy"}}
}

type countBatch struct{ seen *int }

func (b countBatch) Doc() Doc                   { return Doc{ID: "batch", Severity: Info} }
func (b countBatch) NewBatch() Batch            { return b }
func (b countBatch) Observe(*Subject, Location) { *b.seen++ }
func (b countBatch) Finish(report func(Location, string, Issue)) {
	report(Location{File: "f", Line: 1, Column: 1}, "x@y.com", Issue{Message: "batch done"})
}

func collect(e *Engine, addrs ...string) []Finding {
	var out []Finding
	for i, a := range addrs {
		e.Check(a, Location{File: "f", Line: i + 1, Column: 1}, func(f *Finding) { out = append(out, f.Clone()) })
	}
	e.Finish(func(f *Finding) { out = append(out, f.Clone()) })
	return out
}

func TestEngineCachesPerDomain(t *testing.T) {
	calls := 0
	e, err := New(Options{Rules: []Rule{fakeDomainRule{"a", "typo", "fixed.com", &calls}}})
	if err != nil {
		t.Fatal(err)
	}
	fs := collect(e, "x@typo.com", "y@typo.com", "z@ok.com", "w@typo.com", "v@OK.com")
	if calls != 3 {
		t.Errorf("rule ran %d times, want once per written domain (3)", calls)
	}
	if len(fs) != 3 || fs[1].Suggestion != "y@fixed.com" || fs[2].Line != 4 {
		t.Errorf("findings %+v", fs)
	}
	if st := e.Stats(); st.Addresses != 5 || st.Domains != 2 || st.Warnings != 3 {
		t.Errorf("stats %+v", st)
	}
}

func TestEngineOneSuggestionPerDomain(t *testing.T) {
	c1, c2 := 0, 0
	e, _ := New(Options{Rules: []Rule{
		fakeDomainRule{"first", "typo", "one.com", &c1},
		fakeDomainRule{"second", "typo", "two.com", &c2},
		policyRule{},
	}})
	fs := collect(e, "x@typo.com")
	if len(fs) != 2 || fs[0].Rule != "first" || fs[1].Rule != "policy" {
		t.Errorf("want the first suggestion and the policy finding, got %+v", fs)
	}
}

// remarkRule remarks on every domain, naming a domain it takes for meant
// without suggesting it.
type remarkRule struct{}

func (remarkRule) Doc() Doc { return Doc{ID: "remark", Severity: Warning} }
func (remarkRule) CheckDomain(f *domain.Facts) []Issue {
	return []Issue{{Message: "remark", Severity: Info, Meant: "meant.com"}}
}

// A remark on a slip without a suggestion is one finding too many beside
// another rule's suggestion for the same domain, and alone it stays; a
// policy finding stays either way.
func TestEngineRemarkGivesWayToSuggestion(t *testing.T) {
	c := 0
	e, _ := New(Options{Rules: []Rule{remarkRule{}, fakeDomainRule{"fix", "typo", "fixed.com", &c}, policyRule{}}})
	var rules []string
	for _, f := range collect(e, "x@typo.com", "y@other.com") {
		rules = append(rules, f.Address+" "+f.Rule)
	}
	want := "x@typo.com fix, x@typo.com policy, y@other.com remark, y@other.com policy"
	if got := strings.Join(rules, ", "); got != want {
		t.Errorf("findings %s, want %s", got, want)
	}
}

func TestEngineSeverityOverrides(t *testing.T) {
	c := 0
	e, err := New(Options{
		Rules:    []Rule{fakeDomainRule{"a", "typo", "", &c}, policyRule{}},
		Severity: map[string]Severity{"a": Error, "policy": Off},
	})
	if err != nil {
		t.Fatal(err)
	}
	fs := collect(e, "x@typo.com")
	if len(fs) != 1 || fs[0].Severity != Error || fs[0].Fixable {
		t.Errorf("findings %+v", fs)
	}
	if _, err := New(Options{Severity: map[string]Severity{"nope": Error}}); err == nil {
		t.Error("an override of an unknown rule must fail")
	}
}

func TestEngineAllow(t *testing.T) {
	c := 0
	e, _ := New(Options{
		Rules: []Rule{fakeDomainRule{"a", "typo", "", &c}},
		Allow: []string{"typo.com", "Ok@Other-Typo.org"},
	})
	fs := collect(e, "x@typo.com", "x@sub.typo.com", "ok@other-typo.org", "no@other-typo.org")
	if len(fs) != 1 || fs[0].Address != "no@other-typo.org" {
		t.Errorf("findings %+v", fs)
	}
}

func TestEngineBatch(t *testing.T) {
	seen := 0
	e, _ := New(Options{Rules: []Rule{countBatch{&seen}}})
	fs := collect(e, "a@b.com", "c@d.com")
	if seen != 2 || len(fs) != 1 || fs[0].Message != "batch done" {
		t.Errorf("seen %d, findings %+v", seen, fs)
	}
}

// atRule points at the byte of the address after its '@'.
type atRule struct{}

func (atRule) Doc() Doc { return Doc{ID: "at", Severity: Error} }
func (atRule) CheckAddress(s *Subject) []Issue {
	return []Issue{{Message: "after the @", Offset: strings.IndexByte(s.Raw, '@') + 1}}
}

// A finding inside an address is located at the character at fault when
// the address is written as it reads, and at the address's start when it
// is opaque (decoded, unescaped, unfolded).
func TestEngineOffsetInOpaqueAddress(t *testing.T) {
	e, _ := New(Options{Rules: []Rule{atRule{}}})
	for _, tc := range []struct {
		opaque       bool
		column, char int
	}{{false, 9, 8}, {true, 3, 3}} {
		at := Location{File: "f", Line: 1, Column: 3, Char: 3, Opaque: tc.opaque}
		var got []Finding
		e.Check("jörg@x.com", at, func(f *Finding) { got = append(got, f.Clone()) })
		if len(got) != 1 || got[0].Column != tc.column || got[0].Char != tc.char || got[0].AddressAt != at {
			t.Errorf("opaque %v: got %+v, want column %d, char %d", tc.opaque, got, tc.column, tc.char)
		}
	}
}

func TestLocationBefore(t *testing.T) {
	a := Location{Source: 0, Line: 2, Column: 5}
	for _, b := range []Location{{Source: 1}, {Source: 0, Line: 3}, {Source: 0, Line: 2, Column: 6}} {
		if !a.Before(b) || b.Before(a) {
			t.Errorf("%+v should come before %+v", a, b)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for in, want := range map[string]Severity{"error": Error, "WARNING": Warning, "info": Info, "off": Off} {
		if got, err := ParseSeverity(in); err != nil || got != want {
			t.Errorf("ParseSeverity(%q) = %v, %v", in, got, err)
		}
	}
	if _, err := ParseSeverity("fatal"); err == nil {
		t.Error("ParseSeverity(fatal) succeeded")
	}
}

type severeRule struct{ calls *int }

func (severeRule) Doc() Doc { return Doc{ID: "severe", Severity: Error} }
func (r severeRule) CheckDomain(f *domain.Facts) []Issue {
	return []Issue{{Message: "same repair", Suggestion: "one.com"}}
}

// Two rules suggesting the same repair are one finding, at the higher of
// their severities.
func TestEngineMergesSameSuggestion(t *testing.T) {
	c := 0
	e, _ := New(Options{Rules: []Rule{fakeDomainRule{"first", "typo", "one.com", &c}, severeRule{&c}}})
	fs := collect(e, "x@typo.com")
	if len(fs) != 1 || fs[0].Rule != "first" || fs[0].Severity != Error {
		t.Errorf("findings %+v", fs)
	}
}

// TestEngineUnknownRulesInNameOrder checks that, of several overrides of
// unknown rules, the error names the first by name on every call, not
// whichever the map yields first.
func TestEngineUnknownRulesInNameOrder(t *testing.T) {
	sev := map[string]Severity{}
	for _, id := range []string{"zeta", "alpha", "mu", "beta", "omega", "kappa", "delta", "pi"} {
		sev[id] = Error
	}
	for range 50 {
		_, err := New(Options{Severity: sev})
		if err == nil || err.Error() != `unknown rule "alpha"` {
			t.Fatalf("error %v, want unknown rule \"alpha\"", err)
		}
	}
}
