package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// Every flag of every command is in the README: a flag added without a
// line there fails here.
func TestReadmeListsEveryFlag(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	ios, _, _ := iostreams.Test("")
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Hidden {
			return
		}
		check := func(f *pflag.Flag) {
			if f.Hidden || f.Name == "help" {
				return
			}
			if !regexp.MustCompile(`--` + regexp.QuoteMeta(f.Name) + `([^-a-z0-9]|$)`).Match(readme) {
				t.Errorf("README.md does not mention --%s of '%s'", f.Name, c.CommandPath())
			}
		}
		c.LocalFlags().VisitAll(check)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(NewRootCmd(ios))
}

// The README states the Go version go.mod requires.
func TestReadmeStatesGoVersion(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := "Go " + string(m[1]) + " or later"
	if !bytes.Contains(readme, []byte(want)) {
		t.Errorf("README.md does not say %q, the version go.mod requires", want)
	}
}

// The README and the snippets in the hook and Action files pin only
// release tags of rcptlint that exist.
func TestDocsNameOnlyTagsThatExist(t *testing.T) {
	tags := regexp.MustCompile(`(?:rcptlint@|rev:\s*)(v\d+(?:\.\d+)*)`)
	var named []string
	for _, f := range []string{"README.md", "action.yml", ".pre-commit-hooks.yaml"} {
		text, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tags.FindAllSubmatch(text, -1) {
			named = append(named, f+": "+string(m[1]))
		}
	}
	if len(named) == 0 {
		return
	}
	git := func(args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = "../.."
		out, err := cmd.Output()
		return strings.TrimSpace(string(out)), err
	}
	if shallow, err := git("rev-parse", "--is-shallow-repository"); err != nil || shallow != "false" {
		t.Skipf("not a whole git clone (%v): its tags are not known; the docs name %v", err, named)
	}
	for _, n := range named {
		tag := n[strings.LastIndex(n, " ")+1:]
		if out, _ := git("tag", "-l", tag); out != tag {
			t.Errorf("%s: no such tag in this repository", n)
		}
	}
}
