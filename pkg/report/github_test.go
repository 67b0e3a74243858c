package report

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// githubOracle is the GitHub command of a finding as the runner's rules
// state it: the message and each property as a whole, shown escaped and
// then percent-encoded. GitHub escapes each part on its own instead.
func githubOracle(f *lint.Finding) string {
	data := func(s string) string {
		return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(escape.String(s))
	}
	prop := func(s string) string { return strings.NewReplacer(":", "%3A", ",", "%2C").Replace(data(s)) }
	var b strings.Builder
	b.WriteString("::" + githubCommands[f.Severity] + " ")
	if isFile(f.File) {
		fmt.Fprintf(&b, "file=%s,line=%d,col=%d,", prop(f.File), f.Line, f.CharColumn())
	}
	msg := f.Message
	if !isFile(f.File) {
		msg = f.Address + ": " + msg
	}
	if f.Suggestion != "" {
		msg += "; did you mean " + f.Suggestion + "?"
	}
	b.WriteString("title=" + prop("rcptlint "+f.Rule) + "::" + data(msg) + "\n")
	return b.String()
}

func TestGitHubEscapesAsTheRunner(t *testing.T) {
	for _, f := range []lint.Finding{
		{Location: lint.Location{File: "a,b:c%d.txt", Line: 2, Column: 4, Char: 3}, Address: "x@y.com", Rule: "syntax", Severity: lint.Error,
			Message: "evil\r\n::error::injected %0A", Suggestion: "x,y:z%@y.com"},
		{Location: lint.Location{File: "-", Line: 1, Column: 1}, Address: "ab\xc3", Rule: "syntax", Severity: lint.Warning,
			Message: "\x80cut \xe2\x80", Suggestion: "\xaeq@r.com"},
		{Location: lint.Location{File: lint.ArgsFile, Line: 3, Column: 1}, Address: "x\u202e%@y.com", Rule: "duplicate", Severity: lint.Info,
			Message: "jörg@müller.de appears again; first at <args>:1:1"},
		{Location: lint.Location{File: "evil\x1b[2J,\u200b.txt", Line: 9, Column: 1}, Address: "q@r.com", Rule: "tld-typo", Severity: lint.Off,
			Message: "", Suggestion: ""},
	} {
		got := string(appendGitHub(nil, &f))
		if want := githubOracle(&f); got != want {
			t.Errorf("%+v:\n got %q\nwant %q", f, got, want)
		}
	}
}

// Writing a report allocates the same, whatever the number of findings:
// findings cost time, not garbage.
func TestReportAllocations(t *testing.T) {
	fs := make([]lint.Finding, 2000)
	for i := range fs {
		fs[i] = sampleFindings()[i%2]
		fs[i].Line = i + 1
		fs[i].Address = "user" + strconv.Itoa(i) + "@gmial.com"
	}
	run := sampleRun()
	run.Rules = docsForTest()
	for _, format := range Formats {
		r, _ := New(format, format == "text")
		allocs := func(n int) float64 {
			return testing.AllocsPerRun(3, func() {
				if err := r.Report(&bytes.Buffer{}, run, Slice(fs[:n])); err != nil {
					t.Fatal(err)
				}
			})
		}
		// Only the output buffer's growth may cost more.
		few, many := allocs(200), allocs(len(fs))
		if many-few > 20 {
			t.Errorf("%s: %.0f allocations for 200 findings, %.0f for %d", format, few, many, len(fs))
		}
	}
}
