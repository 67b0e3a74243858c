package input

import (
	"path/filepath"
	"slices"
	"strings"
)

// ListExtensions are the file name extensions, in lower case, of the
// files a folder is searched for: those FormatFor reads as a list or an
// address book, and the usual ones of text lists. JSON and mail files are
// read when named, not found in a folder: a folder holds too many that
// are no lists (package.json, a maildir).
var ListExtensions = []string{".csv", ".ldi", ".ldif", ".list", ".tab", ".tsv", ".txt", ".vcard", ".vcf"}

// IsListFile reports whether name has one of ListExtensions, in any case.
func IsListFile(name string) bool {
	return slices.Contains(ListExtensions, strings.ToLower(filepath.Ext(name)))
}
