package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// docsForTest stands in for the rules' documentation.
func docsForTest() []lint.Doc {
	return []lint.Doc{
		{ID: "syntax", Summary: "The address is not a mailbox", Severity: lint.Error, Explanation: "First paragraph.\n\nSecond.", Fixable: true,
			Examples: []lint.Example{{Address: "a..b@x.com", Finding: "two dots"}, {Address: "a@x.com"}}},
		{ID: "domain-typo", Summary: "Near miss", Severity: lint.Warning, Explanation: "Compares.", FalsePositives: "Rarely."},
		{ID: "sensitive-tld", Summary: "Policy", Severity: lint.Warning, Explanation: "Policy."},
	}
}

func sarifFindings() []lint.Finding {
	fs := sampleFindings()
	fs[0].AddressAt = fs[0].Location
	fs[1].AddressAt = lint.Location{File: "list.csv", Line: 4, Column: 1}
	fs[1].Location.Char = 2
	fs = append(fs, lint.Finding{Location: lint.Location{File: lint.ArgsFile, Line: 2, Column: 5}, Address: "x@y.cm", Rule: "tld-typo",
		Severity: lint.Warning, Message: "country", Suggestion: "x@y.com"})
	fs = append(fs, lint.Finding{Location: lint.Location{File: "dir with space/ü.txt", Line: 1, Column: 1}, Address: "q@r.com", Rule: "syntax", Severity: lint.Error, Message: "m"})
	return fs
}

func TestSARIFGoldenAndSchema(t *testing.T) {
	run := sampleRun()
	run.Rules = docsForTest()
	var b bytes.Buffer
	if err := (SARIF{}).Report(&b, run, Slice(sarifFindings())); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.sarif", b.Bytes())
	if !utf8.Valid(b.Bytes()) {
		t.Error("SARIF output is not valid UTF-8")
	}
	validateSARIF(t, b.Bytes())

	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID              string            `json:"ruleId"`
				Level               string            `json:"level"`
				PartialFingerprints map[string]string `json:"partialFingerprints"`
				Fixes               []any             `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	rs := doc.Runs[0].Results
	if len(rs) != 6 || rs[0].Level != "warning" || rs[3].Level != "note" || len(rs[0].Fixes) != 1 || len(rs[4].Fixes) != 0 {
		t.Errorf("results %+v", rs)
	}
	if rs[0].PartialFingerprints["rcptlintFinding/v1"] == "" {
		t.Error("results need a partial fingerprint")
	}
}

// A SARIF fix replaces the address with exactly the suggestion's bytes;
// when they are not UTF-8 (which SARIF text cannot carry) there is no
// fix, rather than one that writes the escape \xff into the file. Nor is
// there one for a suggestion --fix would not apply (the likeliest of
// several: hotmail.fe), which the message gives instead.
func TestSARIFFixIsExact(t *testing.T) {
	for _, tc := range []struct {
		addr, sugg string
		fix        bool
	}{
		{"jörg@gmial.com", "jörg@gmail.com", true},
		{"unsure", "ann@hotmail.de", false},
		{"bad\xff@gmial.com", "bad\xff@gmail.com", false},
		{"bob@gmial.com\xfe", "bob@gmail.com", false},
		// Decoded or unfolded: its length in the file is not its own.
		{"opaque", "bob@gmail.com", false},
	} {
		at := lint.Location{File: "list.txt", Line: 2, Column: 1, Char: 1}
		fixable := true
		switch tc.addr {
		case "opaque":
			tc.addr, at.Opaque = "bob@gmial.com", true
		case "unsure":
			tc.addr, fixable = "ann@hotmail.fe", false
		}
		f := lint.Finding{Location: at, AddressAt: at, Address: tc.addr, Rule: "domain-typo", Severity: lint.Warning, Message: "m", Suggestion: tc.sugg, Fixable: fixable}
		var b bytes.Buffer
		if err := (SARIF{}).Report(&b, &Run{Tool: "test"}, Slice([]lint.Finding{f})); err != nil {
			t.Fatal(err)
		}
		fixes := sarifFixes(t, b.Bytes())
		switch {
		case !tc.fix && len(fixes) != 0:
			t.Errorf("%q: a fix %+v for an address that is not UTF-8, opaque or fixable", tc.addr, fixes)
		case tc.fix && (len(fixes) != 1 || fixes[0] != tc.sugg):
			t.Errorf("%q: fixes %q, want one inserting %q", tc.addr, fixes, tc.sugg)
		}
	}
}

// sarifFixes returns the text every fix of a SARIF log inserts.
func sarifFixes(t *testing.T, log []byte) []string {
	t.Helper()
	var doc struct {
		Runs []struct {
			Results []struct {
				Fixes []struct {
					ArtifactChanges []struct {
						Replacements []struct {
							InsertedContent struct{ Text string } `json:"insertedContent"`
						} `json:"replacements"`
					} `json:"artifactChanges"`
				} `json:"fixes"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(log, &doc); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, run := range doc.Runs {
		for _, r := range run.Results {
			for _, f := range r.Fixes {
				for _, c := range f.ArtifactChanges {
					for _, rp := range c.Replacements {
						out = append(out, rp.InsertedContent.Text)
					}
				}
			}
		}
	}
	return out
}

