package report

import (
	"bufio"
	"io"
	"iter"
	"strconv"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// GitHub writes GitHub Actions workflow commands, which the runner turns
// into annotations on the files: ::warning file=F,line=L,col=C,title=T::M.
// Values are escaped as the runner requires, so an address cannot end the
// command early or start another.
type GitHub struct{}

var githubCommands = [...]string{lint.Off: "notice", lint.Info: "notice", lint.Warning: "warning", lint.Error: "error"}

// Report writes one command per finding.
func (GitHub) Report(w io.Writer, _ *Run, findings iter.Seq[*lint.Finding]) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	buf := make([]byte, 0, 512)
	for f := range findings {
		buf = appendGitHub(buf[:0], f)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendGitHub appends the command of one finding. Each value is escaped
// on its own: the parts of the message are joined by ASCII, which neither
// escaping joins to a neighbour, so this is the escaping of the whole.
func appendGitHub(b []byte, f *lint.Finding) []byte {
	b = append(b, "::"...)
	b = append(b, githubCommands[f.Severity]...)
	b = append(b, ' ')
	if isFile(f.File) {
		b = append(b, "file="...)
		b = appendGitHubValue(b, f.File, &githubProperty)
		b = append(b, ",line="...)
		b = strconv.AppendInt(b, int64(f.Line), 10)
		b = append(b, ",col="...)
		b = strconv.AppendInt(b, int64(f.CharColumn()), 10)
		b = append(b, ',')
	}
	b = append(b, "title=rcptlint "...)
	b = appendGitHubValue(b, f.Rule, &githubProperty)
	b = append(b, "::"...)
	if !isFile(f.File) {
		b = appendGitHubValue(b, f.Address, &githubData)
		b = append(b, ": "...)
	}
	b = appendGitHubValue(b, f.Message, &githubData)
	if f.Suggestion != "" {
		b = append(b, "; did you mean "...)
		b = appendGitHubValue(b, f.Suggestion, &githubData)
		b = append(b, '?')
	}
	return append(b, '\n')
}

// githubData and githubProperty mark the bytes the runner needs escaped in
// a command's message (%, CR and LF) and in a property value (those, ':'
// and ','); each becomes % and its two hex digits.
var githubData, githubProperty = func() (data, prop [256]bool) {
	data['%'], data['\r'], data['\n'] = true, true, true
	prop = data
	prop[':'], prop[','] = true, true
	return data, prop
}()

// appendGitHubValue appends s escaped by table. Control and invisible
// characters are shown escaped first, as in the text format.
func appendGitHubValue(b []byte, s string, table *[256]bool) []byte {
	const hex = "0123456789ABCDEF"
	if !escape.IsSafe(s) {
		s = escape.String(s)
	}
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && !table[s[j]] {
			j++
		}
		b = append(b, s[i:j]...)
		if j == len(s) {
			break
		}
		b = append(b, '%', hex[s[j]>>4], hex[s[j]&0xf])
		i = j + 1
	}
	return b
}
