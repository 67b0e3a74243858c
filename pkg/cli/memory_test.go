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

// The heap moves to huge pages once, when the run has read hugeHeapFrom
// bytes across its inputs, however the reads fall.
func TestHugeHeapAfterEnoughInput(t *testing.T) {
	left, grown := int64(100), 0
	read := func(n int) {
		r := hugeHeapReader{strings.NewReader(strings.Repeat("x", n)), &left, func() { grown++ }}
		if _, err := io.Copy(io.Discard, r); err != nil {
			t.Fatal(err)
		}
	}
	read(60)
	if grown != 0 {
		t.Fatalf("grown after 60 of 100 bytes")
	}
	read(60)
	read(1000)
	if grown != 1 {
		t.Errorf("grown %d times after 1,120 of 100 bytes, want once", grown)
	}
}

// A run knows it is long before it reads when its regular files are
// large enough; a pipe's size is not known.
func TestInputAtLeast(t *testing.T) {
	dir := t.TempDir()
	small, large := filepath.Join(dir, "small.txt"), filepath.Join(dir, "large.txt")
	for path, size := range map[string]int{small: 10, large: 300} {
		if err := os.WriteFile(path, make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ios, _, _ := iostreams.Test("")
	r := &runner{o: &checkOptions{io: ios}}
	file := func(name string) source { return source{name: name, file: true} }
	for _, tc := range []struct {
		sources []source
		want    bool
	}{
		{[]source{file(small)}, false},
		{[]source{file(large)}, true},
		{[]source{file(small), file(small), file(small)}, false},
		{[]source{file(small), file(large)}, true},
		{[]source{file("-"), file(filepath.Join(dir, "missing.txt")), file(dir)}, false},
	} {
		if got := r.inputAtLeast(tc.sources, 100); got != tc.want {
			t.Errorf("inputAtLeast(%v, 100) = %v, want %v", tc.sources, got, tc.want)
		}
	}
	in, err := os.Open(large)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	ios.In = in
	if !r.inputAtLeast([]source{file("-")}, 100) {
		t.Error("standard input from a 300-byte file is not counted")
	}
}
