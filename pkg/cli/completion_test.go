package cli

import (
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/input"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/pkg/report"
)

// Every value the shell completes is one the flag accepts.
func TestCompletedValuesAreAccepted(t *testing.T) {
	for _, f := range report.Formats {
		if _, err := report.New(f, false); err != nil {
			t.Errorf("--format %s: %v", f, err)
		}
	}
	for _, l := range config.FailOnLevels {
		if _, err := parseFailOn(l); err != nil {
			t.Errorf("--fail-on %s: %v", l, err)
		}
	}
	for _, m := range emitModes {
		if err := (&checkOptions{emit: m}).checkModes(nil); err != nil {
			t.Errorf("--emit %s: %v", m, err)
		}
	}
	ios, _, _ := iostreams.Test("")
	for _, m := range colorModes {
		if _, err := (&globalOptions{color: m}).useColor(ios); err != nil {
			t.Errorf("--color %s: %v", m, err)
		}
	}
	for _, f := range input.FormatNames() {
		if _, err := input.ParseFormat(f); err != nil {
			t.Errorf("--input-format %s: %v", f, err)
		}
	}
}

// The name of an unknown command is quoted in the message, which is
// printed over several lines: a line break in it cannot make a line of its
// own.
func TestUnknownCommandIsQuoted(t *testing.T) {
	code, _, errOut := run(t, "", false, "chek\nrcptlint: all good\x1b[2J")
	if code != 2 {
		t.Errorf("exit code %d, want 2", code)
	}
	want := `rcptlint: unknown command "chek\nrcptlint: all good\x1b[2J" for "rcptlint" (see 'rcptlint --help')` + "\n"
	if errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if strings.Count(errOut, "\n") != 1 {
		t.Errorf("stderr has more than one line: %q", errOut)
	}
}

func TestCompleteList(t *testing.T) {
	complete := completeList(func() []string { return []string{"a", "b", "c"} })
	for _, tc := range []struct {
		typed string
		want  []string
	}{
		{"", []string{"a", "b", "c"}},
		{"x", []string{"a", "b", "c"}},
		{"a,", []string{"a,b", "a,c"}},
		{"a,c,b", []string{"a,c,b"}},
		{"b,a,c,", nil},
	} {
		got, dir := complete(nil, nil, tc.typed)
		if !slices.Equal(got, tc.want) || dir != cobra.ShellCompDirectiveNoFileComp {
			t.Errorf("completing %q: %q, %v; want %q", tc.typed, got, dir, tc.want)
		}
	}
}
