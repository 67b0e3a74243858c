package gitdiff

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	long := strings.Repeat("x", 100_000)
	for _, tc := range []struct {
		name string
		diff string
		want []int // the changed lines among 1 to 30
	}{
		{"hunks", `diff --git a/list.txt b/list.txt
index 1..2 100644
--- a/list.txt
+++ b/list.txt
@@ -1 +1 @@
-a
+b
@@ -5,0 +6,2 @@
+c
+d
@@ -9,3 +11,0 @@
-e
@@ -20 +20,3 @@ context
+f
`, []int{1, 6, 7, 20, 21, 22}},
		{"adjacent hunks merge", "@@ -1 +1 @@\n@@ -2 +2,2 @@\n@@ -5 +4 @@\n", []int{1, 2, 3, 4}},
		{"long lines are skipped", "@@ -1 +1,2 @@\n+" + long + "\n+@@ -9 +9 @@\n-" + long + "\n@@ -30 +30 @@ " + long + "\n", []int{1, 2, 30}},
		{"no newline at end", "@@ -3 +3 @@\n-a\n\\ No newline at end of file\n+b", []int{3}},
		{"CRLF", "@@ -3 +3 @@\r\n-a\r\n+b\r\n", []int{3}},
		{"nothing", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := Parse(strings.NewReader(tc.diff))
			if err != nil {
				t.Fatal(err)
			}
			if got := changedAmong(l, 30); !slices.Equal(got, tc.want) {
				t.Errorf("changed lines %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, diff := range []string{
		"@@ -1 x1 @@\n",
		"@@ -1 +1\n",
		"@@ -1 +a,1 @@\n",
		"@@@ -1 -1 +1 @@@\n",         // a combined diff is not read as if it were empty
		"@@ -1 +5 @@\n@@ -2 +3 @@\n", // hunks out of order
		"@@ -1 +0,1 @@\n",
		"@@ -1 +4294967295,2 @@\n",
		"@@ -1 +99999999999 @@\n",
	} {
		if _, err := Parse(strings.NewReader(diff)); err == nil {
			t.Errorf("Parse(%q) succeeded, want an error", diff)
		}
	}
}

// TestLinesBitmap holds the bitmap that dense changes turn into to the
// ranges it replaces, and to its size: about a bit a line.
func TestLinesBitmap(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, gap := range []int{1, 2, 3, 70, 1000} {
		want := map[int]bool{}
		l := &Lines{}
		n, ranges := 1, 0
		for n < 200_000 {
			ranges++
			size := 1 + r.IntN(3)
			if err := l.add(n, n+size-1); err != nil {
				t.Fatal(err)
			}
			for i := n; i < n+size; i++ {
				want[i] = true
			}
			n += size + 1 + r.IntN(gap)
		}
		// counted[i] is the number of changed lines up to i.
		counted := make([]int, n+300)
		for i := 0; i <= n+100; i++ {
			if l.Has(i) != want[i] {
				t.Fatalf("gap %d: Has(%d) = %v, want %v", gap, i, !want[i], want[i])
			}
			if i > 0 {
				counted[i] = counted[i-1]
			}
			if want[i] {
				counted[i]++
			}
		}
		for i := n + 101; i < len(counted); i++ {
			counted[i] = counted[i-1]
		}
		for first := 1; first <= n+100; first += 1 + first%5 {
			for _, span := range []int{0, 1, 2, 63, 64, 130} {
				last := first + span
				if got, want := l.HasIn(first, last), counted[last] > counted[first-1]; got != want {
					t.Fatalf("gap %d: HasIn(%d, %d) = %v, want %v", gap, first, last, got, want)
				}
			}
		}
		// Twice the smaller of 8 bytes a range and a bit a line, for the
		// room a slice grows by.
		if bytes, bound := 8*cap(l.bitmap)+4*cap(l.ranges), 2*min(8*ranges, n/8)+256; bytes > bound {
			t.Errorf("gap %d: %d bytes for %d ranges in %d lines, want at most %d", gap, bytes, ranges, n, bound)
		}
	}
	if all := (&Lines{All: true}); !all.Has(12345) || !all.HasIn(3, 4) || all.HasIn(4, 3) {
		t.Error("All must hold every line")
	}
}

func changedAmong(l *Lines, n int) []int {
	var out []int
	for i := range n + 1 {
		if l.Has(i) {
			out = append(out, i)
		}
	}
	return out
}

// gitRepo makes a repository in a temporary folder whose first commit
// holds the files of before, then writes those of after; the user's and
// the system's git configuration are left out.
func gitRepo(t *testing.T, before, after map[string]string) string {
	t.Helper()
	dir, run := gitInit(t)
	write := func(files map[string]string) {
		for name, text := range files {
			if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	write(before)
	run("add", "-A")
	run("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first")
	write(after)
	return dir
}

// gitInit makes a repository with no commit in a temporary folder, the
// user's and the system's git configuration left out, and returns it with
// a function that runs git there.
func gitInit(t *testing.T) (string, func(args ...string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	t.Setenv("GIT_CONFIG_NOSYSTEM", "1")
	t.Setenv("GIT_CONFIG_GLOBAL", filepath.Join(dir, ".git", "no-such-config"))
	t.Setenv("HOME", dir)
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q")
	return dir, run
}

// TestChangedWhateverTheConfiguration holds git diff to the lines a file
// changed, whatever the user's configuration and environment say.
func TestChangedWhateverTheConfiguration(t *testing.T) {
	before := map[string]string{"list.txt": "a\nb\nc\nd\ne\n"}
	after := map[string]string{"list.txt": "a\nB\nc\nD\ne\nf\n"}
	want := []int{2, 4, 6}
	dir := gitRepo(t, before, after)
	for _, tc := range []struct {
		name   string
		config string
		env    []string
	}{
		{"plain", "", nil},
		{"colour always", "[color]\nui = always\ndiff = always\n", nil},
		{"external diff", "[diff]\nexternal = /bin/false\n", nil},
		{"external diff in the environment", "", []string{"GIT_EXTERNAL_DIFF=/bin/false"}},
		{"hunks fused", "[diff]\ninterHunkContext = 5\ncontext = 9\n", nil},
		{"diff options in the environment", "", []string{"GIT_DIFF_OPTS=-u5"}},
		{"prefixes and relative names", "[diff]\nnoprefix = true\nmnemonicPrefix = true\nrelative = true\n", nil},
		{"binary attribute", "[core]\nattributesFile = ATTR\n", []string{"ATTR=*.txt -diff\n"}},
		{"text conversion", "[core]\nattributesFile = ATTR\n[diff \"join\"]\ntextconv = tr -d '\\\\n' <\n", []string{"ATTR=*.txt diff=join\n"}},
		{"diff command attribute", "[core]\nattributesFile = ATTR\n[diff \"cmd\"]\ncommand = /bin/false\n", []string{"ATTR=*.txt diff=cmd\n"}},
		{"pager", "[core]\npager = /bin/false\n[pager]\ndiff = /bin/false\n", []string{"GIT_PAGER=/bin/false"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			config := tc.config
			for _, kv := range tc.env {
				k, v, _ := strings.Cut(kv, "=")
				if k == "ATTR" {
					attr := filepath.Join(t.TempDir(), "attributes")
					if err := os.WriteFile(attr, []byte(v), 0o644); err != nil {
						t.Fatal(err)
					}
					config = strings.ReplaceAll(config, "ATTR", attr)
					continue
				}
				t.Setenv(k, v)
			}
			global := filepath.Join(t.TempDir(), "config")
			if err := os.WriteFile(global, []byte(config), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Setenv("GIT_CONFIG_GLOBAL", global)
			l, err := Changed(context.Background(), "HEAD", filepath.Join(dir, "list.txt"))
			if err != nil {
				t.Fatal(err)
			}
			if got := changedAmong(l, 30); !slices.Equal(got, want) {
				t.Errorf("changed lines %v, want %v", got, want)
			}
		})
	}
}

// TestChangedFiles covers the files themselves: names git could read as
// patterns or that hold spaces and newlines, line ends, untracked files and
// files outside any repository.
func TestChangedFiles(t *testing.T) {
	dir := gitRepo(t, map[string]string{
		"a.txt":            "a\nb\n",
		"[ab].txt":         "a\nb\n",
		"*":                "a\nb\n",
		"my list\n.txt":    "a\nb\n",
		"crlf.txt":         "a\r\nb\r\nc\r\n",
		"no-newline.txt":   "a\nb",
		"newline-gone.txt": "a\nb\n",
		"emptied.txt":      "a\nb\n",
	}, map[string]string{
		"a.txt":            "a\nB\n",
		"my list\n.txt":    "A\nb\n",
		"crlf.txt":         "a\r\nB\r\nc\r\nd\r\n",
		"no-newline.txt":   "a\nb\nc",
		"newline-gone.txt": "a\nb",
		"emptied.txt":      "",
		"untracked.txt":    "a\nb\n",
	})
	for _, tc := range []struct {
		file string
		want []int
	}{
		{"a.txt", []int{2}},
		{"[ab].txt", nil},
		{"*", nil},
		{"my list\n.txt", []int{1}},
		{"crlf.txt", []int{2, 4}},
		{"no-newline.txt", []int{2, 3}},
		{"newline-gone.txt", []int{2}},
		{"emptied.txt", nil},
		{"untracked.txt", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}},
	} {
		l, err := Changed(context.Background(), "HEAD", filepath.Join(dir, tc.file))
		if err != nil {
			t.Fatalf("%q: %v", tc.file, err)
		}
		if got := changedAmong(l, 10); !slices.Equal(got, tc.want) {
			t.Errorf("%q: changed lines %v, want %v", tc.file, got, tc.want)
		}
	}
	if _, err := Changed(context.Background(), "--output=x", filepath.Join(dir, "a.txt")); err == nil || !strings.Contains(err.Error(), "no such revision") {
		t.Errorf("a revision that looks like an option: err = %v, want no such revision", err)
	}
	outside := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(outside, []byte("a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Changed(context.Background(), "HEAD", outside); !errors.Is(err, ErrNotRepo) {
		t.Errorf("a file outside any repository: err = %v, want ErrNotRepo", err)
	}
}

// TestChangedStreams holds --changed to what it keeps, not what git
// prints: a new file of 16 MiB costs far less than its size.
func TestChangedStreams(t *testing.T) {
	big := strings.Repeat("someone@example.com\n", 16<<20/20)
	dir := gitRepo(t, map[string]string{"list.txt": "a\n"}, map[string]string{"list.txt": big})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	l, err := Changed(context.Background(), "HEAD", filepath.Join(dir, "list.txt"))
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Has(1) || !l.Has(16<<20/20) || l.Has(16<<20/20+1) {
		t.Errorf("every line of the new content must be changed, and no other")
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 1<<20 {
		t.Errorf("reading the diff of a 16 MiB file allocated %d bytes, want under 1 MiB", alloc)
	}
}

// BenchmarkHas looks up every line of a file in which every other line
// changed (kept as a bitmap), or one line in a hundred (kept as ranges), as
// --changed does for a finding on each line: the cost per line must grow
// no faster than log n.
func BenchmarkHas(b *testing.B) {
	for _, gap := range []int{2, 100} {
		for _, n := range []int{32_000, 320_000} {
			b.Run(fmt.Sprintf("gap=%d/lines=%d", gap, n), func(b *testing.B) {
				var diff bytes.Buffer
				for i := 1; i <= n; i += gap {
					fmt.Fprintf(&diff, "@@ -%d +%d @@\n-a\n+b\n", i, i)
				}
				l, err := Parse(bytes.NewReader(diff.Bytes()))
				if err != nil {
					b.Fatal(err)
				}
				b.ReportAllocs()
				for b.Loop() {
					for i := 1; i <= n; i++ {
						l.Has(i)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/line")
			})
		}
	}
}

// BenchmarkParse reads the diff of a file in which every other line of a
// million changed.
func BenchmarkParse(b *testing.B) {
	var diff bytes.Buffer
	for i := 1; i <= 1_000_000; i += 2 {
		fmt.Fprintf(&diff, "@@ -%d +%d @@\n-someone@example.com\n+someone@example.org\n", i, i)
	}
	b.SetBytes(int64(diff.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(diff.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
}

// Before the first commit (HEAD names a branch not born yet), every line
// is new relative to HEAD, as pre-commit's first commit of a repository
// needs; another revision that does not exist is still an error.
func TestChangedBeforeTheFirstCommit(t *testing.T) {
	dir, run := gitInit(t)
	file := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(file, []byte("a@example.com\nb@example.com\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run("add", "list.txt")
	l, err := Changed(context.Background(), "HEAD", file)
	if err != nil {
		t.Fatalf("HEAD before the first commit: %v", err)
	}
	if got := changedAmong(l, 3); !slices.Equal(got, []int{0, 1, 2, 3}) {
		t.Errorf("HEAD before the first commit: changed lines %v, want all", got)
	}
	if _, err := Changed(context.Background(), "no-such-branch", file); err == nil || !strings.Contains(err.Error(), "no such revision") {
		t.Errorf("a revision that does not exist: err = %v, want no such revision", err)
	}
}
