package cli

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/rcptlint/rcptlint/pkg/exitcode"
)

// outputFile is a file the run writes (the report of --output, the
// baseline of --write-baseline), whole or not at all: the content goes to
// a temporary file beside it, which is renamed over it once complete, so
// that a reader never sees half of it and a failed or interrupted run
// leaves any earlier file in place.
type outputFile struct {
	path string
	tmp  *os.File
	*bufio.Writer
}

// createOutput starts the file at path that flag names. It fails before
// anything is read when the folder cannot take the file.
func createOutput(flag, path string) (*outputFile, error) {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return nil, exitcode.Usagef("%s %s: not a regular file", flag, path)
	}
	path, err := linkTarget(flag, path)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".rcptlint-*")
	if err != nil {
		return nil, exitcode.Usagef("%s %s: %v", flag, path, unwrapPath(err))
	}
	return &outputFile{path: path, tmp: tmp, Writer: bufio.NewWriterSize(tmp, 64<<10)}, nil
}

// linkTarget is the file that path names once symbolic links are
// followed, which the rename must replace: renamed over the link itself,
// the report would replace the link (as root, /dev/stdout with a regular
// file) and leave the file it points to as it was. A link to nothing is
// refused rather than replaced.
func linkTarget(flag, path string) (string, error) {
	target, err := filepath.EvalSymlinks(path)
	if err == nil {
		return target, nil
	}
	st, lerr := os.Lstat(path)
	if lerr != nil || st.Mode()&fs.ModeSymlink == 0 {
		return path, nil
	}
	dest, rerr := os.Readlink(path)
	if rerr != nil {
		return "", exitcode.Usagef("%s %s: %v", flag, path, unwrapPath(rerr))
	}
	return "", exitcode.Usagef("%s %s: a symbolic link to %s, which does not exist", flag, path, dest)
}

// commit puts the complete report in place, with the mode of the file it
// replaces or else 0644.
func (o *outputFile) commit() error {
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(o.path); err == nil {
		mode = st.Mode().Perm()
	}
	err := o.Flush()
	if err == nil {
		err = o.tmp.Chmod(mode)
	}
	if err == nil {
		err = o.tmp.Sync()
	}
	if cerr := o.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(o.tmp.Name(), o.path)
	}
	if err != nil {
		os.Remove(o.tmp.Name())
		return err
	}
	o.tmp = nil
	return nil
}

// abort removes the temporary file of a report that was not committed.
func (o *outputFile) abort() {
	if o == nil || o.tmp == nil {
		return
	}
	o.tmp.Close()
	os.Remove(o.tmp.Name())
	o.tmp = nil
}

// unwrapPath drops the operation and temporary path from err: the user
// named the report's path, not the temporary file's.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
