package main

import (
	"os/exec"
	"strings"
	"testing"
)

// TestModuleIsLean holds the main module to what the code imports: a
// program that imports pkg/rcptlint must not inherit the requirements of
// the developer tools, which live in tools/go.mod.
func TestModuleIsLean(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	cmd := exec.Command("go", "list", "-m", "all")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list -m all: %v\n%s", err, out)
	}
	modules := strings.Split(strings.TrimSpace(string(out)), "\n")
	for _, m := range modules {
		for _, tool := range []string{"github.com/goreleaser/", "honnef.co/go/tools"} {
			if strings.HasPrefix(m, tool) {
				t.Errorf("the main module's graph holds the tool module %s", m)
			}
		}
	}
	if len(modules) > 40 {
		t.Errorf("the main module's graph holds %d modules; the code imports far fewer", len(modules))
	}
}

// TestOnlyTheCLIIsInstalled holds the main module to one command:
// pre-commit installs a golang hook with go install ./..., which must
// build rcptlint alone, not the helper programs of scripts/ (their own
// module, scripts/go.mod).
func TestOnlyTheCLIIsInstalled(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("the go command is not on PATH")
	}
	cmd := exec.Command("go", "list", "-f", `{{if eq .Name "main"}}{{.ImportPath}}{{end}}`, "./...")
	cmd.Dir = "../.."
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list ./...: %v\n%s", err, out)
	}
	if got, want := strings.Fields(string(out)), []string{"github.com/rcptlint/rcptlint/cmd/rcptlint"}; strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("go install ./... would install %q, want only %q", got, want)
	}
}
