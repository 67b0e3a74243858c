//go:build unix

package config

import (
	"fmt"
	"io/fs"
	"os"
	"os/user"
	"strconv"
	"syscall"
)

// openNonBlocking opens path for reading without waiting for a writer when
// it is a FIFO.
func openNonBlocking(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}

// ownerRisk says why a configuration file may hold someone else's
// choices: another user than the one running rcptlint (or root) owns it,
// or others may write to it. A group-writable file is a risk unless its
// group is the user's private group (named after the user and the user's
// primary group), the convention under which distributions set umask 002.
// It returns "" for a safe file.
func ownerRisk(st fs.FileInfo) string {
	sys, ok := st.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	uid := os.Geteuid()
	switch perm := st.Mode().Perm(); {
	case int(sys.Uid) != uid && sys.Uid != 0:
		return fmt.Sprintf("it belongs to another user (uid %d), who could switch rules off for you", sys.Uid)
	case perm&0o002 != 0:
		return fmt.Sprintf("every user may write to it (mode %v), so anyone could switch rules off for you", st.Mode())
	case perm&0o020 != 0 && !privateGroup(uid, int(sys.Gid)):
		return fmt.Sprintf("its group (gid %d) may write to it (mode %v), so others could switch rules off for you", sys.Gid, st.Mode())
	}
	return ""
}

// privateGroup reports whether gid is the primary group of user uid and
// bears the user's name.
func privateGroup(uid, gid int) bool {
	u, err := user.LookupId(strconv.Itoa(uid))
	if err != nil || u.Gid != strconv.Itoa(gid) {
		return false
	}
	g, err := user.LookupGroupId(u.Gid)
	return err == nil && g.Name == u.Username
}
