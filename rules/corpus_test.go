package rules_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// Minimum precision and recall a rule must keep on the labelled corpus.
// Precision counts a finding with the wrong suggestion as wrong.
const (
	minPrecision = 0.97
	minRecall    = 0.90
)

type score struct{ tp, fp, fn int }

func (s score) precision() float64 { return ratio(s.tp, s.tp+s.fp) }
func (s score) recall() float64    { return ratio(s.tp, s.tp+s.fn) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// TestCorpusPrecisionRecall measures every rule on
// testdata/corpus/labelled.tsv and prints the figures the README states,
// per rule and per family of cases. A finding at info is a remark, not a
// report: it counts for neither.
func TestCorpusPrecisionRecall(t *testing.T) {
	sections := readCorpus(t)
	total := 0
	for _, sec := range sections {
		total += len(sec.entries)
	}
	if total < 400 {
		t.Fatalf("the labelled corpus has %d addresses; keep at least 400", total)
	}
	scores := map[string]*score{}
	for _, r := range rules.All(nil) {
		if _, batch := r.(lint.BatchRule); !batch {
			scores[r.Doc().ID] = &score{}
		}
	}
	families := map[string]*score{}
	for _, sec := range sections {
		env, err := rules.NewEnv(sec.opts)
		if err != nil {
			t.Fatal(err)
		}
		fam := &score{}
		if sec.family != "" {
			families[sec.family] = fam
		}
		for _, e := range sec.entries {
			got := checkAlone(t, env, e)
			scoreRules(t, e, got, scores)
			scoreFamily(e, got, fam)
		}
	}
	t.Logf("%d addresses\n%s\nfamilies:\n%s", total, scoreTable(t, scores), scoreTable(t, families))
}

// checkAlone returns the findings at warning or above on e's address, by
// rule, checked on its own: the corpus measures the rules that judge one
// address; batch rules have tests of their own.
func checkAlone(t *testing.T, env *rules.Env, e corpusEntry) map[string]lint.Finding {
	engine, err := lint.New(lint.Options{Rules: rules.All(env)})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]lint.Finding{}
	engine.Check(e.address, lint.Location{Line: e.line, Column: 1}, func(f *lint.Finding) {
		if f.Severity >= lint.Warning {
			got[f.Rule] = *f
		}
	})
	return got
}

func scoreRules(t *testing.T, e corpusEntry, got map[string]lint.Finding, scores map[string]*score) {
	for rule, s := range scores {
		want := contains(e.rules, rule)
		f, fired := got[rule]
		right := fired && (e.suggestion == "" || rule != e.rules[0] || f.Suggestion == e.suggestion)
		switch {
		case want && right:
			s.tp++
		case want:
			s.fn++
			if fired {
				s.fp++
			}
			t.Logf("missed: line %d %q: want %s %q, got %q", e.line, e.address, rule, e.suggestion, f.Suggestion)
		case fired:
			s.fp++
			t.Logf("false positive: line %d %q: %s %q", e.line, e.address, rule, f.Message)
		}
	}
}

// scoreFamily counts a case of a family as found when its first rule
// reports it with the suggestion wanted, and a negative as a false
// positive when any rule reports it.
func scoreFamily(e corpusEntry, got map[string]lint.Finding, s *score) {
	if len(e.rules) == 0 {
		if len(got) > 0 {
			s.fp++
		}
		return
	}
	f, fired := got[e.rules[0]]
	switch {
	case fired && (e.suggestion == "" || f.Suggestion == e.suggestion):
		s.tp++
	case fired:
		s.fp++
		s.fn++
	default:
		s.fn++
	}
}

// scoreTable formats scores and fails those below the floor.
func scoreTable(t *testing.T, scores map[string]*score) string {
	var ids []string
	for id := range scores {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var table strings.Builder
	fmt.Fprintf(&table, "%-24s %5s %5s %5s %9s %7s\n", "", "TP", "FP", "FN", "precision", "recall")
	for _, id := range ids {
		s := scores[id]
		fmt.Fprintf(&table, "%-24s %5d %5d %5d %9.3f %7.3f\n", id, s.tp, s.fp, s.fn, s.precision(), s.recall())
		if s.precision() < minPrecision || s.recall() < minRecall {
			t.Errorf("%s: precision %.3f, recall %.3f; want at least %.2f and %.2f", id, s.precision(), s.recall(), minPrecision, minRecall)
		}
	}
	return table.String()
}

type corpusEntry struct {
	line       int
	address    string
	rules      []string
	suggestion string
}

// corpusSection is the part of the corpus before the first family
// directive, or one family: its cases run with its own options.
type corpusSection struct {
	family  string
	opts    rules.Options
	entries []corpusEntry
}

// readCorpus reads labelled.tsv. A line "#! family: NAME" starts a family,
// whose cases run with only the option directives that follow it.
func readCorpus(t *testing.T) []corpusSection {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "corpus", "labelled.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sections := []corpusSection{{}}
	sec := &sections[0]
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "#! family: "); ok {
			sections = append(sections, corpusSection{family: strings.TrimSpace(name)})
			sec = &sections[len(sections)-1]
			continue
		}
		if d, ok := strings.CutPrefix(line, "#! "); ok {
			if err := applyDirective(&sec.opts, d); err != nil {
				t.Fatalf("labelled.tsv:%d: %v", n, err)
			}
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("labelled.tsv:%d: want 3 columns, got %d", n, len(cols))
		}
		e := corpusEntry{line: n, address: cols[0], suggestion: cols[2]}
		if cols[1] != "ok" {
			e.rules = strings.Split(cols[1], ",")
		}
		sec.entries = append(sec.entries, e)
	}
	return sections
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
