package fix

import (
	"context"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A fix keeps the extended attributes of the file.
func TestFileKeepsXattrs(t *testing.T) {
	path := filepath.Join(t.TempDir(), "list.txt")
	orig := []byte("bob@gmial.com\n")
	os.WriteFile(path, orig, 0o644)
	if err := syscall.Setxattr(path, "user.rcptlint", []byte("kept"), 0); err != nil {
		if errors.Is(err, syscall.ENOTSUP) {
			t.Skip("the file system of the temporary folder has no user attributes")
		}
		t.Fatal(err)
	}
	sum := sha256.Sum256(orig)
	if replaced, _, err := fixFile(context.Background(), path, sum[:], Edit{1, 1, "bob@gmial.com", "bob@gmail.com"}); err != nil || !replaced {
		t.Fatalf("fix: %v, %v", replaced, err)
	}
	got, err := xattrs(path)
	if err != nil || string(got["user.rcptlint"]) != "kept" {
		t.Errorf("attributes after the fix: %q, %v", got, err)
	}
}
