package cli

import (
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

func run(t *testing.T, stdin string, tty bool, args ...string) (code int, out, errOut string) {
	t.Helper()
	ios, o, e := iostreams.Test(stdin)
	ios.InTTY = tty
	code = Main(append(args, "--no-config"), ios)
	return code, o.String(), e.String()
}

func TestNoInputOnTerminalIsUsageError(t *testing.T) {
	code, _, errOut := run(t, "", true, "check")
	if code != int(exitcode.Trouble) || !strings.Contains(errOut, "no input") {
		t.Errorf("code %d, stderr %q", code, errOut)
	}
}

func TestStdinWhenPiped(t *testing.T) {
	code, out, errOut := run(t, "a..b@example.com\n", false, "check")
	if code != int(exitcode.Findings) || !strings.HasPrefix(out, "-:1:3: error syntax") || !strings.Contains(errOut, "1 error in 1 address") {
		t.Errorf("code %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestQuietAndFailOn(t *testing.T) {
	code, _, errOut := run(t, "bob@gmial.com\n", false, "check", "-q", "--fail-on", "error")
	if code != 0 || errOut != "" {
		t.Errorf("code %d, stderr %q", code, errOut)
	}
}

func TestUseColor(t *testing.T) {
	for _, tc := range []struct {
		mode    string
		tty     bool
		noColor string
		want    bool
	}{
		{"auto", true, "", true},
		{"auto", false, "", false},
		{"auto", true, "1", false},
		{"always", false, "1", true},
		{"never", true, "", false},
	} {
		ios, _, _ := iostreams.Test("")
		ios.OutTTY = tc.tty
		ios.Getenv = func(k string) string {
			if k == "NO_COLOR" {
				return tc.noColor
			}
			return ""
		}
		got, err := (&globalOptions{color: tc.mode}).useColor(ios)
		if err != nil || got != tc.want {
			t.Errorf("%+v: got %v, %v", tc, got, err)
		}
	}
}

func TestExplainEveryRule(t *testing.T) {
	for _, id := range []string{"syntax", "unknown-tld", "tld-typo", "domain-typo", "sensitive-tld"} {
		code, out, _ := run(t, "", false, "explain", id)
		if code != 0 || !strings.HasPrefix(out, id+": ") || !strings.Contains(out, "Default severity") {
			t.Errorf("explain %s: code %d, %q", id, code, out)
		}
	}
}

// Addresses of one argument are placed at their code-point columns.
func TestArgumentColumns(t *testing.T) {
	_, out, _ := run(t, "", false, "check", "--format", "sarif", "Jörg <j@gmial.com>, ü@gmial.com, Ünal <u@gmial.com>")
	for _, want := range []string{"7", "21", "40"} {
		if !strings.Contains(out, `"region":{"startLine":1,"startColumn":`+want+"}") {
			t.Errorf("no finding at %s in %q", want, out)
		}
	}
}

// An argument of several lines, as "$(cat list)" gives, is read as a text
// list's lines are: each line's address is checked and suggested alone,
// located by its byte column in the argument.
func TestArgumentOfSeveralLines(t *testing.T) {
	_, out, _ := run(t, "", true, "check", "a@gmial.com\nb@hotmial.com\r\n")
	want := "<args>:1:1: warning domain-typo: 'gmial.com' is the well-known mail domain gmail.com with two letters swapped ('ia' for 'ai'); did you mean a@gmail.com?\n" +
		"<args>:1:13: warning domain-typo: 'hotmial.com' is the well-known mail domain hotmail.com with two letters swapped ('ia' for 'ai'); did you mean b@hotmail.com?\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
