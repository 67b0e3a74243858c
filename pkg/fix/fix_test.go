package fix

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func rewrite(t *testing.T, in string, edits ...Edit) (string, Result) {
	t.Helper()
	var out bytes.Buffer
	res, err := Rewrite(context.Background(), strings.NewReader(in), &out, edits)
	if err != nil {
		t.Fatal(err)
	}
	return out.String(), res
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
		{"two on a line", "a@gmial.com, b@hotmail.con\n", "a@gmail.com, b@hotmail.com\n", []Edit{{1, 14, "b@hotmail.con", "b@hotmail.com"}, {1, 1, "a@gmial.com", "a@gmail.com"}}},
		{"nothing to do", "a@x.com\n\n  \nb@y.org", "a@x.com\n\n  \nb@y.org", nil},
	} {
		got, res := rewrite(t, tc.in, tc.edits...)
		if got != tc.want || len(res.Applied) != len(tc.edits) {
			t.Errorf("%s: got %q (%d applied, skipped %+v), want %q", tc.name, got, len(res.Applied), res.Skipped, tc.want)
		}
	}
}

func TestRewriteSkipsWhatDoesNotMatch(t *testing.T) {
	in := "a@x.com\nbob@gmial.com\n"
	got, res := rewrite(t, in,
		Edit{2, 1, "bob@gmail.com", "x"},     // text differs
		Edit{9, 1, "a@x.com", "y"},           // no such line
		Edit{1, 3, "x.com\nbob", "z"},        // spans a line end
		Edit{2, 1, "bob@gmial.com", "b@g"},   // applies
		Edit{2, 5, "gmial.com", "gmail.com"}, // overlaps the previous
	)
	if got != "a@x.com\nb@g\n" || len(res.Applied) != 1 || len(res.Skipped) != 4 {
		t.Errorf("got %q, applied %+v, skipped %+v", got, res.Applied, res.Skipped)
	}
}

func TestDiff(t *testing.T) {
	_, res := rewrite(t, "a@x.com\nbob@gmial.com", Edit{2, 1, "bob@gmial.com", "bob@gmail.com"})
	var b bytes.Buffer
	if err := WriteDiff(&b, "list.txt", res.Changes); err != nil {
		t.Fatal(err)
	}
	want := "--- a/list.txt\n+++ b/list.txt\n@@ -2 +2 @@\n-bob@gmial.com\n\\ No newline at end of file\n+bob@gmail.com\n\\ No newline at end of file\n"
	if b.String() != want {
		t.Errorf("diff:\n%s\nwant:\n%s", b.String(), want)
	}
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
	res, err := File(context.Background(), link, []Edit{{2, 1, "bob@gmial.com", "bob@gmail.com"}}, sum[:])
	if err != nil || len(res.Applied) != 1 {
		t.Fatalf("File: %+v, %v", res, err)
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
	_, err := File(context.Background(), path, []Edit{{1, 1, "bob@gmial.com", "bob@gmail.com"}}, stale[:])
	if !errors.Is(err, ErrChanged) {
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
	res, err := File(context.Background(), path, []Edit{{1, 1, "nope", "x"}}, nil)
	if err != nil || len(res.Applied) != 0 {
		t.Fatalf("%+v, %v", res, err)
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
	_, err := File(ctx, path, []Edit{{1, 1, "bob@gmial.com", "bob@gmail.com"}}, nil)
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
