package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// A configuration's trusted and known entries are held whole, so the soft
// limit makes room for them (and, for a file named, for parsing it);
// without that room a long trusted list was indexed with the collector
// running all along. A user's GOMEMLIMIT is never changed.
func TestConfigMakesRoomUnderTheSoftLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old); softLimit.Store(0) })

	var b strings.Builder
	b.WriteString("trusted:\n")
	for i := range 3000 {
		fmt.Fprintf(&b, "  - partner%04d.com\n", i)
	}
	b.WriteString("known:\n  - known-firm.com\n")
	path := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	ios, _, _ := iostreams.Test("")
	load := func() int64 {
		t.Helper()
		debug.SetMemoryLimit(old)
		if _, err := loadSettings(&globalOptions{configPath: path}, ios, listFlags{known: []string{"flag-firm.com"}}); err != nil {
			t.Fatal(err)
		}
		return debug.SetMemoryLimit(-1)
	}

	softLimit.Store(baseSoftLimit)
	if got, want := load(), int64(baseSoftLimit+3002*entryRoom); got != want {
		t.Errorf("soft limit %d after 3,002 entries, want %d", got, want)
	}
	softLimit.Store(0) // GOMEMLIMIT set by the user
	if got := load(); got != old {
		t.Errorf("the user's limit %d became %d", old, got)
	}
}

// A configuration that fails to load makes no room: the soft limit stays
// as it was, so a policy server whose reload is refused keeps the room of
// the configuration it goes on running with (it had dropped to the
// broken file's, with the running list's entries still held).
func TestFailedConfigKeepsTheRoom(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old); softLimit.Store(0) })

	dir := t.TempDir()
	ios, _, _ := iostreams.Test("")
	for name, content := range map[string]string{
		"yaml.yaml":  "trusted: [" + strings.Repeat("partner.com, ", 1000) + "\n",
		"entry.yaml": "trusted:\n" + strings.Repeat("  - partner.com\n", 1000) + "  - acme.con\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		softLimit.Store(baseSoftLimit)
		running := int64(baseSoftLimit + 100_000*entryRoom)
		debug.SetMemoryLimit(running)
		if _, err := loadSettings(&globalOptions{configPath: path}, ios, listFlags{}); err == nil {
			t.Fatalf("%s: loaded", name)
		}
		if got := debug.SetMemoryLimit(-1); got != running {
			t.Errorf("%s: soft limit %d after a configuration that failed, want %d as before", name, got, running)
		}
	}
}

// Room is made for the distinct entries, and a run holds no more: a
// configuration repeating one domain on 1.86 million lines (16 MiB) made
// room for as many, 949 MB for the collector to leave alone, and the
// settings held every line.
func TestConfigRoomFollowsDistinctEntries(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old); softLimit.Store(0) })

	dir := t.TempDir()
	ios, _, _ := iostreams.Test("")
	load := func(n int) (room int64, held uint64) {
		t.Helper()
		path := filepath.Join(dir, fmt.Sprint(n, ".yaml"))
		content := "trusted:\n" + strings.Repeat("  - partner.com\n  - Partner.COM\n", n/2) + "known: [firm.com, Firm.com]\n"
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		softLimit.Store(baseSoftLimit)
		debug.SetMemoryLimit(old)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s, err := loadSettings(&globalOptions{configPath: path}, ios, listFlags{trusted: []string{"PARTNER.com"}})
		if err != nil {
			t.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		runtime.KeepAlive(s)
		return debug.SetMemoryLimit(-1), after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
	}
	held := map[int]uint64{}
	for _, n := range []int{1_000, 100_000} {
		room, h := load(n)
		if want := int64(baseSoftLimit + 2*entryRoom); room != want {
			t.Errorf("soft limit %d after %d lines of one trusted and one known domain, want %d", room, n, want)
		}
		held[n] = h
	}
	few, many := held[1_000], held[100_000]
	t.Logf("held: %d bytes for 1,000 lines, %d for 100,000", few, many)
	if many > 2*few+64<<10 {
		t.Errorf("the settings of 100,000 lines of one domain hold %d bytes, against %d for 1,000: want at most twice as much plus 64 KiB", many, few)
	}
}

