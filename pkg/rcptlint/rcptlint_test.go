package rcptlint

import (
	"strings"
	"testing"
)

// TestNewNamesTheFirstBadRule checks that, of several rules with a bad
// severity or an unknown name, the error names the first by name on every
// call, not whichever the map yields first.
func TestNewNamesTheFirstBadRule(t *testing.T) {
	tests := []struct {
		rules map[string]string
		want  string
	}{
		{map[string]string{"syntax": "loud", "domain-typo": "louder", "tld-typo": "loudest", "outlier": "no", "duplicate": "nope"}, `rule domain-typo: `},
		{map[string]string{"zz-rule": "error", "aa-rule": "error", "mm-rule": "error", "bb-rule": "error", "yy-rule": "error"}, `unknown rule "aa-rule"`},
	}
	for _, tt := range tests {
		for range 50 {
			_, err := New(Options{Rules: tt.rules})
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("error %v, want it to start %q", err, tt.want)
			}
		}
	}
}

// TestCheckKeepsEachFinding checks that the findings Check returns are the
// caller's to keep: the engine hands each on as a view of its buffers
// (the duplicate rule writes every message into one), and a finding kept
// without a copy would read as the last one.
func TestCheckKeepsEachFinding(t *testing.T) {
	l, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := l.Check("ann@example.com", "bob@example.org", "ann@example.com", "bob@example.org")
	var msgs []string
	for _, f := range got {
		if f.Rule == "duplicate" {
			msgs = append(msgs, f.Address+": "+f.Message)
		}
	}
	want := []string{
		"ann@example.com: ann@example.com appears again; first at <args>:1:1",
		"bob@example.org: bob@example.org appears again; first at <args>:2:1",
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("duplicate findings:\n%s\nwant:\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}
