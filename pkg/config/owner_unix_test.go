//go:build unix

package config

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Only a regular file is read, and at most maxSize bytes of it: a device,
// a symbolic link to one or a pipe is refused at once, naming the file,
// rather than read until memory runs out or a writer comes.
func TestLoadRefusesWhatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	zero := filepath.Join(dir, ".rcptlint.yaml")
	if err := os.Symlink("/dev/zero", zero); err != nil {
		t.Skip(err)
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip(err)
	}
	big := filepath.Join(dir, "big.yaml")
	os.WriteFile(big, []byte("trusted: ["+strings.Repeat(" ", maxSize)+"]\n"), 0o600)
	for path, want := range map[string]string{
		dir:         "is a directory, not a regular file",
		"/dev/zero": "is a character device, not a regular file",
		zero:        "is a character device, not a regular file",
		fifo:        "is a named pipe, not a regular file",
		big:         "is larger than 16777216 bytes",
	} {
		_, err := Load(path, func(string) {})
		if err == nil || !strings.Contains(err.Error(), path+": "+want) {
			t.Errorf("Load(%s) = %v, want an error naming it and saying %q", path, err, want)
		}
	}
	// Discovered, the link to /dev/zero, which every user may write to,
	// is ignored with a warning; a FIFO of one's own is refused.
	var warned []string
	if c, err := Discover(dir, dir, func(s string) { warned = append(warned, s) }); err != nil || len(warned) != 1 || !strings.Contains(warned[0], zero+": every user may write to it") || len(c.Trusted) > 0 {
		t.Errorf("Discover: %+v, %v, warnings %q", c, err, warned)
	}
	os.Remove(zero)
	os.Rename(fifo, zero)
	if _, err := Discover(dir, dir, func(string) {}); err == nil || !strings.Contains(err.Error(), zero+": is a named pipe") {
		t.Errorf("Discover of a FIFO: %v", err)
	}
}

// A discovered configuration that someone else could have written is
// ignored with a warning naming it; one named with --config is read with
// the warning.
func TestUnsafeConfiguration(t *testing.T) {
	for name, tc := range map[string]struct {
		mode     os.FileMode
		uid, gid int // -1: unchanged
		risk     string
	}{
		"own file":             {0o644, -1, -1, ""},
		"own private group":    {0o664, -1, -1, ""},
		"written by everyone":  {0o666, -1, -1, "every user may write to it (mode -rw-rw-rw-)"},
		"another user's":       {0o644, 4242, -1, "it belongs to another user (uid 4242)"},
		"written by a group":   {0o664, -1, 4242, "its group (gid 4242) may write to it"},
		"read-only to a group": {0o644, -1, 4242, ""},
		"root's, for any user": {0o644, 0, -1, ""},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, ".rcptlint.yaml")
			if err := os.WriteFile(path, []byte("trusted: [mil]\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tc.mode); err != nil {
				t.Fatal(err)
			}
			if tc.uid >= 0 || tc.gid >= 0 {
				if err := os.Chown(path, tc.uid, tc.gid); err != nil {
					t.Skipf("cannot give the file away: %v", err)
				}
			}
			if tc.mode&0o020 != 0 && tc.gid < 0 && !privateGroup(os.Geteuid(), os.Getegid()) {
				t.Skip("the user has no private group")
			}
			var warned []string
			warn := func(s string) { warned = append(warned, s) }
			c, err := Discover(dir, dir, warn)
			switch {
			case err != nil:
				t.Fatal(err)
			case tc.risk == "" && (len(warned) > 0 || len(c.Trusted) != 1):
				t.Errorf("Discover = %+v, warnings %q; want it read without a warning", c, warned)
			case tc.risk != "" && (len(warned) != 1 || len(c.Trusted) != 0 || !strings.Contains(warned[0], path+": "+tc.risk) || !strings.Contains(warned[0], "ignored")):
				t.Errorf("Discover = %+v, warnings %q; want it ignored, saying %q", c, warned, tc.risk)
			}
			warned = nil
			c, err = Load(path, warn)
			if err != nil || len(c.Trusted) != 1 || (tc.risk != "") != (len(warned) == 1) {
				t.Errorf("Load = %+v, %v, warnings %q; want it read, warned when at risk", c, err, warned)
			}
		})
	}
}
