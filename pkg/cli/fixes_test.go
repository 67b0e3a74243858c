package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// A file that changes between the check and the fix is left alone, and
// the report says so: its findings stay, and nothing claims "fixed".
func TestFixOfAFileThatChanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(path, []byte("bob@gmial.com\nann@hotmail.con\n"), 0o644)
	ios, out, errOut := iostreams.Test("")
	o := &checkOptions{io: ios, global: &globalOptions{noConfig: true, color: "never"}, ctx: context.Background(),
		format: "text", inputFormat: "auto", failOn: "warning", fix: true, args: []string{path}}
	r, sources, err := prepareCheck(o)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.checkAll(sources); err != nil {
		t.Fatal(err)
	}
	changed := "bob@gmial.com\nann@hotmail.con\nnew@example.com\n"
	os.WriteFile(path, []byte(changed), 0o644)
	r.conclude(sources)
	got, _ := os.ReadFile(path)
	if string(got) != changed {
		t.Errorf("the file became %q", got)
	}
	if !strings.Contains(errOut.String(), "not fixed: the file changed") || strings.Contains(errOut.String(), "fixed bob") {
		t.Errorf("stderr:\n%s", errOut)
	}
	if strings.Count(out.String(), "domain-typo") != 1 || strings.Count(out.String(), "unknown-tld") != 1 {
		t.Errorf("the findings left the report:\n%s", out)
	}
	if !strings.Contains(errOut.String(), "2 warnings") && !strings.Contains(errOut.String(), "2 errors") && !strings.Contains(errOut.String(), "1 error, 1 warning") {
		t.Errorf("summary:\n%s", errOut)
	}
}
