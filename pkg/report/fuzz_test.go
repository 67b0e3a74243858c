package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// FuzzReporters: whatever the address, message and file name, every
// format writes valid UTF-8; JSON, JSON Lines and SARIF parse; text shows
// no control or invisible character raw; each github command is one line,
// escaped as the runner's rules say.
func FuzzReporters(f *testing.F) {
	f.Add("list.csv", "bob@gmial.com", "'gmial.com' is …", "bob@gmail.com")
	f.Add("evil\x1b[2J.txt", "x\u202e@y.com", "bad\r\n::error::x", "")
	f.Add("-", "\xff\xfe@x", "%0A%25", "a@b")
	f.Fuzz(func(t *testing.T, file, addr, msg, sugg string) {
		fs := []lint.Finding{{
			Location: lint.Location{File: file, Line: 3, Column: 7}, AddressAt: lint.Location{File: file, Line: 3, Column: 7},
			Address: addr, Rule: "domain-typo", Severity: lint.Warning, Message: msg, Suggestion: sugg, Fixable: sugg != "",
		}}
		run := &Run{Tool: "fuzz", Rules: []lint.Doc{{ID: "domain-typo", Summary: "s", Explanation: msg}}}
		for _, format := range Formats {
			r, _ := New(format, format == "text")
			var b bytes.Buffer
			if err := r.Report(&b, run, Slice(fs)); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out := b.String()
			if !utf8.ValidString(out) {
				t.Fatalf("%s: output is not valid UTF-8: %q", format, out)
			}
			switch format {
			case "json", "sarif":
				if !json.Valid(b.Bytes()) {
					t.Fatalf("%s: output does not parse: %q", format, out)
				}
				if format == "sarif" {
					for _, fix := range sarifFixes(t, b.Bytes()) {
						if fix != sugg {
							t.Fatalf("sarif: a fix inserts %q for the suggestion %q", fix, sugg)
						}
					}
				}
			case "jsonl":
				sc := bufio.NewScanner(&b)
				for sc.Scan() {
					if !json.Valid(sc.Bytes()) {
						t.Fatalf("jsonl: line does not parse: %q", sc.Text())
					}
				}
			case "github":
				if strings.Count(strings.TrimSuffix(out, "\n"), "\n") != 0 || strings.Contains(out, "\r") {
					t.Fatalf("github: a finding broke out of its line: %q", out)
				}
				if want := githubOracle(&fs[0]); out != want {
					t.Fatalf("github: %q, the runner's escaping gives %q", out, want)
				}
			case "text":
				plain := stripColor(out)
				for _, r := range strings.TrimSuffix(plain, "\n") {
					if escape.Unsafe(r) {
						t.Fatalf("text: raw %U in %q", r, plain)
					}
				}
			}
		}
	})
}

// stripColor removes the SGR sequences the text reporter writes itself.
func stripColor(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == ';') {
				j++
			}
			if j < len(s) && s[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
