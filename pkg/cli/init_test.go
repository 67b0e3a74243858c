package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// exampleLine is a commented line of the starter that is a setting: an
// entry of a list or a key and its value, behind '# '.
var exampleLine = regexp.MustCompile(`^# +(- |[a-z][a-z-]*: )`)

// starterExamples returns the indexes of the starter's example lines.
func starterExamples(lines []string) []int {
	var out []int
	for i, l := range lines {
		if exampleLine.MatchString(l) && !strings.HasPrefix(l, "# yaml-language-server:") {
			out = append(out, i)
		}
	}
	return out
}

// loadStarter loads a variant of the starter configuration as a run
// would, validating every key, rule, severity and entry.
func loadStarter(t *testing.T, text string) error {
	t.Helper()
	path := filepath.Join(t.TempDir(), ".rcptlint.yaml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	ios, _, errOut := iostreams.Test("")
	_, err := loadSettings(&globalOptions{configPath: path}, ios, listFlags{})
	if errOut.Len() > 0 {
		t.Errorf("warnings loading the starter: %s", errOut)
	}
	return err
}

// The starter stays a valid configuration when a user removes the leading
// '# ' of any example line, or of all of them.
func TestStarterExamples(t *testing.T) {
	lines := strings.Split(starterConfig, "\n")
	examples := starterExamples(lines)
	if len(examples) < 7 {
		t.Fatalf("found %d example lines in the starter, want one for each list and the rules", len(examples))
	}
	if err := loadStarter(t, starterConfig); err != nil {
		t.Errorf("the starter as written: %v", err)
	}
	uncomment := func(idx ...int) string {
		out := append([]string(nil), lines...)
		for _, i := range idx {
			out[i] = strings.TrimPrefix(out[i], "# ")
		}
		return strings.Join(out, "\n")
	}
	for _, i := range examples {
		if err := loadStarter(t, uncomment(i)); err != nil {
			t.Errorf("with line %d uncommented (%q): %v", i+1, lines[i], err)
		}
	}
	all := uncomment(examples...)
	if err := loadStarter(t, all); err != nil {
		t.Errorf("with every example uncommented: %v\n%s", err, all)
	}
}

// The starter's baseline example names the file that 'rcptlint check
// --help' and the README write with --write-baseline, so that a user who
// follows them and then uncomments the line uses the baseline written.
func TestStarterBaselineIsTheOneWritten(t *testing.T) {
	m := regexp.MustCompile(`(?m)^# baseline: (\S+)$`).FindStringSubmatch(starterConfig)
	if m == nil {
		t.Fatal("the starter has no baseline example")
	}
	ios, _, _ := iostreams.Test("")
	check, _, err := NewRootCmd(ios).Find([]string{"check"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "--write-baseline " + m[1] + " "; !strings.Contains(check.Example, want) {
		t.Errorf("the starter's baseline is %s; check's examples write another:\n%s", m[1], check.Example)
	}
}
