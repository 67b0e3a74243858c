//go:build unix

package resolve

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestCacheRefusesFIFO: opening a FIFO for reading waits for a writer,
// forever; a cache path that names one is refused at once.
func TestCacheRefusesFIFO(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dns-cache")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skipf("no FIFO here: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := OpenCache(path, newFake())
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("OpenCache of a FIFO: %v, want an error naming it, not a regular file", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("OpenCache of a FIFO still waits after 5 s")
	}
}
