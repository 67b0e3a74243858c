package fix

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
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

// diffOf rewrites in with the edits and returns the diff of it.
func diffOf(t *testing.T, name, in string, escape bool, edits ...Edit) string {
	t.Helper()
	var b, out bytes.Buffer
	d := NewDiff(&b, name, escape)
	rw := NewRewriter(context.Background(), strings.NewReader(in), &out, d)
	for _, e := range edits {
		if _, err := rw.Apply(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Render(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	if err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDiff(t *testing.T) {
	ten := "l1\nl2\nl3\nl4\nl5\nl6\nl7\nl8\nl9\nl10\n"
	for _, tc := range []struct {
		desc, name, in string
		escape         bool
		edits          []Edit
		want           string
	}{
		{"no final newline", "list.txt", "a@x.com\nbob@gmial.com", false, []Edit{{2, 1, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/list.txt\n+++ b/list.txt\n@@ -1,2 +1,2 @@\n a@x.com\n-bob@gmial.com\n\\ No newline at end of file\n+bob@gmail.com\n\\ No newline at end of file\n"},
		{"context line without a final newline", "l", "bob@gmial.com\na@x.com", false, []Edit{{1, 1, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/l\n+++ b/l\n@@ -1,2 +1,2 @@\n-bob@gmial.com\n+bob@gmail.com\n a@x.com\n\\ No newline at end of file\n"},
		{"unchanged line left out", "l", "a@x.com\nb@x.com\n", false, []Edit{{1, 1, "zz", "yy"}, {2, 1, "b@x.com", "b@x.com"}}, ""},
		{"name quoted as git does", "a\nb\"\\\x1b\u00e9.txt", "bob@gmial.com\n", false, []Edit{{1, 1, "bob@gmial.com", "bob@gmail.com"}},
			"--- \"a/a\\nb\\\"\\\\\\033\\303\\251.txt\"\n+++ \"b/a\\nb\\\"\\\\\\033\\303\\251.txt\"\n@@ -1 +1 @@\n-bob@gmial.com\n+bob@gmail.com\n"},
		{"raw content for patch", "l", "\x1b[31mx,bob@gmial.com\r\n", false, []Edit{{1, 8, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/l\n+++ b/l\n@@ -1 +1 @@\n-\x1b[31mx,bob@gmial.com\r\n+\x1b[31mx,bob@gmail.com\r\n"},
		{"escaped content for a terminal", "l", "\x1b[31mx\xff,bob@gmial.com\r\n", true, []Edit{{1, 9, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/l\n+++ b/l\n@@ -1 +1 @@\n-\\x1b[31mx\\xff,bob@gmial.com\\x0d\n+\\x1b[31mx\\xff,bob@gmail.com\\x0d\n"},
		{"three lines of context", "l", ten, false, []Edit{{5, 2, "5", "X"}},
			"--- a/l\n+++ b/l\n@@ -2,7 +2,7 @@\n l2\n l3\n l4\n-l5\n+lX\n l6\n l7\n l8\n"},
		{"hunks six lines apart are one", "l", ten, false, []Edit{{2, 2, "2", "X"}, {9, 2, "9", "Y"}},
			"--- a/l\n+++ b/l\n@@ -1,10 +1,10 @@\n l1\n-l2\n+lX\n l3\n l4\n l5\n l6\n l7\n l8\n-l9\n+lY\n l10\n"},
		{"hunks seven lines apart are two", "l", ten + "l11\n", false, []Edit{{1, 2, "1", "X"}, {9, 2, "9", "Y"}},
			"--- a/l\n+++ b/l\n@@ -1,4 +1,4 @@\n-l1\n+lX\n l2\n l3\n l4\n@@ -6,6 +6,6 @@\n l6\n l7\n l8\n-l9\n+lY\n l10\n l11\n"},
		{"a run of changed lines", "l", "a@x.cm\nb@x.cm\nc\n", false, []Edit{{1, 1, "a@x.cm", "a@x.com"}, {2, 1, "b@x.cm", "b@x.com"}},
			"--- a/l\n+++ b/l\n@@ -1,3 +1,3 @@\n-a@x.cm\n-b@x.cm\n+a@x.com\n+b@x.com\n c\n"},
		{"CR-only line ends are one line", "l", "a@x.com\rbob@gmial.com\rc@x.com\r", false, []Edit{{2, 1, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/l\n+++ b/l\n@@ -1 +1 @@\n-a@x.com\rbob@gmial.com\rc@x.com\r\n\\ No newline at end of file\n+a@x.com\rbob@gmail.com\rc@x.com\r\n\\ No newline at end of file\n"},
		{"a byte-order mark stays in line 1", "l", "\ufeffbob@gmial.com\r\nc@x.com\r\n", false, []Edit{{1, 1, "bob@gmial.com", "bob@gmail.com"}},
			"--- a/l\n+++ b/l\n@@ -1,2 +1,2 @@\n-\ufeffbob@gmial.com\r\n+\ufeffbob@gmail.com\r\n c@x.com\r\n"},
	} {
		if got := diffOf(t, tc.name, tc.in, tc.escape, tc.edits...); got != tc.want {
			t.Errorf("%s: diff:\n%q\nwant:\n%q", tc.desc, got, tc.want)
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

// A changed line longer than the diff's buffers is diffed whole.
func TestDiffOfALongLine(t *testing.T) {
	pad := strings.Repeat("a@example.com, ", 3*(64<<10)/15)
	in := "x\n" + pad + "bob@gmial.com, " + pad + "ann@hotmail.con\n"
	c1 := len(pad) + 1
	c2 := c1 + len("bob@gmial.com, ") + len(pad)
	got := diffOf(t, "l", in, false, Edit{2, c1, "bob@gmial.com", "bob@gmail.com"}, Edit{2, c2, "ann@hotmail.con", "ann@hotmail.com"})
	want := "--- a/l\n+++ b/l\n@@ -1,2 +1,2 @@\n x\n-" + pad + "bob@gmial.com, " + pad + "ann@hotmail.con\n+" + pad + "bob@gmail.com, " + pad + "ann@hotmail.com\n"
	if got != want {
		t.Errorf("diff of %d bytes, want %d", len(got), len(want))
	}
	// Escaped, a character cut by a piece's end is still one character.
	in = strings.Repeat("é", 3*(64<<10)/2) + ",bob@gmial.com\n"
	got = diffOf(t, "l", in, true, Edit{1, len(in) - len("bob@gmial.com"), "bob@gmial.com", "bob@gmail.com"})
	if strings.Contains(got, "\\x") || !utf8.ValidString(got) {
		t.Errorf("an escaped long line of é cut a character: %q", got[:min(len(got), 200)])
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

// applyDiff applies a diff made by Diff to in, as patch does: it checks
// every context and removed line against in.
func applyDiff(t *testing.T, in, diff string) string {
	t.Helper()
	if diff == "" {
		return in
	}
	lines := strings.SplitAfter(in, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	var out []string
	next := 0 // the next line of in to copy
	dl := strings.SplitAfter(diff, "\n")
	for i := 2; i < len(dl) && dl[i] != ""; {
		var start, n, start2, n2 int
		h := strings.Replace(strings.Replace(dl[i], " +", " ", 1), "@@ -", "", 1)
		if c, _ := fmt.Sscanf(strings.ReplaceAll(h, ",", " , "), "%d , %d %d , %d", &start, &n, &start2, &n2); c != 4 {
			if c, _ := fmt.Sscanf(h, "%d %d", &start, &start2); c != 2 {
				t.Fatalf("hunk header %q", dl[i])
			}
			n = 1
		}
		out = append(out, lines[next:start-1]...)
		next = start - 1
		i++
		for ; i < len(dl) && dl[i] != "" && !strings.HasPrefix(dl[i], "@@ "); i++ {
			body := dl[i][1:]
			if i+1 < len(dl) && strings.HasPrefix(dl[i+1], "\\ No newline") {
				body = strings.TrimSuffix(body, "\n")
			}
			switch dl[i][0] {
			case ' ', '-':
				if next >= len(lines) || lines[next] != body {
					t.Fatalf("line %d is %q in the file, %q in the diff", next+1, lines[min(next, len(lines)-1)], body)
				}
				if dl[i][0] == ' ' {
					out = append(out, body)
				}
				next++
			case '+':
				out = append(out, body)
			case '\\':
			default:
				t.Fatalf("diff line %q", dl[i])
			}
		}
	}
	return strings.Join(append(out, lines[next:]...), "")
}

// FuzzDiff applies edits to any input: the diff, applied as patch does,
// gives the rewritten content.
func FuzzDiff(f *testing.F) {
	f.Add("a\nb@gmial.com\nc\nd\ne\nf\ng\nh\nb@gmial.com", "b@gmial.com", "b@gmail.com")
	f.Add("x\rb@gmial.com\r\nb@gmial.com", "b@gmial.com", "b@gmail.com")
	f.Add("\ufeffb@gmial.com\n\n\nb@gmial.com\n", "b@gmial.com", "b@g.com")
	f.Fuzz(func(t *testing.T, in, old, new string) {
		if old == "" || strings.ContainsAny(old, "\r\n") {
			return
		}
		// An edit at every place old is found, in order.
		var edits []Edit
		line, col := 1, 1
		body := strings.TrimPrefix(in, "\ufeff")
		for i := 0; i < len(body); {
			if strings.HasPrefix(body[i:], old) {
				edits = append(edits, Edit{line, col, old, new})
				i += len(old)
				col += len(old)
				continue
			}
			switch {
			case body[i] == '\n', body[i] == '\r' && !strings.HasPrefix(body[i:], "\r\n"):
				line, col = line+1, 1
			case body[i] == '\r':
				line, col = line+1, 1
				i++
			default:
				col++
			}
			i++
		}
		var b, out bytes.Buffer
		d := NewDiff(&b, "f", false)
		rw := NewRewriter(context.Background(), strings.NewReader(in), &out, d)
		for _, e := range edits {
			if _, err := rw.Apply(e); err != nil {
				t.Fatal(err)
			}
		}
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		if err := d.Render(strings.NewReader(in), bytes.NewReader(out.Bytes())); err != nil {
			t.Fatal(err)
		}
		d.Flush()
		if got := applyDiff(t, in, b.String()); got != out.String() {
			t.Fatalf("the diff of %q applied gives %q, want %q\n%s", in, got, out.String(), b.String())
		}
	})
}

// vCard's spelling: folded lines and backslash escapes.
var vcardSpelling = Spelling{Folds: true, Escapes: [][2]byte{{',', ','}, {';', ';'}, {'\\', '\\'}, {'n', '\n'}, {'N', '\n'}}}

// An edit in a spelling finds its text as written, across escapes and
// folds, and writes the repair the same way: the escapes and folds of
// what it does not change are kept, a character it brings is escaped.
func TestRewriteSpelled(t *testing.T) {
	ldif := Spelling{Folds: true}
	// An address of 60 letters, each on a line of its own.
	long := strings.Repeat("a", 60) + "@gmial.com"
	var folded strings.Builder
	for i := range len(long) {
		if i > 0 {
			folded.WriteString("\r\n ")
		}
		folded.WriteByte(long[i])
	}
	for _, tc := range []struct {
		name     string
		s        Spelling
		in, want string
		edits    []Edit
		outcomes []Outcome
	}{
		{"escaped comma kept", vcardSpelling, "EMAIL:jane\\,doe@gmial.com\r\nX\r\n", "EMAIL:jane\\,doe@gmail.com\r\nY\r\n",
			[]Edit{{1, 7, "jane,doe@gmial.com", "jane,doe@gmail.com"}, {2, 1, "X", "Y"}}, []Outcome{Applied, Applied}},
		{"escapes written", vcardSpelling, "EMAIL:a@gmial.com\n", "EMAIL:a\\;b\\,\\\\c@gmail.com\n",
			[]Edit{{1, 7, "a@gmial.com", "a;b,\\c@gmail.com"}}, []Outcome{Applied}},
		{"escaped backslash", vcardSpelling, "EMAIL:x\\\\y@gmial.com\n", "EMAIL:x\\\\y@gmail.com\n",
			[]Edit{{1, 7, "x\\y@gmial.com", "x\\y@gmail.com"}}, []Outcome{Applied}},
		{"unknown escape is a backslash", vcardSpelling, "EMAIL:x\\y@gmial.com\n", "EMAIL:x\\y@gmail.com\n",
			[]Edit{{1, 7, "x\\y@gmial.com", "x\\y@gmail.com"}}, []Outcome{Applied}},
		{"a bare backslash before the change escaped", vcardSpelling, "EMAIL:\\0@x.com\n", "EMAIL:\\\\\\,0@x.com\n",
			[]Edit{{1, 7, "\\0@x.com", "\\,0@x.com"}}, []Outcome{Applied}},
		{"fold kept before the change", vcardSpelling, "EMAIL:bob@exa\r\n mple.con\r\nX\r\n", "EMAIL:bob@exa\r\n mple.com\r\nY\r\n",
			[]Edit{{1, 7, "bob@example.con", "bob@example.com"}, {3, 1, "X", "Y"}}, []Outcome{Applied, Applied}},
		{"fold kept in the change", vcardSpelling, "EMAIL:jane@gm\n\tial.com\n", "EMAIL:jane@gm\n\tail.com\n",
			[]Edit{{1, 7, "jane@gmial.com", "jane@gmail.com"}}, []Outcome{Applied}},
		{"fold kept after the change", vcardSpelling, "EMAIL:jane@gmial.c\r om\r", "EMAIL:jane@gmail.c\r om\r",
			[]Edit{{1, 7, "jane@gmial.com", "jane@gmail.com"}}, []Outcome{Applied}},
		{"fold inside an escape", vcardSpelling, "EMAIL:a\\\r\n ,b@x.con\n", "EMAIL:a\\\r\n ,b@x.com\n",
			[]Edit{{1, 7, "a,b@x.con", "a,b@x.com"}}, []Outcome{Applied}},
		{"fold inside an escape changed", vcardSpelling, "EMAIL:a\\\r\n ,b@x.con\n", "EMAIL:a\\;\r\n b@x.con\n",
			[]Edit{{1, 7, "a,b@x.con", "a;b@x.con"}}, []Outcome{Applied}},
		{"folds kept when the repair is shorter", vcardSpelling, "EMAIL:a@gmai\n il.com\n", "EMAIL:a@gmai\n l.com\n",
			[]Edit{{1, 7, "a@gmaiil.com", "a@gmail.com"}}, []Outcome{Applied}},
		{"a fold a letter", vcardSpelling, "EMAIL:" + folded.String() + "\r\nX\r\n", "EMAIL:" + strings.Replace(folded.String(), "m\r\n i\r\n a", "m\r\n a\r\n i", 1) + "\r\nY\r\n",
			[]Edit{{1, 7, long, strings.Replace(long, "gmial", "gmail", 1)}, {len(long) + 1, 1, "X", "Y"}}, []Outcome{Applied, Applied}},
		{"escape read as written", vcardSpelling, "EMAIL:a\\,b@x.con\n", "EMAIL:a\\,b@x.con\n",
			[]Edit{{1, 7, "a\\,b@x.con", "a\\,b@x.com"}}, []Outcome{NotThere}},
		{"a line break that is no fold", vcardSpelling, "EMAIL:a@x.con\nb\n", "EMAIL:a@x.con\nb\n",
			[]Edit{{1, 7, "a@x.conb", "a@x.comb"}}, []Outcome{NotThere}},
		{"text cut short", vcardSpelling, "EMAIL:a@x.co", "EMAIL:a@x.co",
			[]Edit{{1, 7, "a@x.con", "a@x.com"}}, []Outcome{NotThere}},
		{"LDIF has no escapes", ldif, "mail: a\\,b@exa\n mple.con\n", "mail: a\\,b@exa\n mple.com\n",
			[]Edit{{1, 7, "a\\,b@example.con", "a\\,b@example.com"}}, []Outcome{Applied}},
		{"LDIF cannot write a line break", ldif, "mail: a@x.con\n", "mail: a@x.con\n",
			[]Edit{{1, 7, "a@x.con", "a@x.com\nb"}}, []Outcome{NotThere}},
	} {
		var out bytes.Buffer
		rw := NewRewriter(context.Background(), strings.NewReader(tc.in), &out, nil)
		rw.SetSpelling(tc.s)
		var res []Outcome
		for _, e := range tc.edits {
			o, err := rw.Apply(e)
			if err != nil {
				t.Fatal(err)
			}
			res = append(res, o)
		}
		if err := rw.Close(); err != nil {
			t.Fatal(err)
		}
		if out.String() != tc.want || !slices.Equal(res, tc.outcomes) {
			t.Errorf("%s: got %q, outcomes %v; want %q, %v", tc.name, out.String(), res, tc.want, tc.outcomes)
		}
	}
}

// A repair of a folded address changes, in the diff, the lines whose
// bytes it changes.
func TestDiffSpelled(t *testing.T) {
	in := "BEGIN:VCARD\nEMAIL:bob@gm\n ial.com\nEND:VCARD\n"
	var b, out bytes.Buffer
	d := NewDiff(&b, "c.vcf", false)
	rw := NewRewriter(context.Background(), strings.NewReader(in), &out, d)
	rw.SetSpelling(vcardSpelling)
	if o, err := rw.Apply(Edit{2, 7, "bob@gmial.com", "bob@gmail.com"}); o != Applied || err != nil {
		t.Fatalf("got %v, %v", o, err)
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := d.Render(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	if err := d.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "--- a/c.vcf\n+++ b/c.vcf\n@@ -1,4 +1,4 @@\n BEGIN:VCARD\n EMAIL:bob@gm\n- ial.com\n+ ail.com\n END:VCARD\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// FuzzRewriteSpelled applies an edit anywhere in any input, in vCard's
// spelling: what is not applied leaves the input as it was, and what is
// applied keeps its lines one for one, with a diff that gives the
// rewritten content.
func FuzzRewriteSpelled(f *testing.F) {
	f.Add("EMAIL:a\\,b@gm\r\n ial.com\r\nX\n", 1, 7, "a,b@gmial.com", "a;b@gmail.com")
	f.Add("EMAIL:\\\\0@x\n\t.c\\\n ,om\n", 1, 7, "\\0@x.c,om", "\\,0@x.com\n")
	f.Fuzz(func(t *testing.T, in string, line, col int, old, new string) {
		var out, b bytes.Buffer
		d := NewDiff(&b, "f", false)
		rw := NewRewriter(context.Background(), strings.NewReader(in), &out, d)
		rw.SetSpelling(vcardSpelling)
		o, err := rw.Apply(Edit{line, col, old, new})
		if err == nil {
			err = rw.Close()
		}
		if err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if o != Applied {
			if got != in {
				t.Fatalf("not applied (%v), yet %q became %q", o, in, got)
			}
			return
		}
		breaks := func(s string) int {
			return strings.Count(strings.ReplaceAll(s, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(s, "\r\n", "\n"), "\r")
		}
		if breaks(got) != breaks(in) {
			t.Fatalf("%q became %q: the lines changed", in, got)
		}
		if err := d.Render(strings.NewReader(in), strings.NewReader(got)); err != nil {
			t.Fatal(err)
		}
		if err := d.Flush(); err != nil {
			t.Fatal(err)
		}
		if patched := applyDiff(t, in, b.String()); patched != got {
			t.Fatalf("%q became %q, but its diff gives %q:\n%s", in, got, patched, b.String())
		}
	})
}
