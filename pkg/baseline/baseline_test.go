package baseline

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

func TestRoundTrip(t *testing.T) {
	b := NewBuilder()
	keys := []Key{
		NewKey("lists/b.txt", "domain-typo", "zed@gmial.com"),
		NewKey("lists/a.txt", "duplicate", "dan@example.com"),
		NewKey("lists/a.txt", "domain-typo", "jane@gmial.com"),
		NewKey("lists/a.txt", "duplicate", "dan@example.com"),
		NewKey("-", "syntax", "bad\xff\"@x.com"),
	}
	for _, k := range keys {
		if err := b.Add(k); err != nil {
			t.Fatal(err)
		}
	}
	var out bytes.Buffer
	if _, err := b.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": 1,
  "findings": [
    {"file": "-", "rule": "syntax", "address": "bad\\xff\"@x.com", "count": 1},
    {"file": "lists/a.txt", "rule": "domain-typo", "address": "jane@gmial.com", "count": 1},
    {"file": "lists/a.txt", "rule": "duplicate", "address": "dan@example.com", "count": 2},
    {"file": "lists/b.txt", "rule": "domain-typo", "address": "zed@gmial.com", "count": 1}
  ]
}
`
	if out.String() != want {
		t.Fatalf("wrote\n%s\nwant\n%s", out.String(), want)
	}
	s, err := Read(&out)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if !s.Accept(k) {
			t.Errorf("%+v not accepted", k)
		}
	}
	if s.Accept(keys[1]) {
		t.Error("a third repeat accepted where the baseline has two")
	}
	if s.Accept(NewKey("lists/a.txt", "domain-typo", "other@gmial.com")) {
		t.Error("a new finding accepted")
	}
}

func TestEmpty(t *testing.T) {
	var out bytes.Buffer
	if _, err := NewBuilder().WriteTo(&out); err != nil || out.String() != "{\n  \"version\": 1,\n  \"findings\": []\n}\n" {
		t.Fatalf("%q, %v", out.String(), err)
	}
	if _, err := Read(&out); err != nil {
		t.Fatal(err)
	}
}

func TestReadRefuses(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`[]`, "not a baseline"},
		{`{"findings": []}`, "not a baseline of version 1"},
		{`{"version": 2, "findings": []}`, "not a baseline of version 1"},
		{`{"version": 1, "findings": [{"file": "a", "rule": "r", "address": "x", "line": 3}]}`, `finding 1: json: unknown field "line"`},
		{`{"version": 1, "findings": [{"file": "a", "rule": "r", "address": "x"}, {"file": "a", "rule": "r"}]}`, "finding 2: want a file, a rule, an address"},
		{`{"version": 1, "findings": [{"file": "a", "rule": "r", "address": "x", "count": 0}]}`, "finding 1: want"},
		{`{"version": 1, "findings": [` + strings.Repeat(" ", MaxSize) + `]}`, "larger than 16777216 bytes"},
	} {
		_, err := Read(strings.NewReader(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%.60q: %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestBuilderBound(t *testing.T) {
	b := NewBuilder()
	long := strings.Repeat("x", 1<<20)
	var err error
	for i := 0; i < 20 && err == nil; i++ {
		err = b.Add(NewKey(long, "syntax", strings.Repeat("y", i)))
	}
	if err != ErrTooLarge {
		t.Fatalf("20 MiB of entries: %v, want ErrTooLarge", err)
	}
	if _, err := b.WriteTo(&bytes.Buffer{}); err != ErrTooLarge {
		t.Fatalf("write: %v", err)
	}
}

// TestSetMemory holds what a read baseline keeps to a few dozen bytes an
// entry, however long its file names and addresses.
func TestSetMemory(t *testing.T) {
	const n = 20000
	var in bytes.Buffer
	b := NewBuilder()
	long := strings.Repeat("a-long-folder-name/", 4)
	for i := range n {
		if err := b.Add(NewKey(long+"list.txt", "domain-typo", fmt.Sprintf("someone.with.a.long.name.%d@gmial.com", i))); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.WriteTo(&in); err != nil {
		t.Fatal(err)
	}
	size := in.Len()
	b = nil
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := Read(&in)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := (int64(after.HeapAlloc) - int64(before.HeapAlloc)) / n
	t.Logf("%d bytes an entry (%d in the file)", per, size/n)
	if per > 80 {
		t.Errorf("%d bytes kept an entry, want at most 80", per)
	}
	runtime.KeepAlive(s)
	runtime.KeepAlive(&in)
}

// A baseline that repeats one entry holds it once, its counts summed: the
// set grows with the distinct keys, never with the file's entries (a
// 16 MiB file of one entry, 192,839 times, peaks as a run without it).
func TestRepeatedEntriesHeldOnce(t *testing.T) {
	const n = 20_000
	entry := `{"file": "list.txt", "rule": "domain-typo", "address": "a@gmial.com", "count": 2},`
	in := `{"version": 1, "findings": [` + strings.Repeat(entry, n-1) + strings.TrimSuffix(entry, ",") + `]}`
	s, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.left) != 1 {
		t.Fatalf("%d keys held for one entry repeated", len(s.left))
	}
	k := NewKey("list.txt", "domain-typo", "a@gmial.com")
	for i := range 2 * n {
		if !s.Accept(k) {
			t.Fatalf("finding %d not accepted, want %d", i+1, 2*n)
		}
	}
	if s.Accept(k) {
		t.Errorf("finding %d accepted, want %d", 2*n+1, 2*n)
	}
}

// A key added again is a view of a buffer its caller reuses: the builder
// keeps its own copy, and counting the repeat leaves that copy in place
// (assigning to a map's existing string key stores the key given).
func TestBuilderKeepsItsKeysOnRepeats(t *testing.T) {
	b := NewBuilder()
	buf := []byte("u0@gmial.com")
	view := func() string { return unsafe.String(&buf[0], len(buf)) }
	for i := range 3 {
		copy(buf, fmt.Sprintf("u%d@gmial.com", i))
		for range 2 {
			if err := b.Add(Key{File: "a.txt", Rule: "domain-typo", Address: view()}); err != nil {
				t.Fatal(err)
			}
		}
	}
	copy(buf, "XXXXXXXXXXXX")
	var out bytes.Buffer
	if _, err := b.WriteTo(&out); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		want := fmt.Sprintf(`"address": "u%d@gmial.com", "count": 2}`, i)
		if !strings.Contains(out.String(), want) {
			t.Errorf("baseline lacks %s:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "XXX") {
		t.Errorf("baseline holds a key the caller overwrote:\n%s", out.String())
	}
}
