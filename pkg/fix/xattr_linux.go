package fix

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
)

// keepXattrs gives tmp the extended attributes of the file at from (user
// attributes, POSIX ACLs, security labels), and takes off those it got
// from its folder that the original lacks (a default ACL), security
// labels aside, which the system sets.
func keepXattrs(tmp *os.File, from string) error {
	want, err := xattrs(from)
	if err != nil {
		return fmt.Errorf("cannot read its extended attributes: %w", err)
	}
	have, err := xattrs(tmp.Name())
	if err != nil {
		return fmt.Errorf("cannot read the extended attributes of the fixed copy: %w", err)
	}
	for name, v := range want {
		if cur, ok := have[name]; ok && bytes.Equal(cur, v) {
			continue
		}
		if err := syscall.Setxattr(tmp.Name(), name, v, 0); err != nil {
			return fmt.Errorf("cannot keep its extended attribute %s: %w", name, err)
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok && !strings.HasPrefix(name, "security.") {
			if err := syscall.Removexattr(tmp.Name(), name); err != nil {
				return fmt.Errorf("cannot take the extended attribute %s off the fixed copy: %w", name, err)
			}
		}
	}
	return nil
}

// xattrs returns the extended attributes of a file; none where the file
// system has none.
func xattrs(path string) (map[string][]byte, error) {
	list, err := xattrRead(func(b []byte) (int, error) { return syscall.Listxattr(path, b) })
	if errors.Is(err, syscall.ENOTSUP) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	out := map[string][]byte{}
	for name := range strings.SplitSeq(strings.TrimSuffix(string(list), "\x00"), "\x00") {
		if name == "" {
			continue
		}
		v, err := xattrRead(func(b []byte) (int, error) { return syscall.Getxattr(path, name, b) })
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = v
	}
	return out, nil
}

// xattrRead calls read for the size, then for the bytes.
func xattrRead(read func([]byte) (int, error)) ([]byte, error) {
	n, err := read(nil)
	if err != nil || n == 0 {
		return nil, err
	}
	b := make([]byte, n)
	n, err = read(b)
	if err != nil {
		return nil, err
	}
	return b[:n], nil
}
