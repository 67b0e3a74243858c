package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGeneratesManPagesAndCompletions(t *testing.T) {
	out := t.TempDir()
	if err := run(out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"man/rcptlint.1", "man/rcptlint-check.1", "completions/rcptlint.bash", "completions/rcptlint.zsh", "completions/rcptlint.fish", "completions/rcptlint.ps1"} {
		b, err := os.ReadFile(filepath.Join(out, f))
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v (%d bytes)", f, err, len(b))
		}
	}
	page, _ := os.ReadFile(filepath.Join(out, "man", "rcptlint-check.1"))
	if !strings.Contains(string(page), "--fail-on") {
		t.Error("the check man page does not document --fail-on")
	}
}
