package rcptlint

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/internal/dnstest"
	"github.com/rcptlint/rcptlint/pkg/domain"
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

// TestCheckLooksUpTogether: a batch's distinct domains are looked up at
// once (each lookup here answers only once all of them are under way),
// not one after another as a check of each address in turn would.
func TestCheckLooksUpTogether(t *testing.T) {
	const n = 300
	b := dnstest.NewBarrier(n, domain.Mail{Status: domain.Accepts})
	l, err := New(Options{Resolver: b})
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for i := range n {
		addrs = append(addrs, fmt.Sprintf("user@company%d.com", i))
	}
	// A deadline only ends the test if the lookups wait in turn.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if fs := l.CheckContext(ctx, addrs...); len(fs) != 0 {
		t.Errorf("%d findings, first %+v", len(fs), fs[0])
	}
	if failed := b.Failed(); failed > 0 {
		t.Errorf("%d of %d lookups waited in vain for the others", failed, n)
	}
}
