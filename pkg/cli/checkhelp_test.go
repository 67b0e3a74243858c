package cli

import (
	"regexp"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/input"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// check --help names every extension a folder is searched for, as the
// README does: a user reads there which files of a folder are checked.
func TestCheckHelpNamesFolderExtensions(t *testing.T) {
	ios, _, _ := iostreams.Test("")
	check, _, err := NewRootCmd(ios).Find([]string{"check"})
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Join(strings.Fields(check.Long), " ")
	for _, ext := range input.ListExtensions {
		if !regexp.MustCompile(regexp.QuoteMeta(ext) + `[,)]`).MatchString(long) {
			t.Errorf("check --help does not name %s among the extensions a folder is searched for", ext)
		}
	}
}

// An example of check --help that chains with && a check that exits 1 on
// findings never reaches its second command when there is something to
// see, as with --diff before --fix.
func TestCheckExamplesDoNotChainOnFindings(t *testing.T) {
	ios, _, _ := iostreams.Test("")
	check, _, err := NewRootCmd(ios).Find([]string{"check"})
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(check.Example, "\n") {
		first, _, chained := strings.Cut(line, "&&")
		if chained && strings.Contains(first, "rcptlint check") && !strings.Contains(first, "--fail-on never") {
			t.Errorf("example %q: the check exits 1 on findings, so what follows && runs only when there are none", strings.TrimSpace(line))
		}
	}
}
