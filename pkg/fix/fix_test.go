package fix

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rewrite applies the edits in the order given and returns the output
// and each edit's outcome.
func rewrite(t *testing.T, in string, edits ...Edit) (string, []Outcome) {
	t.Helper()
	var out bytes.Buffer
	rw := NewRewriter(context.Background(), strings.NewReader(in), &out, nil)
	var res []Outcome
	for _, e := range edits {
		o, err := rw.Apply(e)
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, o)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.String(), res
}

func applied(res []Outcome) int {
	n := 0
	for _, o := range res {
		if o == Applied {
			n++
		}
	}
	return n
}

func TestRewritePreservesBytes(t *testing.T) {
	for _, tc := range []struct {
		name, in, want string
		edits          []Edit
	}{
		{"LF", "a@x.com\nbob@gmial.com\n", "a@x.com\nbob@gmail.com\n", []Edit{{2, 1, "bob@gmial.com", "bob@gmail.com"}}},
		{"CRLF no final newline", "a@x.com\r\nbob@gmial.com", "a@x.com\r\nbob@gmail.com", []Edit{{2, 1, "bob@gmial.com", "bob@gmail.com"}}},
		{"CR only", "a@x.com\rbob@gmial.com\r", "a@x.com\rbob@gmail.com\r", []Edit{{2, 1, "bob@gmial.com", "bob@gmail.com"}}},
		{"BOM", "\ufeffbob@gmial.com\n", "\ufeffbob@gmail.com\n", []Edit{{1, 1, "bob@gmial.com", "bob@gmail.com"}}},
		{"CSV quoting", "n,e\r\n\"Doe, J\",\"J <j@gmial.com>\"\r\n", "n,e\r\n\"Doe, J\",\"J <j@gmail.com>\"\r\n", []Edit{{2, 14, "j@gmial.com", "j@gmail.com"}}},
		{"two on a line", "a@gmial.com, b@hotmail.con\n", "a@gmail.com, b@hotmail.com\n", []Edit{{1, 1, "a@gmial.com", "a@gmail.com"}, {1, 14, "b@hotmail.con", "b@hotmail.com"}}},
		{"nothing to do", "a@x.com\n\n  \nb@y.org", "a@x.com\n\n  \nb@y.org", nil},
	} {
		got, res := rewrite(t, tc.in, tc.edits...)
		if got != tc.want || applied(res) != len(tc.edits) {
			t.Errorf("%s: got %q (outcomes %v), want %q", tc.name, got, res, tc.want)
		}
	}
}

func TestRewriteSkipsWhatDoesNotMatch(t *testing.T) {
	in := "a@x.com\nbob@gmial.com\n"
	got, res := rewrite(t, in,
		Edit{1, 3, "x.com\nbob", "z"},        // spans a line end
		Edit{1, 1, "a@x.com", "y"},           // place passed
		Edit{2, 1, "bob@gmail.com", "x"},     // text differs
		Edit{2, 1, "bob@gmial.com", "b@g"},   // applies
		Edit{2, 5, "gmial.com", "gmail.com"}, // overlaps the previous
		Edit{9, 1, "a@x.com", "y"},           // no such line
	)
	want := []Outcome{NotThere, Passed, NotThere, Applied, Overlaps, NoLine}
	if got != "a@x.com\nb@g\n" || !slices.Equal(res, want) {
		t.Errorf("got %q, outcomes %v, want %v", got, res, want)
	}
}

