//go:build unix

package fix

import (
	"context"
	"crypto/sha256"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A fix keeps the owner, group and mode of the file, set-user-ID,
// set-group-ID and sticky bits included.
func TestFileKeepsOwnerAndMode(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("giving a file to another user (65534) needs root")
	}
	path := filepath.Join(t.TempDir(), "list.txt")
	orig := []byte("bob@gmial.com\n")
	os.WriteFile(path, orig, 0o644)
	if err := os.Chown(path, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	mode := os.FileMode(0o640) | os.ModeSetuid | os.ModeSetgid | os.ModeSticky
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(orig)
	if replaced, _, err := fixFile(context.Background(), path, sum[:], Edit{1, 1, "bob@gmial.com", "bob@gmail.com"}); err != nil || !replaced {
		t.Fatalf("fix: %v, %v", replaced, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != 65534 || st.Gid != 65534 || fi.Mode() != mode {
		t.Errorf("owner %d:%d mode %v, want 65534:65534 %v", st.Uid, st.Gid, fi.Mode(), mode)
	}
}

// Only a named regular file with one link can be fixed; the verdict comes
// before anything is read, and opening again refuses what was swapped in.
func TestCheckRefuses(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.txt")
	os.WriteFile(plain, []byte("bob@gmial.com\n"), 0o644)
	os.Symlink("plain.txt", filepath.Join(dir, "link.txt"))
	os.WriteFile(filepath.Join(dir, "twin1.txt"), nil, 0o644)
	os.Link(filepath.Join(dir, "twin1.txt"), filepath.Join(dir, "twin2.txt"))
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ path, err string }{
		{plain, ""},
		{filepath.Join(dir, "link.txt"), ""},
		{filepath.Join(dir, "twin1.txt"), "it has 2 hard links"},
		{fifo, "not a regular file (a named pipe)"},
		{dir, "not a regular file (a directory)"},
		{"/dev/null", "not a regular file (a character device)"},
		{"/dev/stdin", "a link to a file the process has open"},
		{"/proc/self/fd/0", "a link to a file the process has open"},
		{"/dev/fd/0", "a link to a file the process has open"},
	} {
		_, err := Check(tc.path)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("Check(%s) = %v, want %q", tc.path, err, tc.err)
		}
	}
	// A named pipe put in a file's place after the check is refused, not
	// waited on.
	os.Remove(plain)
	syscall.Mkfifo(plain, 0o644)
	if _, err := Open(context.Background(), plain, []byte("x")); err == nil || !strings.Contains(err.Error(), "named pipe") {
		t.Errorf("Open of a named pipe: %v", err)
	}
	if _, err := NewPreview(context.Background(), plain, NewDiff(io.Discard, "x", false)); err == nil {
		t.Error("NewPreview of a named pipe: no error")
	}
}
