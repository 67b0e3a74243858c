package report

import (
	"bufio"
	"io"
	"iter"
	"strconv"
	"strings"

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
	bw := bufio.NewWriter(w)
	var b strings.Builder
	for f := range findings {
		b.Reset()
		b.WriteString("::")
		b.WriteString(githubCommands[f.Severity])
		b.WriteByte(' ')
		if isFile(f.File) {
			b.WriteString("file=")
			b.WriteString(githubProperty(f.File))
			b.WriteString(",line=")
			b.WriteString(strconv.Itoa(f.Line))
			b.WriteString(",col=")
			b.WriteString(strconv.Itoa(f.CharColumn()))
			b.WriteByte(',')
		}
		b.WriteString("title=")
		b.WriteString(githubProperty("rcptlint " + f.Rule))
		b.WriteString("::")
		msg := f.Message
		if !isFile(f.File) {
			msg = f.Address + ": " + msg
		}
		if f.Suggestion != "" {
			msg += "; did you mean " + f.Suggestion + "?"
		}
		b.WriteString(githubData(msg))
		b.WriteByte('\n')
		if _, err := bw.WriteString(b.String()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// githubData escapes a command's message: %, CR and LF. Other control and
// invisible characters are shown escaped first, as in the text format.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(escape.String(s))
}

// githubProperty escapes a property value: as data, plus ':' and ','.
func githubProperty(s string) string {
	return strings.NewReplacer(":", "%3A", ",", "%2C").Replace(githubData(s))
}