func TestDiff(t *testing.T) {
	for _, tc := range []struct {
		desc, name, in string
		escape         bool
		edits          []Edit
		want           string
	}{
		{"no final newline", "list.txt", "a@x.com\nbob@gmial.com", false, []Edit{{2, 1, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/list.txt\n+++ b/list.txt\n@@ -2 +2 @@\n-bob@gmial.com\n\\ No newline at end of file\n+bob@gmail.com\n\\ No newline at end of file\n"},
		{"unchanged line left out", "l", "a@x.com\nb@x.com\n", false, []Edit{{1, 1, "zz", "yy"}, {2, 1, "b@x.com", "b@x.com"}}, ""},
		{"name quoted as git does", "a\nb\"\\\x1b\u00e9.txt", "bob@gmial.com\n", false, []Edit{{1, 1, "bob@gmial.com", "bob@gmail.com"}},
			"--- \"a/a\\nb\\\"\\\\\\033\\303\\251.txt\"\n+++ \"b/a\\nb\\\"\\\\\\033\\303\\251.txt\"\n@@ -1 +1 @@\n-bob@gmial.com\n+bob@gmail.com\n"},
		{"raw content for patch", "l", "\x1b[31mx,bob@gmial.com\r\n", false, []Edit{{1, 8, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/l\n+++ b/l\n@@ -1 +1 @@\n-\x1b[31mx,bob@gmial.com\r\n+\x1b[31mx,bob@gmail.com\r\n"},
		{"escaped content for a terminal", "l", "\x1b[31mx\xff,bob@gmial.com\r\n", true, []Edit{{1, 9, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/l\n+++ b/l\n@@ -1 +1 @@\n-\\x1b[31mx\\xff,bob@gmial.com\\x0d\n+\\x1b[31mx\\xff,bob@gmail.com\\x0d\n"},
	} {
		var b bytes.Buffer
		d := NewDiff(&b, tc.name, tc.escape)
		rw := NewRewriter(context.Background(), strings.NewReader(tc.in), io.Discard, d)
		for _, e := range tc.edits {
			rw.Apply(e)
		}
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		d.Flush()
		if b.String() != tc.want {
			t.Errorf("%s: diff:\n%q\nwant:\n%q", tc.desc, b.String(), tc.want)
		}
	}
}

// fixFile fixes path in place with the edits, in order.
func fixFile(ctx context.Context, path string, want []byte, edits ...Edit) (bool, []Outcome, error) {
	f, err := Open(ctx, path, want)
	if err != nil {
		return false, nil, err
	}
	var res []Outcome
	for _, e := range edits {
		o, err := f.Apply(e)
		if err != nil {
			f.Abort()
			return false, res, err
		}
		res = append(res, o)
	}
	replaced, err := f.Commit()
	return replaced, res, err
}

func TestFileInPlace(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "list.csv")
	orig := []byte("email\r\nbob@gmial.com\r\n")
	if err := os.WriteFile(path, orig, 0o640); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.csv")
	if err := os.Symlink("list.csv", link); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(orig)
	replaced, res, err := fixFile(context.Background(), link, sum[:], Edit{2, 1, "bob@gmial.com", "bob@gmail.com"})
	if err != nil || !replaced || applied(res) != 1 {
		t.Fatalf("fix: %v %v, %v", replaced, res, err)
	}
	got, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	lst, _ := os.Lstat(link)
	if string(got) != "email\r\nbob@gmail.com\r\n" || st.Mode().Perm() != 0o640 || lst.Mode()&os.ModeSymlink == 0 {
		t.Errorf("content %q, mode %v, link mode %v", got, st.Mode(), lst.Mode())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("left files behind: %v", entries)
	}
}

func TestFileRefusesChangedFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(path, []byte("bob@gmial.com\n"), 0o644)
	stale := sha256.Sum256([]byte("something else\n"))
	replaced, _, err := fixFile(context.Background(), path, stale[:], Edit{1, 1, "bob@gmial.com", "bob@gmail.com"})
	if !errors.Is(err, ErrChanged) || replaced {
		t.Fatalf("err = %v, want ErrChanged", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "bob@gmial.com\n" {
		t.Errorf("file was touched: %q", got)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}

func TestFileNothingToFix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(path, []byte("ok@example.com\n"), 0o644)
	sum := sha256.Sum256([]byte("ok@example.com\n"))
	replaced, res, err := fixFile(context.Background(), path, sum[:], Edit{1, 1, "nope", "x"})
	if err != nil || replaced || applied(res) != 0 {
		t.Fatalf("%v %v, %v", replaced, res, err)
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}

// An interrupted fix leaves the original and no temporary file.
func TestFileInterrupted(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.txt")
	orig := strings.Repeat("bob@gmial.com\n", 1000)
	os.WriteFile(path, []byte(orig), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sum := sha256.Sum256([]byte(orig))
	_, _, err := fixFile(ctx, path, sum[:], Edit{1, 1, "bob@gmial.com", "bob@gmail.com"})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if got, _ := os.ReadFile(path); string(got) != orig {
		t.Error("the file was changed")
	}
	if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
		t.Errorf("left files behind: %v", entries)
	}
}

// A file whose content was not hashed when checked is not fixed.
func TestFileNeedsTheCheckedContent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(path, []byte("bob@gmial.com\n"), 0o644)
	if _, err := Open(context.Background(), path, nil); err == nil {
		t.Error("fixed a file whose checked content is unknown")
	}
}

// A changed line longer than what a diff keeps in memory is diffed whole.
func TestDiffOfALongLine(t *testing.T) {
	pad := strings.Repeat("a@example.com, ", 3*lineInMemory/15)
	in := "x\n" + pad + "bob@gmial.com, " + pad + "ann@hotmail.con\n"
	var b bytes.Buffer
	d := NewDiff(&b, "l", false)
	rw := NewRewriter(context.Background(), strings.NewReader(in), io.Discard, d)
	c1 := len(pad) + 1
	c2 := c1 + len("bob@gmial.com, ") + len(pad)
	for _, e := range []Edit{{2, c1, "bob@gmial.com", "bob@gmail.com"}, {2, c2, "ann@hotmail.con", "ann@hotmail.com"}} {
		if o, err := rw.Apply(e); o != Applied || err != nil {
			t.Fatalf("%+v: %v, %v", e, o, err)
		}
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	d.Flush()
	want := "--- a/l\n+++ b/l\n@@ -2 +2 @@\n-" + pad + "bob@gmial.com, " + pad + "ann@hotmail.con\n+" + pad + "bob@gmail.com, " + pad + "ann@hotmail.com\n"
	if b.String() != want {
		t.Errorf("diff of %d bytes, want %d", b.Len(), len(want))
	}
}

// FuzzRewrite applies an edit anywhere in any input: what is not applied
// leaves the input as it was, and what is applied is undone by the
// reverse edit, byte for byte.
func FuzzRewrite(f *testing.F) {
	f.Add("a@x.com\r\nbob@gmial.com\rc\n", 2, 1, "bob@gmial.com", "bob@gmail.com")
	f.Add("\ufeffn,e\n\"J\",\"j@gmial.com\"", 2, 6, "j@gmial.com", "j@gmail.com")
	f.Add("", 1, 1, "a", "b")
	f.Fuzz(func(t *testing.T, in string, line, col int, old, new string) {
		once := func(s string, e Edit) (string, Outcome) {
			var out bytes.Buffer
			rw := NewRewriter(context.Background(), strings.NewReader(s), &out, NewDiff(io.Discard, "f", true))
			o, err := rw.Apply(e)
			if err != nil {
				t.Fatal(err)
			}
			if err := rw.Close(); err != nil {
				t.Fatal(err)
			}
			return out.String(), o
		}
		got, o := once(in, Edit{line, col, old, new})
		if o != Applied {
			if got != in {
				t.Fatalf("not applied (%v), yet %q became %q", o, in, got)
			}
			return
		}
		if strings.ContainsAny(new, "\r\n") || new == "" || line == 1 && col == 1 && strings.HasPrefix(new, "\ufeff") {
			return // the reverse edit could not find it
		}
		back, o := once(got, Edit{line, col, new, old})
		if o != Applied || back != in {
			t.Fatalf("%q -> %q -> %q (%v)", in, got, back, o)
		}
	})
}
