package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/input"
)

// excludes are the --exclude patterns. A pattern without a slash matches
// the name of a file or of a folder on its path (so a file named inside
// an excluded folder is excluded too); one with a slash matches its whole
// path as named or found (slash-separated, cleaned), where "**" stands
// for any number of folders, none included. Otherwise the syntax is
// path.Match's.
type excludes []string

// check refuses a pattern path.Match cannot read.
func (e excludes) check() error {
	for _, p := range e {
		if _, err := path.Match(p, ""); err != nil {
			return exitcode.Usagef("--exclude %q: %v", p, err)
		}
	}
	return nil
}

// match reports whether a pattern matches the file or folder at name.
func (e excludes) match(name string) bool {
	if len(e) == 0 {
		return false
	}
	segs := strings.Split(filepath.ToSlash(filepath.Clean(name)), "/")
	for _, p := range e {
		if strings.Contains(p, "/") {
			if matchSegments(strings.Split(path.Clean(p), "/"), segs) {
				return true
			}
			continue
		}
		for _, s := range segs {
			if ok, _ := path.Match(p, s); ok && s != "" && s != "." && s != ".." {
				return true
			}
		}
	}
	return false
}

// matchSegments matches a path's segments against a pattern's, "**"
// standing for any run of segments. It tracks the set of name prefixes the
// pattern's prefix matches, so that its cost is the product of the two
// lengths whatever the number of "**".
func matchSegments(pat, name []string) bool {
	reach := make([]bool, len(name)+1)
	next := make([]bool, len(name)+1)
	reach[0] = true
	for _, p := range pat {
		clear(next)
		for j, ok := range reach {
			if !ok {
				continue
			}
			if p == "**" {
				for k := j; k <= len(name); k++ {
					next[k] = true
				}
				break
			}
			if j < len(name) {
				if m, _ := path.Match(p, name[j]); m {
					next[j+1] = true
				}
			}
		}
		reach, next = next, reach
	}
	return reach[len(name)]
}

// walkDir appends the list files under dir (see input.IsListFile) in
// lexical order. Hidden files and folders (.git among them) and what
// --exclude matches are skipped; symbolic links to folders are not
// followed, so that a link cannot lead the walk in a loop or out of the
// tree; a link to a file is read. A folder that cannot be read is a
// source that reports its error.
func (o *checkOptions) walkDir(dir string, out []source) []source {
	found := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			out = append(out, source{name: p, file: true, err: unwrapPath(err)})
			return nil
		}
		if p != dir && (strings.HasPrefix(d.Name(), ".") || o.exclude.match(p)) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !input.IsListFile(p) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			if st, err := os.Stat(p); err != nil || st.IsDir() {
				return nil
			}
		}
		found++
		out = append(out, source{name: p, file: true})
		return nil
	})
	if err != nil && !errors.Is(err, filepath.SkipDir) {
		out = append(out, source{name: dir, file: true, err: err})
	}
	if found == 0 {
		fmt.Fprintf(o.io.ErrOut, "rcptlint: warning: %s: no list file (%s) in this folder\n",
			escape.String(dir), strings.Join(input.ListExtensions, ", "))
	}
	return out
}
