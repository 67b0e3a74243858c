//go:build !unix

package fix

import (
	"io/fs"
	"os"
)

// links returns 1: hard links are not counted here.
func links(fs.FileInfo) uint64 { return 1 }

// keepOwner does nothing: files have no Unix owner here.
func keepOwner(*os.File, fs.FileInfo) error { return nil }

func openNonBlocking(path string) (*os.File, error) { return os.Open(path) }

// descriptorLink reports false: there is no /proc here.
func descriptorLink(string) bool { return false }
