package lint

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// needleRule reports every domain containing its needle; unlike
// fakeDomainRule it keeps no count, so that workers may run it at once.
type needleRule struct{ needle string }

func (needleRule) Doc() Doc { return Doc{ID: "needle", Severity: Warning} }
func (r needleRule) CheckDomain(f *domain.Facts) []Issue {
	if strings.Contains(f.Name, r.needle) {
		return []Issue{{Message: "needle"}}
	}
	return nil
}

// A stream delivers addresses and runs Do functions in the order they were
// queued, whether queued one by one, found by jobs, or both, and whether
// the run is short enough to be checked at Close or not; a job's data is
// released after its addresses are delivered, never before.
func TestStreamOrder(t *testing.T) {
	for _, n := range []int{3, 5000} {
		e, err := New(Options{Rules: []Rule{needleRule{"typo"}}})
		if err != nil {
			t.Fatal(err)
		}
		var got, want []string
		s := e.Stream(StreamOptions{Workers: 3, All: true}, func(c *Checked) {
			got = append(got, fmt.Sprintf("%s:%d", c.Text, len(c.Findings)))
		})
		line := 0
		queue := func(check func(string, int, Location), addr string) {
			line++
			check(addr, 0, Location{File: "f", Line: line, Column: 1})
			findings := 0
			if addr[len(addr)-8:] == "typo.com" {
				findings = 1
			}
			want = append(want, fmt.Sprintf("%s:%d", addr, findings))
		}
		one := func(addr string, _ int, loc Location) { s.Check(addr, loc) }
		for i := range n {
			addr := fmt.Sprintf("u%d@%s", i, []string{"ok.com", "typo.com"}[i%2])
			switch {
			case i%97 == 0:
				s.Do(func() { got = append(got, fmt.Sprint("do ", i)) })
				want = append(want, fmt.Sprint("do ", i))
				queue(one, addr)
			case n > 10 && i%1000 == 500:
				released := false
				job := []string{addr, addr + ".x", addr + ".y"}
				for _, a := range job {
					want = append(want, fmt.Sprintf("%s:%d", a, 0))
				}
				want[len(want)-3] = fmt.Sprintf("%s:%d", addr, i%2)
				from := line
				line += 3
				s.Go(func(check func(string, int, Location), do func(func())) {
					for k, a := range job {
						check(a, 0, Location{File: "f", Line: from + k + 1, Column: 1})
					}
				}, func() {
					if released {
						t.Error("a job released twice")
					}
					released = true
				})
			default:
				queue(one, addr)
			}
		}
		s.Close()
		if !reflect.DeepEqual(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("n=%d: at %d got %q, want %q", n, i, got[i], want[i])
				}
			}
			t.Fatalf("n=%d: got %d items, want %d", n, len(got), len(want))
		}
		if st := e.Stats(); st.Addresses != line {
			t.Errorf("n=%d: stats count %d addresses, want %d", n, st.Addresses, line)
		}
	}
}
