package main

import (
	"os"
	"os/exec"
	"path/filepath"
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
		"contacts.vcf", "export/address-book.ldif", "list.txt", "lists/list.txt", "Team List.csv", "my_list.csv",
		"club/list-2026.txt", "recipients.txt", "subscribers.csv", "people.ldif", "lists.txt", "Lists_2026.csv",
	}
	passed := []string{
		"requirements.txt", "cities.csv", "data/cities.csv", "sources.list", "README.md", "go.sum",
		"mail/notes.md", "contacts.csv.bak", "emails/prices.csv", "card.vcf",
		// Words that end in "list" are no list of addresses.
		"checklist.txt", "playlist.txt", "Wishlist.csv", "docs/PlayList.txt", "lists/checklist.txt",
		// Nor words that start with it.
		"listing.csv", "listen.txt", "listings.txt", "lists/listing.csv",
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

// action is the part of action.yml the tests look at.
type action struct {
	Inputs map[string]struct {
		Default *string `yaml:"default"`
	} `yaml:"inputs"`
	Runs struct {
		Using string `yaml:"using"`
		Steps []struct {
			ID   string            `yaml:"id"`
			Name string            `yaml:"name"`
			Uses string            `yaml:"uses"`
			If   string            `yaml:"if"`
			Run  string            `yaml:"run"`
			Env  map[string]string `yaml:"env"`
			With map[string]string `yaml:"with"`
		} `yaml:"steps"`
	} `yaml:"runs"`
}

func readAction(t *testing.T) *action {
	t.Helper()
	b, err := os.ReadFile("../../action.yml")
	if err != nil {
		t.Fatal(err)
	}
	var a action
	if err := yaml.Unmarshal(b, &a); err != nil {
		t.Fatalf("action.yml: %v", err)
	}
	return &a
}

// TestActionInstall: the action builds the rcptlint of the ref the
// workflow pins (its own source, github.action_path), never a version
// from elsewhere; leaves the caller's Go alone (no setup-go, nothing added
// to PATH); caches the binary under a key made from its source; and
// writes no ${{ }} expression into a script, where a value could inject
// shell code.
func TestActionInstall(t *testing.T) {
	a := readAction(t)
	if a.Runs.Using != "composite" {
		t.Fatalf("runs.using is %q, want composite", a.Runs.Using)
	}
	if _, ok := a.Inputs["version"]; ok {
		t.Error("action.yml has a version input: the version is the ref the workflow pins")
	}
	var built, cached bool
	for _, s := range a.Runs.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/setup-go"):
			t.Errorf("step %q calls %s, which changes the caller's Go", s.Name, s.Uses)
		case strings.HasPrefix(s.Uses, "actions/cache@"):
			cached = strings.Contains(s.With["key"], "steps.locate.outputs.key") && strings.Contains(s.With["path"], "steps.locate.outputs.dir")
		}
		if strings.Contains(s.Run, "${{") {
			t.Errorf("step %q writes an expression into its script; pass it through env", s.Name)
		}
		for _, bad := range []string{"GITHUB_PATH", "go install", "@latest"} {
			if strings.Contains(s.Run, bad) {
				t.Errorf("step %q runs %q", s.Name, bad)
			}
		}
		if strings.Contains(s.Run, "go build") {
			built = s.Env["ACTION_PATH"] == "${{ github.action_path }}" && strings.Contains(s.Run, `cd "$ACTION_PATH"`) &&
				strings.Contains(s.If, "cache-hit != 'true'")
		}
		if s.ID == "locate" && !(s.Env["ACTION_PATH"] == "${{ github.action_path }}" && strings.Contains(s.Run, "sha256sum")) {
			t.Errorf("the cache key is not a hash of the action's source")
		}
	}
	if !built {
		t.Error("no step builds rcptlint from the action's source (github.action_path) on a cache miss")
	}
	if !cached {
		t.Error("no actions/cache step keeps the built binary under the locate step's key")
	}
}

