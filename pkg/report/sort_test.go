package report

import (
	"math/rand"
	"sort"
	"strconv"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// Sort orders findings as a stable sort by location does: findings at one
// location keep the order they came in.
func TestSortIsStableByLocation(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for _, n := range []int{0, 1, 2, 17, 1500} {
		fs := make([]lint.Finding, n)
		for i := range fs {
			fs[i] = lint.Finding{
				Location: lint.Location{Source: rng.Intn(2), Line: 1 + rng.Intn(n/3+1), Column: 1 + rng.Intn(3)},
				Message:  strconv.Itoa(i),
			}
		}
		want := append([]lint.Finding(nil), fs...)
		sort.SliceStable(want, func(i, j int) bool { return want[i].Location.Before(want[j].Location) })
		Sort(fs)
		for i := range fs {
			if fs[i].Location != want[i].Location || fs[i].Message != want[i].Message {
				t.Fatalf("%d findings: at %d got %v #%s, want %v #%s", n, i, fs[i].Location, fs[i].Message, want[i].Location, want[i].Message)
			}
		}
		Sort(fs) // sorted already: unchanged
		for i := range fs {
			if fs[i].Message != want[i].Message {
				t.Fatalf("%d findings: sorting again moved #%s", n, fs[i].Message)
			}
		}
	}
}
