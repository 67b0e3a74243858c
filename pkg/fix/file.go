package fix

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"github.com/rcptlint/rcptlint/internal/filemode"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Check tells, before anything is read, whether path can be fixed in
// place: it must name a regular file, by itself or through symbolic links,
// that is not a descriptor of the running process (/dev/stdin,
// /proc/self/fd/0) and has a single hard link (a fix writes a new file,
// which would split the links). It returns the file's information, to tell
// two names of one file apart.
func Check(path string) (fs.FileInfo, error) {
	p := path
	for range 255 {
		fi, err := os.Lstat(p)
		if err != nil {
			return nil, err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			break
		}
		if descriptorLink(p) {
			return nil, errors.New("it is a link to a file the process has open (as /dev/stdin is), not a named file")
		}
		to, err := os.Readlink(p)
		if err != nil {
			return nil, err
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(p), to)
		}
		p = to
	}
	fi, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	return fi, fixable(fi)
}

// fixable refuses what cannot be replaced by a fixed copy.
func fixable(fi fs.FileInfo) error {
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("not a regular file (%s); only files can be fixed", filemode.Kind(fi.Mode()))
	}
	if n := links(fi); n > 1 {
		return fmt.Errorf("it has %d hard links, which a fix would split (it writes a new file); fix a copy and copy it back over the original", n)
	}
	return nil
}

// open opens a file to be fixed or diffed, without blocking on a named
// pipe put in its place since it was checked, and refuses it unless it is
// fixable.
func open(path string) (*os.File, fs.FileInfo, error) {
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil {
		err = fixable(fi)
	}
	if err == nil {
		err = refuseUTF16(f)
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// refuseUTF16 fails for a file that starts with a UTF-16 byte-order mark:
// its addresses were checked decoded, and byte-exact edits would not find
// them. It leaves f at its start.
func refuseUTF16(f *os.File) error {
	head := make([]byte, 2)
	n, _ := io.ReadFull(f, head)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if n == 2 && (head[0] == 0xff && head[1] == 0xfe || head[0] == 0xfe && head[1] == 0xff) {
		return errors.New("the file is UTF-16; convert it to UTF-8 to fix it (iconv -f UTF-16 -t UTF-8)")
	}
	return nil
}

// File is a fix of one file in place, under way: edits are applied as
// they are given, into a temporary file that Commit renames over the
// original.
type File struct {
	ctx    context.Context
	target string
	in     *os.File
	before fs.FileInfo
	tmp    *os.File
	sum    hash.Hash
	want   []byte
	rw     *Rewriter
}

// Open starts to fix path in place. want is the SHA-256 of the content
// that was checked: a file whose content differs now, or that changes
// while it is rewritten, is left as it is. A symbolic link is followed:
// its target is rewritten.
//
// An interrupt (ctx done) abandons the fix: the temporary file is removed
// and the original left as it was.
func Open(ctx context.Context, path string, want []byte) (*File, error) {
	if want == nil {
		return nil, errors.New("it was not read to its end when checked")
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return nil, err
	}
	in, before, err := open(target)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".rcptlint-*")
	if err != nil {
		in.Close()
		return nil, err
	}
	f := &File{ctx: ctx, target: target, in: in, before: before, tmp: tmp, sum: sha256.New(), want: want}
	f.rw = NewRewriter(ctx, io.TeeReader(in, f.sum), tmp, nil)
	return f, nil
}

// Apply applies one edit; edits come in input order.
func (f *File) Apply(e Edit) (Outcome, error) { return f.rw.Apply(e) }

// Commit copies the rest of the file and, when an edit was applied,
// replaces the original with the fixed copy, with the original's owner,
// group and mode. It reports whether the file was replaced; on an error
// it was not. ErrChanged reports a file that changed since it was checked.
func (f *File) Commit() (replaced bool, err error) {
	defer f.in.Close()
	defer func() {
		if !replaced {
			f.tmp.Close()
			os.Remove(f.tmp.Name())
		}
	}()
	if err := f.rw.Close(); err != nil || f.rw.Applied() == 0 {
		return false, err
	}
	if err := keepMetadata(f.tmp, f.target, f.before); err != nil {
		return false, err
	}
	if err := f.tmp.Sync(); err != nil {
		return false, err
	}
	if err := f.unchanged(); err != nil {
		return false, err
	}
	if err := f.ctx.Err(); err != nil {
		return false, err
	}
	if err := f.tmp.Close(); err != nil {
		return false, err
	}
	if err := os.Rename(f.tmp.Name(), f.target); err != nil {
		return false, err
	}
	return true, nil
}

// Abort gives the fix up: the original is left as it was.
func (f *File) Abort() {
	f.in.Close()
	f.tmp.Close()
	os.Remove(f.tmp.Name())
}

// keepMetadata gives the fixed copy the owner, group, extended
// attributes (ACLs) and mode of the original (set-user-ID, set-group-ID
// and sticky bits too), or fails saying which it cannot keep. The owner
// comes first, since changing it clears the set-user-ID bit, and the mode
// last, since it sets an ACL's mask.
func keepMetadata(tmp *os.File, original string, before fs.FileInfo) error {
	if err := keepOwner(tmp, before); err != nil {
		return err
	}
	if err := keepXattrs(tmp, original); err != nil {
		return err
	}
	want := before.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky)
	if err := tmp.Chmod(want); err != nil {
		return err
	}
	now, err := tmp.Stat()
	if err != nil {
		return err
	}
	if got := now.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky); got != want {
		return fmt.Errorf("cannot keep its mode %v (a new file gets %v)", want, got)
	}
	return nil
}

