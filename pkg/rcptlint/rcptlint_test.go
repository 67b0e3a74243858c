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