// TestActionFiles runs the action's Check step as the runner would, with
// bash and a stand-in for rcptlint that prints its arguments: a quoted
// recursive pattern finds files in every folder, the file names follow
// "--", and a pattern with no match fails with a message naming it.
func TestActionFiles(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	var script string
	for _, s := range readAction(t).Runs.Steps {
		if s.Name == "Check" {
			script = s.Run
		}
	}
	if script == "" {
		t.Fatal("action.yml has no Check step")
	}
	dir := t.TempDir()
	for _, name := range []string{"top.csv", "lists/a b.csv", "lists/deep/-q.csv", "lists/notes.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("a@example.com\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fake := filepath.Join(t.TempDir(), "rcptlint")
	if err := os.WriteFile(fake, []byte("#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	run := func(files, args string) (string, error) {
		cmd := exec.Command(bash, "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "RCPTLINT="+fake, "RCPTLINT_FILES="+files, "RCPTLINT_ARGS="+args)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
	out, err := run("**/*.csv\n  lists/*.txt", "--fail-on error --changed=origin/main")
	if err != nil {
		t.Fatalf("the Check step failed: %v\n%s", err, out)
	}
	want := "[check]\n[--format]\n[github]\n[--fail-on]\n[error]\n[--changed=origin/main]\n[--]\n" +
		"[lists/a b.csv]\n[lists/deep/-q.csv]\n[top.csv]\n[lists/notes.txt]\n"
	if out != want {
		t.Errorf("the Check step ran rcptlint with\n%s\nwant\n%s", out, want)
	}
	for _, pattern := range []string{"nothing/**/*.csv", "missing.csv"} {
		out, err = run("top.csv "+pattern, "")
		if err == nil || !strings.Contains(out, "::error title=rcptlint::no file matches the pattern "+pattern) || strings.Contains(out, "[check]") {
			t.Errorf("pattern %s matching nothing: err %v, output\n%s", pattern, err, out)
		}
	}
}

// TestReadmeWorkflow parses the README's workflow example: --changed
// needs the history (fetch-depth: 0), the code scanning upload needs
// security-events: write, actions: read (in a private repository) and a
// current upload-sarif, and a rcptlint that go install built is run from
// a folder on PATH: GitHub's runners do not put GOPATH/bin there, only
// setup-go does (actions/runner-images#9316).
func TestReadmeWorkflow(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "**GitHub Actions**")
	if ok {
		_, rest, ok = strings.Cut(rest, "```yaml\n")
	}
	block, _, ok2 := strings.Cut(rest, "```\n")
	if !ok || !ok2 {
		t.Fatal("README.md: no yaml block after **GitHub Actions**")
	}
	var wf struct {
		Jobs map[string]struct {
			Permissions map[string]string `yaml:"permissions"`
			Steps       []struct {
				Uses string            `yaml:"uses"`
				Run  string            `yaml:"run"`
				With map[string]string `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(block), &wf); err != nil {
		t.Fatalf("README.md's workflow: %v", err)
	}
	var changed, sarif bool
	for name, job := range wf.Jobs {
		depth := ""
		installed, onPath := false, false
		for _, s := range job.Steps {
			if strings.HasPrefix(s.Uses, "actions/checkout@") {
				depth = s.With["fetch-depth"]
			}
			if strings.HasPrefix(s.Uses, "actions/setup-go@") || strings.Contains(s.Run, "GITHUB_PATH") {
				onPath = true
			}
			if strings.Contains(s.Run, "go install") {
				installed = true
			} else if installed && !onPath && strings.HasPrefix(s.Run, "rcptlint ") {
				t.Errorf("job %s runs rcptlint from PATH, where go install did not put it: %s", name, s.Run)
			}
			if strings.Contains(s.With["args"], "--changed") || strings.Contains(s.Run, "--changed") {
				changed = true
				if depth != "0" {
					t.Errorf("job %s uses --changed without fetch-depth: 0", name)
				}
			}
			if strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@") {
				sarif = true
				if v := strings.TrimPrefix(s.Uses, "github/codeql-action/upload-sarif@"); v < "v4" || len(v) != 2 {
					t.Errorf("job %s uploads with %s; v4 is the current major", name, s.Uses)
				}
				if job.Permissions["security-events"] != "write" {
					t.Errorf("job %s uploads SARIF without permissions: security-events: write", name)
				}
				if job.Permissions["actions"] != "read" {
					t.Errorf("job %s uploads SARIF without permissions: actions: read, which a private repository needs", name)
				}
			}
		}
	}
	if !changed || !sarif {
		t.Errorf("the README's workflow lacks the --changed example (%v) or the code scanning one (%v)", changed, sarif)
	}
}
