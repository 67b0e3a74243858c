package report

import (
	"bufio"
	"fmt"
	"io"
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
func (t *Text) Report(w io.Writer, _ *Run, findings []lint.Finding) error {
	bw := bufio.NewWriter(w)
	p := t.palette()
	var b strings.Builder
	for i := range findings {
		b.Reset()
		t.format(&b, &findings[i], p)
		b.WriteByte('\n')
		if _, err := bw.WriteString(b.String()); err != nil {
			return err
		}
	}
	return bw.Flush()
}

type palette struct {
	loc, rule, sugg *color.Color
	sev             [4]*color.Color
}

func (t *Text) palette() *palette {
	p := &palette{
		loc:  color.New(color.Bold),
		rule: color.New(color.FgHiBlack),
		sugg: color.New(color.FgGreen),
		sev: [4]*color.Color{
			color.New(), color.New(color.FgCyan), color.New(color.FgYellow), color.New(color.FgRed, color.Bold),
		},
	}
	for _, c := range append([]*color.Color{p.loc, p.rule, p.sugg}, p.sev[:]...) {
		if t.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return p
}

func (t *Text) format(b *strings.Builder, f *lint.Finding, p *palette) {
	b.WriteString(p.loc.Sprintf("%s:%d:%d:", escape.String(f.File), f.Line, f.Column))
	b.WriteByte(' ')
	b.WriteString(p.sev[min(int(f.Severity), 3)].Sprint(f.Severity.String()))
	b.WriteByte(' ')
	b.WriteString(p.rule.Sprint(f.Rule))
	b.WriteString(": ")
	b.WriteString(escape.String(f.Message))
	if f.Suggestion != "" {
		b.WriteString("; did you mean ")
		b.WriteString(p.sugg.Sprint(escape.String(f.Suggestion)))
		b.WriteString("?")
	}
}

// SummaryLine says in one line what a run found, for standard error:
// "2 errors, 1 warning in 10,000 addresses, 57 domains".
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
	if len(parts) > 0 {
		found = strings.Join(parts, ", ")
	}
	return fmt.Sprintf("%s in %s, %s", found, plural(s.Addresses, "address"), plural(s.Domains, "domain"))
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