// validateSARIF checks a log against the SARIF 2.1.0 schema in
// ../shared/data, which the project does not ship.
func validateSARIF(t *testing.T, log []byte) {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", "sarif-schema-2.1.0.json")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("SARIF schema not found at %s (the shared data folder is absent); skipping schema validation", path)
	}
	defer f.Close()
	schemaDoc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("sarif-schema-2.1.0.json", schemaDoc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(log))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
		t.Errorf("the SARIF log does not validate: %v", err)
	}
}

func TestGitHubGolden(t *testing.T) {
	fs := sarifFindings()
	fs = append(fs, lint.Finding{Location: lint.Location{File: "a,b:c%.txt", Line: 1, Column: 1}, Address: "x@y.com", Rule: "syntax", Severity: lint.Error,
		Message: "evil\r\n::error::injected %0A"})
	var b bytes.Buffer
	if err := (GitHub{}).Report(&b, sampleRun(), Slice(fs)); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.github", b.Bytes())
	sc := bufio.NewScanner(&b)
	n := 0
	for sc.Scan() {
		n++
		if line := sc.Text(); !strings.HasPrefix(line, "::") || strings.ContainsAny(line, "\r") {
			t.Errorf("line %d is not one well-formed command: %q", n, line)
		}
	}
	if n != len(fs) {
		t.Errorf("%d lines for %d findings: a message broke out of its command", n, len(fs))
	}
}

func TestJSONLines(t *testing.T) {
	var b bytes.Buffer
	j := &JSONLines{}
	if err := j.Report(&b, sampleRun(), Slice(sampleFindings())); err != nil {
		t.Fatal(err)
	}
	golden(t, "report.jsonl", b.Bytes())
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != len(sampleFindings()) {
		t.Fatalf("%d lines", len(lines))
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil || m["rule"] == nil {
			t.Errorf("line %q: %v", l, err)
		}
	}
}

// A streaming reporter writes each finding before the run ends.
func TestJSONLinesStreams(t *testing.T) {
	var b bytes.Buffer
	j := &JSONLines{}
	j.Begin(&b)
	fs := sampleFindings()
	for i := 0; i < 2000; i++ {
		j.Finding(&fs[0])
	}
	if b.Len() == 0 {
		t.Error("nothing written before End: the whole run is being buffered")
	}
	j.End()
}