// unchanged verifies that the file is still what was checked and what was
// copied.
func (f *File) unchanged() error {
	if !bytes.Equal(f.sum.Sum(nil), f.want) {
		return fmt.Errorf("%w (its content differs)", ErrChanged)
	}
	now, err := os.Stat(f.target)
	if err != nil {
		return err
	}
	if !os.SameFile(now, f.before) || now.Size() != f.before.Size() || !now.ModTime().Equal(f.before.ModTime()) {
		return fmt.Errorf("%w (it was modified while being fixed)", ErrChanged)
	}
	return nil
}

// Preview writes, as a diff, what fixing a file would change, without
// writing to it: the fixed content goes to a temporary file, removed at
// once, which the diff reads back beside the original.
type Preview struct {
	in   *os.File
	tmp  *os.File
	rw   *Rewriter
	diff *Diff
}

// NewPreview starts a preview of fixing path, written to diff.
func NewPreview(ctx context.Context, path string, diff *Diff) (*Preview, error) {
	in, _, err := open(path)
	if err != nil {
		return nil, err
	}
	tmp, err := os.CreateTemp("", "rcptlint-diff-*")
	if err != nil {
		in.Close()
		return nil, err
	}
	os.Remove(tmp.Name()) // gone once closed, whatever happens
	return &Preview{in: in, tmp: tmp, rw: NewRewriter(ctx, in, tmp, diff), diff: diff}, nil
}

// Apply applies one edit to the preview; edits come in input order.
func (p *Preview) Apply(e Edit) (Outcome, error) { return p.rw.Apply(e) }

// Abort gives the preview up: no diff is written.
func (p *Preview) Abort() {
	p.in.Close()
	p.tmp.Close()
	p.diff.changes.Close()
}

// Close reads the rest of the file and writes out the diff.
func (p *Preview) Close() error {
	defer p.in.Close()
	defer p.tmp.Close()
	if err := p.rw.Close(); err != nil {
		p.diff.Flush()
		return err
	}
	if err := p.diff.Render(io.NewSectionReader(p.in, 0, 1<<62), io.NewSectionReader(p.tmp, 0, 1<<62)); err != nil {
		p.diff.Flush()
		return err
	}
	return p.diff.Flush()
}
