package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

var update = flag.Bool("update", false, "rewrite the golden files from the actual output")

func sampleFindings() []lint.Finding {
	return []lint.Finding{
		{Location: lint.Location{File: "list.csv", Line: 3, Column: 7}, Address: "bob@gmial.com", Rule: "domain-typo", Severity: lint.Warning,
			Message: "'gmial.com' is the well-known mail domain gmail.com with two letters swapped ('ia' for 'ai')", Suggestion: "bob@gmail.com", Fixable: true},
		{Location: lint.Location{File: "list.csv", Line: 4, Column: 3}, Address: "a..b@example.com", Rule: "syntax", Severity: lint.Error,
			Message: "local part has two dots in a row", Suggestion: "a.b@example.com", Fixable: true},
		{Location: lint.Location{File: "evil\x1b[2J.txt", Line: 1, Column: 1}, Address: "x\u202eoc.liamg@example.com", Rule: "syntax", Severity: lint.Error,
			Message: "local part contains the invisible or control character \\u202e"},
		{Location: lint.Location{File: "-", Line: 9, Column: 1}, Address: "ivan@example.ru\xff", Rule: "sensitive-tld", Severity: lint.Info,
			Message: "'.ru' (Russian Federation) is on the sensitive list of your configuration"},
	}
}

func sampleRun() *Run {
	return &Run{Tool: "test", Summary: Summary{Files: 2, Addresses: 10000, Domains: 57, Errors: 2, Warnings: 1, Infos: 1}}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "golden", "report", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (run go test ./pkg/report -update and review the diff)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func TestTextGolden(t *testing.T) {
	for name, color := range map[string]bool{"text.txt": false, "text-color.txt": true} {
		var b bytes.Buffer
		if err := (&Text{Color: color}).Report(&b, sampleRun(), Slice(sampleFindings())); err != nil {
			t.Fatal(err)
		}
		golden(t, name, b.Bytes())
		if !color && (strings.ContainsAny(b.String(), "\x1b\u202e") || !utf8.Valid(b.Bytes())) {
			t.Errorf("text output carries a raw control character:\n%q", b.String())
		}
	}
}

func TestJSONGolden(t *testing.T) {
	var b bytes.Buffer
	if err := (JSON{}).Report(&b, sampleRun(), Slice(sampleFindings())); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.json", b.Bytes())
	if !utf8.Valid(b.Bytes()) {
		t.Error("JSON output is not valid UTF-8")
	}
	var doc struct {
		Version  int `json:"version"`
		Findings []struct {
			File, Address, Rule, Severity, Message string
			Line, Column                           int
			Suggestion                             *string
		} `json:"findings"`
		Summary Summary `json:"summary"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != 1 || len(doc.Findings) != 4 || doc.Summary != sampleRun().Summary {
		t.Errorf("decoded %+v", doc)
	}
	if doc.Findings[0].Suggestion == nil || doc.Findings[2].Suggestion != nil {
		t.Error("suggestion must be present when there is one and left out otherwise")
	}
	if doc.Findings[2].File != "evil\x1b[2J.txt" {
		t.Errorf("escaped control characters must decode to the original: %q", doc.Findings[2].File)
	}
}

// An estimated domain count says so; an exact one adds nothing.
func TestJSONDomainsEstimated(t *testing.T) {
	for _, s := range []Summary{{Domains: 6012345, DomainsEstimated: true}, {Domains: 57}} {
		var b bytes.Buffer
		if err := (JSON{}).Report(&b, &Run{Summary: s}, Slice(nil)); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Summary map[string]any `json:"summary"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		if est, ok := doc.Summary["domains_estimated"]; ok != s.DomainsEstimated || ok && est != true {
			t.Errorf("summary %+v written as %s", s, b.String())
		}
	}
}

func TestJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := (JSON{}).Report(&b, &Run{}, Slice(nil)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"findings":[]`) {
		t.Errorf("empty findings must be [], got %s", b.String())
	}
}

func TestSummaryLine(t *testing.T) {
	for _, tc := range []struct {
		s    Summary
		want string
	}{
		{Summary{Addresses: 10000, Domains: 57, Errors: 2, Warnings: 1}, "2 errors, 1 warning in 10,000 addresses, 57 domains"},
		{Summary{Addresses: 1, Domains: 1}, "no problems in 1 address, 1 domain"},
		{Summary{Addresses: 1234567, Domains: 2, Infos: 3}, "3 infos in 1,234,567 addresses, 2 domains"},
		{Summary{Addresses: 7000000, Domains: 6012345, DomainsEstimated: true}, "no problems in 7,000,000 addresses, about 6,012,345 domains"},
		{Summary{Incomplete: true}, "no findings in 0 addresses, 0 domains; some input could not be checked (see above)"},
		{Summary{Addresses: 3, Domains: 2, Warnings: 1, Incomplete: true}, "1 warning in 3 addresses, 2 domains; some input could not be checked (see above)"},
		{Summary{Addresses: 9, Domains: 5, Warnings: 1, Ignored: 5}, "1 warning in 9 addresses, 5 domains; 5 ignored"},
		{Summary{Addresses: 9, Domains: 5, Ignored: 1, Incomplete: true, BaselineUnwritten: true}, "no findings in 9 addresses, 5 domains; some input could not be checked (see above); 1 not reported, for a baseline that was not written"},
	} {
		if got := SummaryLine(tc.s); got != tc.want {
			t.Errorf("SummaryLine(%+v) = %q, want %q", tc.s, got, tc.want)
		}
	}
}

func TestNew(t *testing.T) {
	for _, f := range Formats {
		if _, err := New(f, false); err != nil {
			t.Errorf("New(%q): %v", f, err)
		}
	}
	if _, err := New("xml", false); err == nil {
		t.Error("New(xml) succeeded")
	}
}
