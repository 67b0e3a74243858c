package typo

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
)

// TestNamesMatchesBruteForce holds NearTails to a comparison of every
// tail with every name.
func TestNamesMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	word := func() string {
		b := make([]byte, 1+rng.Intn(5))
		for i := range b {
			b[i] = "abc.o"[rng.Intn(5)]
		}
		return strings.Trim(string(b), ".")
	}
	var names []string
	for len(names) < 300 {
		if w := word() + "." + word(); !strings.Contains(w, "..") && !slices.Contains(names, w) && w[0] != '.' && w[len(w)-1] != '.' {
			names = append(names, w)
		}
	}
	x := NewNames(names)
	for range 3000 {
		q := word() + "." + word() + "." + word()
		type hit struct{ start, id int }
		var got, want []hit
		x.NearTails(q, func(start, id int) { got = append(got, hit{start, id}) })
		for start := 0; start < len(q); start++ {
			if start > 0 && q[start-1] != '.' || !strings.Contains(q[start:], ".") {
				continue
			}
			for id, n := range names {
				if Distance(q[start:], n, 1) == 1 {
					want = append(want, hit{start, id})
				}
			}
		}
		cmp := func(a, b hit) int { return a.start*1000 + a.id - b.start*1000 - b.id }
		slices.SortFunc(got, cmp)
		slices.SortFunc(want, cmp)
		if !slices.Equal(got, want) {
			t.Fatalf("NearTails(%q) = %v, want %v", q, got, want)
		}
	}
}

func TestNamesTails(t *testing.T) {
	x := NewNames([]string{"fco.gov.uk", "us.af.mil", "hotmail.co.uk"})
	for _, c := range []struct {
		query string
		want  []string // start:name
	}{
		{"fco.gv.uk", []string{"0:fco.gov.uk"}},
		{"fcogov.uk", []string{"0:fco.gov.uk"}},
		{"fco.govt.uk", []string{"0:fco.gov.uk"}},
		{"mail.fco.gob.uk", []string{"5:fco.gov.uk"}},
		{"us.fa.mil", []string{"0:us.af.mil"}},
		{"hotmailco.uk", []string{"0:hotmail.co.uk"}},
		{"fco.gov.uk", nil},
		{"fco.gov", nil},
		{"x.y.z", nil},
		{"", nil},
	} {
		var got []string
		x.NearTails(c.query, func(start, id int) { got = append(got, fmt.Sprintf("%d:%s", start, x.Name(id))) })
		if !slices.Equal(got, c.want) {
			t.Errorf("NearTails(%q) = %v, want %v", c.query, got, c.want)
		}
	}
}

func TestNamesFrom(t *testing.T) {
	names := []string{"fco.gov.uk", "us.af.mil"}
	a := NewNames(names)
	b := NewNamesFrom(names, a.Keys())
	var got []int
	b.NearTails("us.af.mli", func(_, id int) { got = append(got, id) })
	if !slices.Equal(got, []int{1}) {
		t.Errorf("got %v", got)
	}
}

// BenchmarkNamesNearTails looks up a three-label domain among 100,000
// names.
func BenchmarkNamesNearTails(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	names := make([]string, 100_000)
	for i := range names {
		b := make([]byte, 6+rng.Intn(8))
		for j := range b {
			b[j] = byte('a' + rng.Intn(26))
		}
		names[i] = string(b) + ".gov.uk"
	}
	x := NewNames(names)
	b.ReportAllocs()
	for b.Loop() {
		x.NearTails("mail.acmelogistics.gv.uk", func(_, _ int) {})
	}
}

// FuzzNamesNearTails holds NearTails on any query to a comparison of each
// tail with each name.
func FuzzNamesNearTails(f *testing.F) {
	names := []string{"fco.gov.uk", "us.af.mil", "hotmail.co.uk", "a.b", "x.y.z.w"}
	x := NewNames(names)
	for _, s := range []string{"fco.gv.uk", "mail.usaf.mil", "a.b.c", "", ".", "..", "hotmailco.uk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := map[[2]int]bool{}
		x.NearTails(q, func(start, id int) {
			if got[[2]int{start, id}] {
				t.Fatalf("NearTails(%q) reported %d, %s twice", q, start, names[id])
			}
			got[[2]int{start, id}] = true
		})
		for start := 0; start < len(q); start++ {
			if start > 0 && q[start-1] != '.' || !strings.Contains(q[start:], ".") {
				continue
			}
			for id, n := range names {
				if want := Distance(q[start:], n, 1) == 1; want != got[[2]int{start, id}] {
					t.Fatalf("NearTails(%q): tail %q and %q: got %v, want %v", q, q[start:], n, !want, want)
				}
			}
		}
	})
}