// The heap moves to huge pages once, when the run has read hugeHeapLines
// lines across its inputs, however the reads fall; a regular file whose
// size and first lines say it holds that many moves it at its first read;
// a file of few long lines never does.
func TestHugeHeapAfterEnoughLines(t *testing.T) {
	lines := func(n, width int) string { return strings.Repeat(strings.Repeat("x", width-1)+"\n", n) }
	// read reads a text list through a hugeHeapReader in 4 KiB reads, its
	// format known after the first, and returns after how many reads it
	// grew (0: never).
	read := func(left *int64, text string, size int64) int {
		grewAt, reads := 0, 0
		r := &hugeHeapReader{r: chunked{strings.NewReader(text), 4096}, left: left, size: size, grow: func() {
			if grewAt != 0 {
				t.Fatal("grown twice")
			}
			grewAt = reads
		}}
		defer func() {
			if !r.counted {
				t.Error("the format was never told")
			}
		}()
		buf := make([]byte, 64<<10)
		for {
			reads++
			_, err := r.Read(buf)
			r.decided(true)
			if err == io.EOF {
				return grewAt
			}
		}
	}
	left := int64(100)
	if at := read(&left, lines(60, 10), 0); at != 0 {
		t.Fatalf("grown after 60 of 100 lines")
	}
	if at := read(&left, lines(60, 10), 0); at != 1 {
		t.Errorf("grown at read %d of a second input of 60 lines, want 1 (120 of 100 lines)", at)
	}
	if at := read(&left, lines(1000, 10), 0); at != 0 {
		t.Errorf("grown again")
	}

	left = 150
	if at := read(&left, lines(200, 40), 8000); at != 1 {
		t.Errorf("a file of 8,000 bytes whose first 4 KiB hold 102 lines grew at read %d, want 1", at)
	}
	left = 150
	if at := read(&left, lines(200, 40), 0); at != 2 {
		t.Errorf("a pipe of 200 lines grew at read %d, want 2", at)
	}
	left = 10000
	wide := lines(1000, 288)
	if at := read(&left, wide, int64(len(wide))); at != 0 {
		t.Errorf("1,000 lines of 288 bytes grew at read %d", at)
	}

	// The guess from a file's first lines needs twice the lines left: a
	// list whose first half is short addresses and second half long lines
	// is not taken for a long one (a 64 KiB first read here).
	left = 10000
	skew := lines(1500, 27) + lines(1500, 430)
	skewed := &hugeHeapReader{r: chunked{strings.NewReader(skew), 64 << 10}, left: &left, size: int64(len(skew)), grow: func() { t.Error("a list of 3,000 lines grew the heap") }}
	skewed.decided(true)
	for buf := make([]byte, 64<<10); ; {
		if _, err := skewed.Read(buf); err == io.EOF {
			break
		}
	}

	// In another format, lines say nothing: addresses count.
	left = 100
	grown := 0
	r := &hugeHeapReader{r: strings.NewReader(lines(5000, 30)), left: &left, size: 150000, grow: func() { grown++ }}
	if _, err := io.Copy(io.Discard, io.LimitReader(r, 4096)); err != nil {
		t.Fatal(err)
	}
	r.decided(false)
	if _, err := io.Copy(io.Discard, r); err != nil {
		t.Fatal(err)
	}
	for range 99 {
		r.address()
	}
	if grown != 0 {
		t.Fatalf("a vCard of 5,000 lines and 99 addresses grew the heap")
	}
	r.address()
	r.address()
	if grown != 1 {
		t.Errorf("a vCard of 101 addresses grew the heap %d times, want once", grown)
	}
}

// chunked reads at most n bytes at a time.
type chunked struct {
	r io.Reader
	n int
}

func (c chunked) Read(b []byte) (int, error) { return c.r.Read(b[:min(len(b), c.n)]) }

// hugeHeap grows the heap by what the soft limit leaves, less 8 MiB, up to
// 40 MiB, and not at all when that leaves less than 8 MiB (a small
// GOMEMLIMIT, a heap grown by a long configuration).
func TestHugeHeapSize(t *testing.T) {
	for _, tc := range []struct{ limit, used, want int64 }{
		{baseSoftLimit, 4 << 20, 40 << 20},
		{baseSoftLimit, 12 << 20, 32 << 20},
		{baseSoftLimit, 36 << 20, 8 << 20},
		{baseSoftLimit, 37 << 20, 0},
		{20 << 20, 4 << 20, 8 << 20},
		{16 << 20, 4 << 20, 0},
		{1 << 30, 4 << 20, 40 << 20},
	} {
		if got := hugeHeapSize(tc.limit, tc.used); got != tc.want {
			t.Errorf("hugeHeapSize(%d MiB, %d MiB) = %d MiB, want %d", tc.limit>>20, tc.used>>20, got>>20, tc.want>>20)
		}
	}
}

// A check run moves its heap to huge pages once it is long, from a file,
// from standard input, or from many small files together; a short one,
// or one of few lines however wide, does not.
func TestLongRunGrowsTheHeap(t *testing.T) {
	grown := 0
	old := growHeap
	growHeap = func() { grown++ }
	t.Cleanup(func() { growHeap = old })

	dir := t.TempDir()
	list := func(name string, n, width int) string {
		var b strings.Builder
		for i := range n {
			line := fmt.Sprintf("user%d@example.com", i)
			b.WriteString(line + strings.Repeat(" ", max(0, width-len(line)-1)) + "\n")
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	long, short, wide := list("long.txt", 2*hugeHeapLines, 0), list("short.txt", 1000, 0), list("wide.txt", 1000, 288)
	small := filepath.Join(dir, "small")
	if err := os.Mkdir(small, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		b, _ := os.ReadFile(short)
		if err := os.WriteFile(filepath.Join(small, fmt.Sprintf("part%02d.txt", i)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cards := func(name string, n, folds int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:User %d\r\nEMAIL:user%d@example.com\r\nPHOTO;ENCODING=b:AAAA\r\n", i, i)
			for range folds {
				b.WriteString(" " + strings.Repeat("QUJD", 18) + "\r\n")
			}
			b.WriteString("END:VCARD\r\n")
		}
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	photos, many := cards("photos.vcf", 500, 60), cards("many.vcf", 2*hugeHeapLines, 0)
	longText, _ := os.ReadFile(long)
	for _, tc := range []struct {
		name  string
		stdin string
		args  []string
		want  int
	}{
		{"a long file", "", []string{long}, 1},
		{"a short file", "", []string{short}, 0},
		{"a file of few wide lines", "", []string{wide}, 0},
		{"a long standard input", string(longText), []string{"-"}, 1},
		{"thirty short files", "", []string{small}, 1},
		{"500 cards with photos, 33,000 lines", "", []string{photos}, 0},
		{"20,000 cards", "", []string{many}, 1},
	} {
		grown = 0
		run(t, tc.stdin, false, append([]string{"check", "-q", "--fail-on", "never"}, tc.args...)...)
		if grown != tc.want {
			t.Errorf("%s: the heap grew %d times, want %d", tc.name, grown, tc.want)
		}
	}
}
