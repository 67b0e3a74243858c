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

// realBudget is the share of real, registered domains that may get a
// warning or an error, typo-catchers aside: one in 5,000.
const realBudget = 1.0 / 5000

// TestRealDomains runs every domain of the public lists in
// testdata/corpus/real through the rules, with no configuration, and
// reports how many get a warning or an error. Each that does must be
// listed in flagged.tsv with the rule and why, and each listed must still
// be flagged, so that the figures in the README stay true; the false
// positives must stay within realBudget:
//
//	go test ./rules -run RealDomains -v
func TestRealDomains(t *testing.T) {
	dir := filepath.Join("..", "testdata", "corpus", "real")
	listed := readFlagged(t, filepath.Join(dir, "flagged.tsv"))
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no lists in %s: %v", dir, err)
	}
	engine := newEngine(t, rules.Options{})
	seen := map[string]bool{}
	var table strings.Builder
	fmt.Fprintf(&table, "%-30s %8s %8s %13s %15s %10s\n", "list", "domains", "flagged", "typo-catcher", "false positive", "rate")
	var total, totalFP int
	for _, file := range files {
		domains := readDomains(t, file)
		flagged, catchers, fps := 0, 0, 0
		for _, d := range domains {
			rule := ""
			engine.Check("x@"+d, lint.Location{Line: 1, Column: 1}, func(f *lint.Finding) {
				if f.Severity >= lint.Warning && rule == "" {
					rule = f.Rule
				}
			})
			seen[d] = true
			if rule == "" {
				if l, ok := listed[d]; ok {
					t.Errorf("flagged.tsv:%d: %s is no longer flagged; remove it", l.line, d)
				}
				continue
			}
			flagged++
			l, ok := listed[d]
			switch {
			case !ok:
				t.Errorf("%s: %s gets %s and is not in flagged.tsv", filepath.Base(file), d, rule)
			case l.rule != rule:
				t.Errorf("flagged.tsv:%d: %s gets %s, not %s", l.line, d, rule, l.rule)
			case l.kind == "typo-catcher":
				catchers++
			case l.kind == "false-positive":
				fps++
			}
		}
		total += len(domains)
		totalFP += fps
		fmt.Fprintf(&table, "%-30s %8d %8d %13d %15d %10s\n", filepath.Base(file), len(domains), flagged, catchers, fps, oneIn(fps, len(domains)))
	}
	for d, l := range listed {
		if !seen[d] {
			t.Errorf("flagged.tsv:%d: %s is in no list", l.line, d)
		}
	}
	t.Logf("%d real domains, %d false positives (%s; budget 1 in %.0f)\n%s", total, totalFP, oneIn(totalFP, total), 1/realBudget, table.String())
	if float64(totalFP) > realBudget*float64(total) {
		t.Errorf("%d false positives in %d real domains (%s), over the budget of 1 in %.0f", totalFP, total, oneIn(totalFP, total), 1/realBudget)
	}
}

// oneIn formats a rate as "1 in N".
func oneIn(n, of int) string {
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("1 in %d", of/n)
}

type flaggedDomain struct {
	line             int
	rule, kind, text string
}

// readFlagged reads flagged.tsv: domain, rule, kind (typo-catcher,
// false-positive or true-positive) and the reason.
func readFlagged(t *testing.T, file string) map[string]flaggedDomain {
	t.Helper()
	out := map[string]flaggedDomain{}
	eachDataLine(t, file, func(line string, n int) {
		cols := strings.Split(line, "\t")
		if len(cols) != 4 || cols[3] == "" {
			t.Fatalf("%s:%d: want domain, rule, kind and reason, got %q", file, n, line)
		}
		switch cols[2] {
		case "typo-catcher", "false-positive", "true-positive":
		default:
			t.Fatalf("%s:%d: kind %q is none of typo-catcher, false-positive, true-positive", file, n, cols[2])
		}
		out[cols[0]] = flaggedDomain{line: n, rule: cols[1], kind: cols[2], text: cols[3]}
	})
	return out
}

// readDomains reads a list of domains, one a line, each once.
func readDomains(t *testing.T, file string) []string {
	t.Helper()
	var out []string
	eachDataLine(t, file, func(line string, _ int) { out = append(out, line) })
	sort.Strings(out)
	return out
}

// eachDataLine calls fn with every line of file that is neither blank nor
// a comment.
func eachDataLine(t *testing.T, file string, fn func(line string, n int)) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if line := strings.TrimSpace(sc.Text()); line != "" && line[0] != '#' {
			fn(line, n)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
