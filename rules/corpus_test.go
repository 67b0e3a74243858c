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
// testdata/corpus/labelled.tsv and prints the figures the README states.
func TestCorpusPrecisionRecall(t *testing.T) {
	opts, entries := readCorpus(t)
	if len(entries) < 400 {
		t.Fatalf("the labelled corpus has %d addresses; keep at least 400", len(entries))
	}
	env, err := rules.NewEnv(opts)
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]*score{}
	for _, r := range rules.All(env) {
		if _, batch := r.(lint.BatchRule); !batch {
			scores[r.Doc().ID] = &score{}
		}
	}
	for _, e := range entries {
		// Each address on its own: the corpus measures the rules that judge
		// one address; batch rules have tests of their own.
		engine, err := lint.New(lint.Options{Rules: rules.All(env)})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]lint.Finding{}
		engine.Check(e.address, lint.Location{Line: e.line, Column: 1}, func(f *lint.Finding) { got[f.Rule] = *f })
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
	var ids []string
	for id := range scores {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var table strings.Builder
	fmt.Fprintf(&table, "%-14s %5s %5s %5s %9s %7s\n", "rule", "TP", "FP", "FN", "precision", "recall")
	for _, id := range ids {
		s := scores[id]
		fmt.Fprintf(&table, "%-14s %5d %5d %5d %9.3f %7.3f\n", id, s.tp, s.fp, s.fn, s.precision(), s.recall())
		if s.precision() < minPrecision || s.recall() < minRecall {
			t.Errorf("%s: precision %.3f, recall %.3f; want at least %.2f and %.2f", id, s.precision(), s.recall(), minPrecision, minRecall)
		}
	}
	t.Logf("%d addresses\n%s", len(entries), table.String())
}

type corpusEntry struct {
	line       int
	address    string
	rules      []string
	suggestion string
}

func readCorpus(t *testing.T) (rules.Options, []corpusEntry) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "corpus", "labelled.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var opts rules.Options
	var out []corpusEntry
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if d, ok := strings.CutPrefix(line, "#! "); ok {
			if err := applyDirective(&opts, d); err != nil {
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
		out = append(out, e)
	}
	return opts, out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
