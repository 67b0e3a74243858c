package report

import (
	"bufio"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"

	"github.com/fatih/color"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// Text writes one line per finding, in the format editors and CI logs
// understand: FILE:LINE:COL: SEVERITY RULE: MESSAGE; did you mean X?
// Everything taken from the input is escaped (see package escape).
type Text struct {
	// Color turns on ANSI colours.
	Color bool
}

// Report writes the findings.
func (t *Text) Report(w io.Writer, _ *Run, findings iter.Seq[*lint.Finding]) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	p := t.palette()
	buf := make([]byte, 0, 256)
	for f := range findings {
		buf = p.appendFinding(buf[:0], f)
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// span is the escape sequences around one coloured part: empty when
// colour is off.
type span struct{ on, off string }

type palette struct {
	loc, rule, sugg span
	sev             [4]span
}

// palette renders each colour once through fatih/color, which decides the
// sequences, and keeps them for every line.
func (t *Text) palette() *palette {
	mk := func(attrs ...color.Attribute) span {
		if !t.Color {
			return span{}
		}
		c := color.New(attrs...)
		c.EnableColor()
		on, off, _ := strings.Cut(c.Sprint("\x00"), "\x00")
		return span{on, off}
	}
	return &palette{
		loc:  mk(color.Bold),
		rule: mk(color.FgHiBlack),
		sugg: mk(color.FgGreen),
		sev:  [4]span{{}, mk(color.FgCyan), mk(color.FgYellow), mk(color.FgRed, color.Bold)},
	}
}

// appendFinding appends one line:
// FILE:LINE:COL: SEVERITY RULE: MESSAGE; did you mean X?
func (p *palette) appendFinding(b []byte, f *lint.Finding) []byte {
	b = append(b, p.loc.on...)
	b = escape.AppendBytes(b, f.File)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(f.Line), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(f.Column), 10)
	b = append(b, ':')
	b = append(b, p.loc.off...)
	b = append(b, ' ')
	sev := p.sev[min(int(f.Severity), 3)]
	b = append(b, sev.on...)
	b = append(b, f.Severity.String()...)
	b = append(b, sev.off...)
	b = append(b, ' ')
	b = append(b, p.rule.on...)
	b = append(b, f.Rule...)
	b = append(b, p.rule.off...)
	b = append(b, ": "...)
	b = escape.AppendBytes(b, f.Message)
	if f.Suggestion != "" {
		b = append(b, "; did you mean "...)
		b = append(b, p.sugg.on...)
		b = escape.AppendBytes(b, f.Suggestion)
		b = append(b, p.sugg.off...)
		b = append(b, '?')
	}
	return append(b, '\n')
}

// SummaryLine says in one line what a run found, for standard error:
// "2 errors, 1 warning in 10,000 addresses, 57 domains" ("about 6,012,345
// domains" when they were estimated). An incomplete run is not said to
// have no problems: it says that some input was not checked.
func SummaryLine(s Summary) string {
	var parts []string
	for _, c := range []struct {
		n    int
		name string
	}{{s.Errors, "error"}, {s.Warnings, "warning"}, {s.Infos, "info"}} {
		if c.n > 0 {
			parts = append(parts, plural(c.n, c.name))
		}
	}
	found := "no problems"
	if s.Incomplete {
		found = "no findings"
	}
	if len(parts) > 0 {
		found = strings.Join(parts, ", ")
	}
	domains := plural(s.Domains, "domain")
	if s.DomainsEstimated {
		domains = "about " + domains
	}
	line := fmt.Sprintf("%s in %s, %s", found, plural(s.Addresses, "address"), domains)
	if s.Incomplete {
		line += "; some input could not be checked (see above)"
	}
	switch {
	case s.Ignored > 0 && s.BaselineUnwritten:
		line += "; " + GroupDigits(int64(s.Ignored)) + " not reported, for a baseline that was not written"
	case s.Ignored > 0:
		line += "; " + GroupDigits(int64(s.Ignored)) + " ignored"
	}
	return line
}

func plural(n int, word string) string {
	s := GroupDigits(int64(n)) + " " + word
	if n != 1 {
		if strings.HasSuffix(word, "s") {
			return s + "es"
		}
		return s + "s"
	}
	return s
}

// GroupDigits writes n with thousands separators: 10,000.
func GroupDigits(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
