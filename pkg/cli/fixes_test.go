package cli

import (
	"context"
	"fmt"
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
	if !strings.Contains(errOut.String(), "1 error, 1 warning in 2 addresses") {
		t.Errorf("summary:\n%s", errOut)
	}
}

// Past the findings kept in memory (they are spilled to a temporary
// file), --fix still drops exactly the fixed findings from the report
// and the summary, and says what it fixed once per address.
func TestFixManyFindings(t *testing.T) {
	const n = 40_000
	var in, want strings.Builder
	for i := range n {
		if i%2 == 0 {
			fmt.Fprintf(&in, "u%d@gmial.com\n", i)
			fmt.Fprintf(&want, "u%d@gmail.com\n", i)
		} else {
			fmt.Fprintf(&in, "u%d@example.qzxwv\n", i)
			fmt.Fprintf(&want, "u%d@example.qzxwv\n", i)
		}
	}
	path := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(path, []byte(in.String()), 0o644)
	code, out, errOut := run(t, "", false, "check", "--fix", "--format", "jsonl", path)
	got, _ := os.ReadFile(path)
	if string(got) != want.String() {
		t.Error("the file is not the fixed list")
	}
	if code != 1 || strings.Count(out, "\n") != n/2 || strings.Count(out, `"rule":"unknown-tld"`) != n/2 {
		t.Errorf("exit %d, %d findings reported, want %d unknown-tld", code, strings.Count(out, "\n"), n/2)
	}
	if strings.Count(errOut, ": fixed ") != n/2 {
		t.Errorf("%d fixes told, want %d", strings.Count(errOut, ": fixed "), n/2)
	}
}

// The name a diff header shows: relative to the working directory below
// it, else the path without its leading slashes.
func TestDiffName(t *testing.T) {
	for _, tc := range []struct{ name, wd, want string }{
		{"list.txt", "/home/me", "list.txt"},
		{"./sub/../list.txt", "/home/me", "list.txt"},
		{"../list.txt", "/home/me", "../list.txt"},
		{"/home/me/list.txt", "/home/me", "list.txt"},
		{"/home/me/sub/list.txt", "/home/me", "sub/list.txt"},
		{"/home/me/list.txt", "/home/me/", "list.txt"},
		{"/abs/path/list.txt", "/home/me", "abs/path/list.txt"},
		{"//abs//list.txt", "/home/me", "abs/list.txt"},
		{"/home/meat/list.txt", "/home/me", "home/meat/list.txt"},
		{"/abs/list.txt", "", "abs/list.txt"},
		{"/abs/list.txt", "/", "abs/list.txt"},
	} {
		if got := diffName(tc.name, tc.wd); got != tc.want {
			t.Errorf("diffName(%q, %q) = %q, want %q", tc.name, tc.wd, got, tc.want)
		}
	}
}
