//go:build !unix

package config

import (
	"io/fs"
	"os"
)

// openNonBlocking opens path for reading; outside Unix there are no FIFOs
// in the file system to wait on.
func openNonBlocking(path string) (*os.File, error) {
	return os.Open(path)
}

// ownerRisk is "": outside Unix, file ownership and modes do not say who
// may write a file.
func ownerRisk(fs.FileInfo) string { return "" }
