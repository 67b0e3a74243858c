package input

import (
	"path/filepath"
	"slices"
	"strings"
)

// ListExtensions are the file name extensions, in lower case, of the
// files a folder is searched for: those FormatFor reads as CSV or TSV, and
// the usual ones of text lists.
var ListExtensions = []string{".csv", ".list", ".tab", ".tsv", ".txt"}

// IsListFile reports whether name has one of ListExtensions, in any case.
func IsListFile(name string) bool {
	return slices.Contains(ListExtensions, strings.ToLower(filepath.Ext(name)))
}
