package cli

import (
	"fmt"
	"os"
	"path/filepath"
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
