package cli

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/internal/longtest"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/report"
)

// The store spills findings to a file and gives them back, with the batch
// rules' findings merged in at their places, exactly as they were added:
// as findings, or as pieces a reporter rendered as they came.
func TestFindingStoreSpillsAndMerges(t *testing.T) {
	longtest.Skip(t, "stores 262,000 findings twice, past several spills")
	for _, frag := range []report.Fragmenter{nil, report.JSON{}} {
		t.Run(fmt.Sprintf("fragments=%v", frag != nil), func(t *testing.T) {
			s := newFindingStore(frag)
			defer s.close()
			var want []lint.Finding
			n := spillAt/8 + 17 // each finding takes more than 30 bytes: spilled several times
			for i := 1; i <= n; i++ {
				f := lint.Finding{Location: lint.Location{File: "a.txt", Source: 0, Line: i, Column: 1, Char: 1}, AddressAt: lint.Location{File: "a.txt", Line: i, Column: 1},
					Address: fmt.Sprintf("u%d@x.com", i), Rule: "syntax", Severity: lint.Error, Message: "m", Suggestion: "s", Fixable: i%2 == 0}
				switch {
				case i == 7777:
					f.Message = strings.Repeat("x", 20000) // a piece past 16 KiB
				case i%5000 == 0:
					f.Message = strings.Repeat("long ", 10*i/5000) // past 127 bytes
				}
				s.add(&f)
				want = append(want, f)
				if i%1000 == 0 {
					b := f
					b.Rule, b.Severity, b.Suggestion = "duplicate", lint.Info, ""
					s.addBatch(b)
					want = append(want, b)
				}
			}
			if s.spill == nil {
				t.Fatal("nothing was spilled")
			}
			var got []string
			if frag != nil {
				pieces, err := s.pieces()
				if err != nil {
					t.Fatal(err)
				}
				for p := range pieces {
					if p.Rendered == nil {
						p.Rendered = report.AppendFinding(nil, p.Finding)
					}
					got = append(got, string(p.Rendered))
				}
			} else {
				all, err := s.all()
				if err != nil {
					t.Fatal(err)
				}
				for f := range all {
					got = append(got, string(report.AppendFinding(nil, f))+fmt.Sprint(f.Fixable))
				}
			}
			if len(got) != len(want) {
				t.Fatalf("got %d findings, want %d", len(got), len(want))
			}
			for i := range want {
				w := string(report.AppendFinding(nil, &want[i]))
				if frag == nil {
					w += fmt.Sprint(want[i].Fixable)
				}
				if got[i] != w {
					t.Fatalf("finding %d: got %q, want %q", i, got[i], w)
				}
			}
		})
	}
}

// Reading findings back makes no garbage: what a run allocates to report
// them does not grow with their number.
func TestFindingStoreReadsWithoutGarbage(t *testing.T) {
	longtest.Skip(t, "stores and reads back hundreds of thousands of findings")
	for _, frag := range []report.Fragmenter{nil, report.JSON{}} {
		allocs := func(n int) float64 {
			s := newFindingStore(frag)
			defer s.close()
			for i := 1; i <= n; i++ {
				f := lint.Finding{Location: lint.Location{File: "a.txt", Line: i, Column: 1}, AddressAt: lint.Location{File: "a.txt", Line: i, Column: 1},
					Address: fmt.Sprintf("u%d@x.com", i), Rule: "duplicate", Severity: lint.Info, Message: fmt.Sprintf("u%d@x.com appears again; first at a.txt:1:1", i)}
				s.add(&f)
			}
			if s.spill == nil {
				t.Fatal("nothing was spilled")
			}
			return testing.AllocsPerRun(2, func() {
				if frag != nil {
					pieces, err := s.pieces()
					if err != nil {
						t.Fatal(err)
					}
					for range pieces {
					}
					return
				}
				all, err := s.all()
				if err != nil {
					t.Fatal(err)
				}
				for range all {
				}
			})
		}
		n := spillAt / 16
		if few, many := allocs(n), allocs(4*n); many-few > 4 {
			t.Errorf("fragments=%v: reading %d findings back allocates %.0f times, %d findings %.0f times", frag != nil, n, few, 4*n, many)
		}
	}
}

// A finding read back from the store keeps its flags: fixable, and an
// opaque address (SARIF gives it no fix).
func TestFindingStoreKeepsFlags(t *testing.T) {
	for _, tc := range []struct{ fixable, opaque bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		at := lint.Location{File: "a.vcf", Line: 3, Column: 7, Char: 7, Opaque: tc.opaque}
		f := lint.Finding{Location: at, AddressAt: at, Address: "a@gmial.com", Rule: "domain-typo", Severity: lint.Warning, Message: "m", Suggestion: "a@gmail.com", Fixable: tc.fixable}
		var got lint.Finding
		if n := decodeFinding(encodeFinding(nil, &f), &got, map[int]string{0: "a.vcf"}); n == 0 || got != f {
			t.Errorf("%+v: read back %+v", f, got)
		}
	}
}
