package rules_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// fixtureCase is one line of testdata/rules/<rule>.txt.
type fixtureCase struct {
	line       int
	address    string
	want       string // severity, or "-" for no finding
	suggestion string // "" when not checked, "-" for none
	message    string // a piece the message must contain
}

// readFixture parses a rule fixture. Lines are: address, tab, expectation
// ("-" or a severity), optionally tab and suggestion ("-" for none),
// optionally tab and a piece of the message. A line starting "q:" holds a
// Go-quoted address. Directives "#! key: a, b" set rule options.
func readFixture(t *testing.T, name string) (rules.Options, []fixtureCase) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "testdata", "rules", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var opts rules.Options
	var cases []fixtureCase
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if d, ok := strings.CutPrefix(line, "#! "); ok {
			if err := applyDirective(&opts, d); err != nil {
				t.Fatalf("%s:%d: %v", name, n, err)
			}
			continue
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") && !strings.Contains(line, "\t") {
			continue
		}
		fields := strings.Split(line, "\t")
		c := fixtureCase{line: n, address: fields[0], want: "-"}
		if q, ok := strings.CutPrefix(c.address, "q:"); ok {
			if c.address, err = strconv.Unquote(q); err != nil {
				t.Fatalf("%s:%d: %v", name, n, err)
			}
		}
		if len(fields) > 1 {
			c.want = fields[1]
		}
		if len(fields) > 2 {
			c.suggestion = fields[2]
		}
		if len(fields) > 3 {
			c.message = fields[3]
		}
		cases = append(cases, c)
	}
	return opts, cases
}

// runFixture checks every case of a rule's fixture against that rule's
// findings, with all rules running as they do for a user.
// applyDirective applies a "key: a, b" directive of a fixture or corpus
// file to opts.
func applyDirective(opts *rules.Options, d string) error {
	key, vals, _ := strings.Cut(d, ":")
	var list []string
	for _, v := range strings.Split(vals, ",") {
		if v = strings.TrimSpace(v); v != "" {
			list = append(list, v)
		}
	}
	switch key {
	case "trusted":
		opts.Trusted = append(opts.Trusted, list...)
	case "known":
		opts.Known = append(opts.Known, list...)
	case "sensitive-tlds":
		opts.Sensitive = append(opts.Sensitive, list...)
	default:
		return fmt.Errorf("unknown directive %q", key)
	}
	return nil
}

func runFixture(t *testing.T, rule string) int {
	t.Helper()
	return runFixtureFile(t, rule, strings.ReplaceAll(rule, "-", "_")+".txt")
}

// runFixtureFile checks a rule against another fixture file of its own.
func runFixtureFile(t *testing.T, rule, file string) int {
	t.Helper()
	opts, cases := readFixture(t, file)
	env, err := rules.NewEnv(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		engine, err := lint.New(lint.Options{Rules: rules.All(env)})
		if err != nil {
			t.Fatal(err)
		}
		var got []lint.Finding
		engine.Check(c.address, lint.Location{File: file, Line: c.line, Column: 1}, func(f *lint.Finding) {
			if f.Rule == rule {
				got = append(got, f.Clone())
			}
		})
		checkCase(t, file, c, got)
	}
	return len(cases)
}

func checkCase(t *testing.T, file string, c fixtureCase, got []lint.Finding) {
	t.Helper()
	where := file + ":" + strconv.Itoa(c.line) + ": " + strconv.Quote(c.address)
	if c.want == "-" {
		for _, f := range got {
			t.Errorf("%s: want no finding, got %s %q (suggestion %q)", where, f.Severity, f.Message, f.Suggestion)
		}
		return
	}
	if len(got) != 1 {
		t.Errorf("%s: want one %s finding, got %d", where, c.want, len(got))
		return
	}
	f := got[0]
	if f.Severity.String() != c.want {
		t.Errorf("%s: severity %s, want %s (%q)", where, f.Severity, c.want, f.Message)
	}
	switch c.suggestion {
	case "":
	case "-":
		if f.Suggestion != "" {
			t.Errorf("%s: suggestion %q, want none", where, f.Suggestion)
		}
	default:
		if f.Suggestion != c.suggestion {
			t.Errorf("%s: suggestion %q, want %q", where, f.Suggestion, c.suggestion)
		}
	}
	if c.message != "" && !strings.Contains(f.Message, c.message) {
		t.Errorf("%s: message %q does not contain %q", where, f.Message, c.message)
	}
}