func TestFileURI(t *testing.T) {
	for in, want := range map[string]string{
		"list.csv":         "list.csv",
		"dir/sub/list.csv": "dir/sub/list.csv",
		"a b/ü#1.txt":      "a%20b/%C3%BC%231.txt",
		"/abs/path/x.txt":  "file:///abs/path/x.txt",
		"-":                "-",
		"../up/list.txt":   "../up/list.txt",
	} {
		if got := fileURI(in); got != want {
			t.Errorf("fileURI(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSARIFLocationsFromTheRoot: a file below the repository's root is
// named relative to it, with uriBaseId %SRCROOT%, whatever the folder
// rcptlint ran in; a file outside is an absolute file URI; the log still
// validates.
func TestSARIFLocationsFromTheRoot(t *testing.T) {
	root := filepath.FromSlash("/repo")
	tests := []struct {
		dir, file, uri, base string
	}{
		{dir: "/repo/lists", file: "team.csv", uri: "lists/team.csv", base: "%SRCROOT%"},
		{dir: "/repo", file: "lists/team.csv", uri: "lists/team.csv", base: "%SRCROOT%"},
		{dir: "/repo/lists/deep", file: "../team.csv", uri: "lists/team.csv", base: "%SRCROOT%"},
		{dir: "/elsewhere", file: "/repo/a b.csv", uri: "a%20b.csv", base: "%SRCROOT%"},
		{dir: "/repo/lists", file: "../../outside.csv", uri: "file:///outside.csv"},
		{dir: "/repo", file: "/repo-other/x.csv", uri: "file:///repo-other/x.csv"},
	}
	for _, tt := range tests {
		run := sampleRun()
		run.Root, run.Dir = root, filepath.FromSlash(tt.dir)
		f := lint.Finding{Location: lint.Location{File: filepath.FromSlash(tt.file), Line: 1, Column: 1}, Address: "a@gmial.com",
			Rule: "domain-typo", Severity: lint.Warning, Message: "m", Suggestion: "a@gmail.com"}
		f.AddressAt = f.Location
		var b bytes.Buffer
		if err := (SARIF{}).Report(&b, run, Slice([]lint.Finding{f})); err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Runs []struct {
				OriginalURIBaseIDs map[string]struct {
					URI string `json:"uri"`
				} `json:"originalUriBaseIds"`
				Results []struct {
					Locations []struct {
						PhysicalLocation struct {
							ArtifactLocation struct {
								URI       string `json:"uri"`
								URIBaseID string `json:"uriBaseId"`
							} `json:"artifactLocation"`
						} `json:"physicalLocation"`
					} `json:"locations"`
				} `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		got := doc.Runs[0].Results[0].Locations[0].PhysicalLocation.ArtifactLocation
		if got.URI != tt.uri || got.URIBaseID != tt.base {
			t.Errorf("%s in %s: uri %q base %q, want %q base %q", tt.file, tt.dir, got.URI, got.URIBaseID, tt.uri, tt.base)
		}
		if base := doc.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI; base != "file:///repo/" {
			t.Errorf("originalUriBaseIds %%SRCROOT%% is %q, want file:///repo/", base)
		}
		validateSARIF(t, b.Bytes())
	}
}

// A suggestion --fix would not apply (the likeliest of several, which the
// message names) is marked "unsure" in JSON and JSON lines, for a script
// that applies suggestions to leave it as --fix does.
func TestJSONMarksUnsureSuggestions(t *testing.T) {
	f := lint.Finding{Location: lint.Location{File: "list.txt", Line: 1, Column: 1}, Address: "ann@hotmail.fe", Rule: "unknown-tld", Severity: lint.Error,
		Message: "m", Suggestion: "ann@hotmail.de"}
	sure := f
	sure.Fixable = true
	for _, tc := range []struct {
		f    lint.Finding
		want string
	}{
		{f, `"suggestion":"ann@hotmail.de","unsure":true}`},
		{sure, `"suggestion":"ann@hotmail.de"}`},
	} {
		got := string(AppendFinding(nil, &tc.f))
		if !strings.HasSuffix(got, tc.want) {
			t.Errorf("fixable %v: %s, want it to end %s", tc.f.Fixable, got, tc.want)
		}
	}
}

// A SARIF fix is what --fix would make: the findings of one address that
// suggest different repairs (ann@@gmial.com: the '@' doubled, or the
// domain), or one beside the likeliest of several (ann@@hotmail.fe), give
// none; findings that agree give theirs.
func TestSARIFFixesWhatFixWould(t *testing.T) {
	at := lint.Location{File: "list.txt", Line: 2, Column: 1, Char: 1}
	finding := func(rule, sugg string, fixable bool) lint.Finding {
		return lint.Finding{Location: at, AddressAt: at, Address: "ann@@gmial.com", Rule: rule, Severity: lint.Error, Message: "m", Suggestion: sugg, Fixable: fixable}
	}
	for _, tc := range []struct {
		name  string
		fs    []lint.Finding
		fixes int
	}{
		{"one", []lint.Finding{finding("syntax", "ann@gmial.com", true)}, 1},
		{"agreeing", []lint.Finding{finding("syntax", "ann@gmail.com", true), finding("domain-typo", "ann@gmail.com", true)}, 2},
		// Each mends its own part: the fix is the two together.
		{"combining", []lint.Finding{finding("syntax", "ann@gmial.com", true), finding("domain-typo", "ann@@gmail.com", true)}, 2},
		{"disagreeing", []lint.Finding{finding("domain-typo", "ann@@gmail.com", true), finding("outlier", "ann@@gmx.com", true)}, 0},
		{"beside an unsure one", []lint.Finding{finding("unknown-tld", "ann@@hotmail.de", false), finding("syntax", "ann@hotmail.fe", true)}, 0},
		{"a finding without one first", []lint.Finding{finding("duplicate", "", false), finding("syntax", "ann@gmial.com", true)}, 1},
	} {
		var b bytes.Buffer
		if err := (SARIF{}).Report(&b, &Run{Tool: "test"}, Slice(tc.fs)); err != nil {
			t.Fatal(err)
		}
		got := sarifFixes(t, b.Bytes())
		if len(got) != tc.fixes {
			t.Errorf("%s: fixes %q, want %d", tc.name, got, tc.fixes)
		}
		if tc.name == "combining" && len(got) > 0 && (got[0] != "ann@gmail.com" || got[len(got)-1] != "ann@gmail.com") {
			t.Errorf("%s: fixes %q, want ann@gmail.com", tc.name, got)
		}
		validateSARIF(t, b.Bytes())
	}
}

// Findings read back from a store are views of a buffer the next one
// overwrites: what SARIF holds of an address it copies whole, rule and
// file names too (a rule ID held as a view turned into pieces of other
// addresses past a few thousand findings).
func TestSARIFHeldFindingsAreCopies(t *testing.T) {
	const n = 50
	seq := func(yield func(*lint.Finding) bool) {
		buf := make([]byte, 0, 256)
		for i := range n {
			buf = buf[:0]
			field := func(s string) string {
				at := len(buf)
				buf = append(buf, s...)
				return unsafe.String(&buf[at], len(s))
			}
			addr := fmt.Sprintf("user%d@gmial.com", i)
			at := lint.Location{File: field("list.txt"), Line: i + 1, Column: 1, Char: 1}
			f := lint.Finding{Location: at, AddressAt: at, Address: field(addr), Rule: field("domain-typo"), Severity: lint.Warning,
				Message: field("m " + addr), Suggestion: field(fmt.Sprintf("user%d@gmail.com", i)), Fixable: true}
			if !yield(&f) {
				return
			}
			// The next finding overwrites what this one viewed.
			for j := range buf {
				buf[j] = 'X'
			}
		}
	}
	var b bytes.Buffer
	if err := (SARIF{}).Report(&b, &Run{Tool: "test"}, seq); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Runs []struct {
			Results []struct {
				RuleID  string                `json:"ruleId"`
				Message struct{ Text string } `json:"message"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	rs := doc.Runs[0].Results
	if len(rs) != n {
		t.Fatalf("%d results, want %d", len(rs), n)
	}
	for i, r := range rs {
		if want := fmt.Sprintf("m user%d@gmial.com; did you mean user%d@gmail.com?", i, i); r.RuleID != "domain-typo" || r.Message.Text != want {
			t.Errorf("result %d: rule %q, message %q", i, r.RuleID, r.Message.Text)
		}
	}
	if got := sarifFixes(t, b.Bytes()); len(got) != n || got[n-1] != fmt.Sprintf("user%d@gmail.com", n-1) {
		t.Errorf("fixes %q", got)
	}
}
