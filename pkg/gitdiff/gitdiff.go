// Package gitdiff tells which lines of a file are new or modified relative
// to a git revision, by running git diff, so that a hook reports only what
// a commit changes.
package gitdiff

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// ErrNotRepo reports that a file is not in a git work tree.
var ErrNotRepo = errors.New("not in a git work tree; --changed compares with git")

// diffArgs make git diff print, whatever the user's configuration, the
// hunk headers of the file's lines as rcptlint reads them: no colour, no
// external diff driver or text conversion, text even when the attributes
// call it binary, no context lines and no hunks fused across unchanged
// ones. The environment (see command) does the rest.
var diffArgs = []string{
	"diff", "--no-color", "--no-ext-diff", "--no-textconv", "--text", "--no-relative",
	"--unified=0", "--inter-hunk-context=0",
}

// Changed returns the lines of file that are new or modified in the work
// tree relative to rev (a commit, branch or tag; HEAD for the last commit).
// git's output is read as it comes and only the changed ranges are kept.
func Changed(ctx context.Context, rev, file string) (*Lines, error) {
	dir, base := filepath.Dir(file), filepath.Base(file)
	if out, err := git(ctx, dir, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return nil, ErrNotRepo
	}
	// A revision that starts with '-' would be taken for an option.
	if strings.HasPrefix(rev, "-") {
		return nil, fmt.Errorf("--changed=%s: no such revision", rev)
	}
	out, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		if rev == "HEAD" && unborn(ctx, dir) {
			return &Lines{All: true}, nil
		}
		return nil, fmt.Errorf("--changed=%s: no such revision", rev)
	}
	commit := strings.TrimSpace(string(out))
	if _, err := git(ctx, dir, "ls-files", "--error-unmatch", "--", base); err != nil {
		return &Lines{All: true}, nil
	}
	if _, err := git(ctx, dir, "cat-file", "-e", commit+":./"+base); err != nil {
		return &Lines{All: true}, nil
	}
	return diff(ctx, dir, append(diffArgs, commit, "--", base))
}

// unborn reports whether HEAD names a branch that has no commit yet, as
// before the first commit of a repository: every line is new then.
func unborn(ctx context.Context, dir string) bool {
	_, err := git(ctx, dir, "symbolic-ref", "--quiet", "HEAD")
	return err == nil
}

// TopLevel returns the root of the git work tree that holds the folder
// dir, as git resolves it (symbolic links followed).
func TopLevel(ctx context.Context, dir string) (string, error) {
	out, err := git(ctx, dir, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	return filepath.FromSlash(strings.TrimSuffix(string(out), "\n")), nil
}

// IsRevision reports whether rev names a commit of the git repository
// that holds the folder dir (false outside a work tree or without git).
func IsRevision(ctx context.Context, dir, rev string) bool {
	if rev == "" || strings.HasPrefix(rev, "-") {
		return false
	}
	_, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}")
	return err == nil
}

// diff runs git diff and parses its output as it comes.
func diff(ctx context.Context, dir string, args []string) (*Lines, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd := command(ctx, dir, args)
	var stderr cappedBuffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, gitError(args, err, &stderr)
	}
	lines, perr := Parse(stdout)
	if perr != nil {
		cancel() // git need not finish a diff no longer read
	}
	if err := cmd.Wait(); err != nil && perr == nil {
		return nil, gitError(args, err, &stderr)
	}
	if perr != nil {
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), perr)
	}
	return lines, nil
}

// Parse reads the hunk headers of a unified diff of one file
// ("@@ -12,3 +14,2 @@") as it comes and returns the lines they add or
// change. Other lines, however long, are skipped without being kept.
func Parse(r io.Reader) (*Lines, error) {
	l := &Lines{}
	br := bufio.NewReaderSize(r, 4096)
	for {
		line, err := br.ReadSlice('\n')
		if bytes.HasPrefix(line, []byte("@@")) {
			// The numbers come first: a header longer than the buffer (its
			// function context) still has them in its first part.
			if perr := parseHunk(l, line); perr != nil {
				return nil, perr
			}
		}
		for err == bufio.ErrBufferFull {
			_, err = br.ReadSlice('\n')
		}
		switch {
		case err == io.EOF:
			return l, nil
		case err != nil:
			return nil, err
		}
	}
}

// parseHunk adds the new side of a hunk header to l.
func parseHunk(l *Lines, header []byte) error {
	rest, ok := bytes.CutPrefix(header, []byte("@@ -"))
	if ok {
		_, _, rest, ok = hunkRange(rest)
	}
	if ok {
		rest, ok = bytes.CutPrefix(rest, []byte(" +"))
	}
	var first, count int
	if ok {
		first, count, rest, ok = hunkRange(rest)
	}
	if !ok || !bytes.HasPrefix(rest, []byte(" @@")) {
		return fmt.Errorf("malformed hunk header %q", shorten(header))
	}
	if count == 0 {
		return nil
	}
	if err := l.add(first, first+count-1); err != nil {
		return fmt.Errorf("hunk header %q: %w", shorten(header), err)
	}
	return nil
}

// hunkRange reads "14,2" (or "14", one line) from the start of b.
func hunkRange(b []byte) (first, count int, rest []byte, ok bool) {
	first, rest, ok = number(b)
	if !ok {
		return 0, 0, nil, false
	}
	count = 1
	if after, found := bytes.CutPrefix(rest, []byte(",")); found {
		count, rest, ok = number(after)
	}
	return first, count, rest, ok
}

// number reads a decimal number of at most 10 digits from the start of b.
func number(b []byte) (n int, rest []byte, ok bool) {
	i := 0
	for i < len(b) && i < 10 && '0' <= b[i] && b[i] <= '9' {
		n = 10*n + int(b[i]-'0')
		i++
	}
	return n, b[i:], i > 0
}

func shorten(b []byte) []byte {
	b = bytes.TrimRight(b, "\r\n")
	if len(b) > 80 {
		return b[:80]
	}
	return b
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := command(ctx, dir, args)
	var stderr cappedBuffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, gitError(args, err, &stderr)
	}
	return out, nil
}

// command prepares a git command in dir. Pathspecs are literal (a file
// named "[ab].txt" is not a pattern) and GIT_DIFF_OPTS, which would widen
// the hunks, is unset.
func command(ctx context.Context, dir string, args []string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	env := []string{"GIT_LITERAL_PATHSPECS=1"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIT_DIFF_OPTS=") && !strings.HasPrefix(kv, "GIT_LITERAL_PATHSPECS=") {
			env = append(env, kv)
		}
	}
	cmd.Env = env
	return cmd
}

func gitError(args []string, err error, stderr *cappedBuffer) error {
	var ee *exec.Error
	if errors.As(err, &ee) {
		return fmt.Errorf("git is not installed: %w", err)
	}
	return fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(string(stderr.b)))
}

// cappedBuffer keeps the first KiB written to it: enough of git's error
// message to show, and never more whatever git writes.
type cappedBuffer struct{ b []byte }

func (c *cappedBuffer) Write(p []byte) (int, error) {
	if room := 1024 - len(c.b); room > 0 {
		c.b = append(c.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}
