package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// hook is one entry of .pre-commit-hooks.yaml, as pre-commit reads it.
type hook struct {
	ID    string   `yaml:"id"`
	Entry string   `yaml:"entry"`
	Args  []string `yaml:"args"`
	Files string   `yaml:"files"`
}

func readHooks(t *testing.T) []hook {
	t.Helper()
	b, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []hook
	if err := yaml.Unmarshal(b, &hooks); err != nil {
		t.Fatalf(".pre-commit-hooks.yaml: %v", err)
	}
	if len(hooks) == 0 {
		t.Fatal(".pre-commit-hooks.yaml: no hooks")
	}
	return hooks
}

// TestPreCommitHooks checks the hooks as pre-commit runs them: the
// command is entry, then args, then the file names, so args must end with
// "--" for a file named like a flag to be a file; a file without
// addresses is skipped; and the files pattern (pre-commit searches the
// path with it, and Python's syntax is RE2's here) picks mailing lists,
// not every .txt and .csv.
func TestPreCommitHooks(t *testing.T) {
	picked := []string{
		"contacts.csv", "lists/Subscribers.TXT", "mailing-list.csv", "team.emails", "x.recipients",
		"data/email_addresses.tsv", "maillist.lst", "newsletter-members.txt", "-q-recipients.txt",
	}
	passed := []string{
		"requirements.txt", "cities.csv", "data/cities.csv", "sources.list", "README.md", "go.sum",
		"mail/notes.md", "contacts.csv.bak", "emails/prices.csv",
	}
	for _, h := range readHooks(t) {
		if !strings.HasPrefix(h.Entry, "rcptlint check ") || !strings.Contains(h.Entry, " --skip-unrecognized") {
			t.Errorf("hook %s: entry %q does not run rcptlint check --skip-unrecognized", h.ID, h.Entry)
		}
		if strings.Contains(" "+h.Entry+" ", " -- ") {
			t.Errorf("hook %s: entry %q holds --, which would make the user's args file names", h.ID, h.Entry)
		}
		if len(h.Args) == 0 || h.Args[len(h.Args)-1] != "--" {
			t.Errorf("hook %s: args %q do not end with --", h.ID, h.Args)
		}
		re, err := regexp.Compile(h.Files)
		if err != nil {
			t.Fatalf("hook %s: files: %v", h.ID, err)
		}
		for _, p := range picked {
			if !re.MatchString(p) {
				t.Errorf("hook %s: files %q does not pick %s", h.ID, h.Files, p)
			}
		}
		for _, p := range passed {
			if re.MatchString(p) {
				t.Errorf("hook %s: files %q picks %s", h.ID, h.Files, p)
			}
		}
	}
}
