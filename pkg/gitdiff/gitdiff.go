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
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// Lines is a set of changed lines of one file. All means every line is new
// (a file git does not track yet).
type Lines struct {
	All    bool
	ranges [][2]int // inclusive, in ascending order
}

// Has reports whether line n is new or modified.
func (l *Lines) Has(n int) bool {
	if l.All {
		return true
	}
	for _, r := range l.ranges {
		if n < r[0] {
			return false
		}
		if n <= r[1] {
			return true
		}
	}
	return false
}

// ErrNotRepo reports that a file is not in a git work tree.
var ErrNotRepo = errors.New("not in a git work tree; --changed compares with git")

// Changed returns the lines of file that are new or modified in the work
// tree relative to rev (a commit, branch or tag; HEAD for the last commit).
func Changed(ctx context.Context, rev, file string) (*Lines, error) {
	dir := filepath.Dir(file)
	if out, err := git(ctx, dir, "rev-parse", "--is-inside-work-tree"); err != nil || strings.TrimSpace(string(out)) != "true" {
		return nil, ErrNotRepo
	}
	if _, err := git(ctx, dir, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return nil, fmt.Errorf("--changed=%s: no such revision", rev)
	}
	base := filepath.Base(file)
	if _, err := git(ctx, dir, "ls-files", "--error-unmatch", "--", base); err != nil {
		return &Lines{All: true}, nil
	}
	if _, err := git(ctx, dir, "cat-file", "-e", rev+":./"+base); err != nil {
		return &Lines{All: true}, nil
	}
	out, err := git(ctx, dir, "diff", "--no-color", "--no-ext-diff", "--unified=0", rev, "--", base)
	if err != nil {
		return nil, err
	}
	return Parse(out)
}

// Parse reads the hunk headers of a unified diff of one file
// ("@@ -12,3 +14,2 @@") and returns the lines they add or change.
func Parse(diff []byte) (*Lines, error) {
	l := &Lines{}
	sc := bufio.NewScanner(bytes.NewReader(diff))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "@@ ") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 3 || !strings.HasPrefix(fields[2], "+") {
			return nil, fmt.Errorf("malformed hunk header %q", line)
		}
		start, count, err := hunkRange(fields[2][1:])
		if err != nil {
			return nil, fmt.Errorf("malformed hunk header %q: %w", line, err)
		}
		if count > 0 {
			l.ranges = append(l.ranges, [2]int{start, start + count - 1})
		}
	}
	return l, sc.Err()
}

func hunkRange(s string) (start, count int, err error) {
	count = 1
	if a, b, ok := strings.Cut(s, ","); ok {
		s = a
		if count, err = strconv.Atoi(b); err != nil {
			return 0, 0, err
		}
	}
	start, err = strconv.Atoi(s)
	return start, count, err
}

func git(ctx context.Context, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.Error
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("git is not installed: %w", err)
		}
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}
