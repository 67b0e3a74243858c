package fix

import (
	"path/filepath"
	"syscall"
)

// procSuperMagic is the file system type of /proc.
const procSuperMagic = 0x9fa0

// descriptorLink reports whether the symbolic link at path stands for a
// file descriptor of a process: it lives in /proc (/proc/self/fd/0, and
// /dev/stdin through it), and names whatever that process has open.
func descriptorLink(path string) bool {
	var st syscall.Statfs_t
	return syscall.Statfs(filepath.Dir(path), &st) == nil && st.Type == procSuperMagic
}
