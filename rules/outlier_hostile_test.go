package rules

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/internal/longtest"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// hostileShape is a list built so that the outlier rule's groups grow
// with it: n frequent domains (five addresses each) and n rare ones (one
// each), every rare one near many frequent ones.
type hostileShape struct {
	name    string
	domains func(i int) string // the i-th domain: even ones frequent, odd ones rare
	sizes   [2]int             // the sizes benchmarked
	// meant returns the frequent domain a rare one must be found a slip
	// of, for a shape where it is one edit away; nil for the others.
	meant func(rare string) string
}

var hostileShapes = []hostileShape{
	// The same letters with dots in different places: each rare domain
	// has the letters of every frequent one.
	{"dots", func(i int) string { return dotted("abcdefghijklmnopqrstuvw", dotsAt(i)) + ".com" }, [2]int{1000, 4000}, nil},
	// Four consonants in the top-level domain's place: each rare TLD is
	// one edit from dozens of frequent ones.
	{"tld", func(i int) string { return "example." + consonants(i, 4) }, [2]int{1000, 4000}, nil},
	// Long labels one letter apart: every pair is within two edits.
	{"label", func(i int) string { return oneLetterOff(i) + ".example.com" }, [2]int{350, 1050}, nil},
	// Numbered company names, each rare one a numbered name with a letter
	// added: every label is within two edits of thousands of others.
	{"numbered", func(i int) string {
		if i%2 == 1 {
			return fmt.Sprintf("company%06dx.com", i/2)
		}
		return fmt.Sprintf("company%06d.com", i/2)
	}, [2]int{10000, 40000}, func(rare string) string { return strings.Replace(rare, "x.com", ".com", 1) }},
}

// dotsAt returns the i-th set of gaps (bits) with no two side by side:
// i written in the Zeckendorf representation, as a sum of Fibonacci
// numbers no two of them consecutive.
func dotsAt(i int) uint32 {
	fib := []int{1, 2}
	for fib[len(fib)-1] <= i {
		fib = append(fib, fib[len(fib)-1]+fib[len(fib)-2])
	}
	var m uint32
	for k := len(fib) - 1; k >= 0; k-- {
		if fib[k] <= i {
			i -= fib[k]
			m |= 1 << k
		}
	}
	return m
}

// dotted puts a dot after letters[k] for every bit k of gaps.
func dotted(letters string, gaps uint32) string {
	var b strings.Builder
	for k := range len(letters) {
		b.WriteByte(letters[k])
		if gaps&(1<<k) != 0 && k+1 < len(letters) {
			b.WriteByte('.')
		}
	}
	return b.String()
}

// consonants returns the i-th string of n consonants.
func consonants(i, n int) string {
	const c = "bcdfghjklmnpqrstvwxz"
	b := make([]byte, n)
	for k := range b {
		b[k] = c[i%len(c)]
		i /= len(c)
	}
	return string(b)
}

// oneLetterOff returns the i-th of 2,100 labels of 60 letters one letter
// from a common one, and so two from each other.
func oneLetterOff(i int) string {
	const base = "qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghjklzxcvbnmqwertyui"
	const alpha = "abcdefghijklmnopqrstuvwxyz0123456789"
	pos := i / (len(alpha) - 1) % len(base)
	other := strings.ReplaceAll(alpha, base[pos:pos+1], "")
	return base[:pos] + other[i%len(other):i%len(other)+1] + base[pos+1:]
}

// hostileList returns the addresses of the shape with n frequent and n
// rare domains.
func hostileList(s hostileShape, n int) []string {
	var out []string
	for i := range 2 * n {
		d := s.domains(i)
		copies := 1
		if i%2 == 0 {
			copies = outlierMinFrequent
		}
		for k := range copies {
			out = append(out, fmt.Sprintf("u%d@%s", k, d))
		}
	}
	return out
}

// BenchmarkOutlierHostile runs the outlier rule alone over lists whose
// groups of near domains grow with them, at two sizes: the cost grows
// with the list (times its logarithm at most), not with its square.
func BenchmarkOutlierHostile(b *testing.B) {
	env, err := NewEnv(Options{})
	if err != nil {
		b.Fatal(err)
	}
	rule := []lint.Rule{Outlier{env}}
	for _, s := range hostileShapes {
		for _, n := range s.sizes {
			list := hostileList(s, n)
			b.Run(fmt.Sprintf("%s/%d", s.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					e, _ := lint.New(lint.Options{Rules: rule})
					for i, a := range list {
						e.Check(a, lint.Location{File: "list.txt", Line: i + 1, Column: 1}, func(*lint.Finding) {})
					}
					e.Finish(func(*lint.Finding) {})
				}
			})
		}
	}
}

// hostileBatch counts the shape's domains as a run of n frequent and n
// rare ones would.
func hostileBatch(s hostileShape, n int) (frequent *groups, rare []*domainCount) {
	b := &outlierBatch{domains: map[string]*domainCount{}}
	for i := range 2 * n {
		d := &domainCount{name: s.domains(i), count: 1}
		if i%2 == 0 {
			d.count = outlierMinFrequent
		} else {
			rare = append(rare, d)
		}
		b.domains[d.name] = d
	}
	return b.frequent(), rare
}

// However the frequent domains crowd around the rare ones, a rare domain
// is offered a bounded number of them to compare with, not a share of the
// list; a large group of top-level domains is looked up in an index. The
// indexes hold at most twinsKeysMax keys together, and once they are
// built a rare domain's search allocates under 2 KiB (of the first 500
// rare domains; at most 600 bytes, 1,422 under the race detector): more
// pushed a run past the binary's soft limit on memory, where the collector
// runs all the time (40,000 numbered company names: 3.4 million keys, and
// a map and two slices for each rare domain, 4.9 KiB, 13 s).
func TestOutlierCandidatesBounded(t *testing.T) {
	longtest.Skip(t, "builds batches of tens of thousands of crowded domains")
	for _, s := range hostileShapes {
		t.Run(s.name, func(t *testing.T) {
			frequent, rare := hostileBatch(s, s.sizes[1])
			keys := 0
			for _, tw := range frequent.masked {
				if len(tw.domains) > twinsScanMax {
					tw.prepare()
					keys += len(tw.index.Keys())
				}
			}
			if keys > twinsKeysMax {
				t.Errorf("the indexes hold %d keys, want at most %d", keys, twinsKeysMax)
			}
			sample := rare[:min(len(rare), 500)]
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			found := make([]*domainCount, len(sample))
			for i, d := range sample {
				found[i], _ = frequent.nearest(d)
			}
			runtime.ReadMemStats(&after)
			for i, d := range sample {
				if s.meant != nil && (found[i] == nil || found[i].name != s.meant(d.name)) {
					t.Errorf("%s was found a slip of %v, want %s", d.name, found[i], s.meant(d.name))
				}
			}
			perRare := (after.TotalAlloc - before.TotalAlloc) / uint64(len(sample))
			if perRare >= 2048 {
				t.Errorf("a rare domain's search allocated %d bytes, want under 2,048", perRare)
			}
			most := 0
			for _, d := range rare {
				n := 0
				frequent.each(d, func(*domainCount) { n++ })
				most = max(most, n)
			}
			if most > twinsNearMax+2 {
				t.Errorf("a rare domain was offered %d frequent ones, want at most %d", most, twinsNearMax+2)
			}
			for _, tw := range frequent.masked {
				if len(tw.domains) > twinsScanMax && tw.index == nil {
					t.Errorf("%d twins differing in label %d were compared one by one", len(tw.domains), tw.label)
				}
			}
		})
	}
}

func TestHostileShapesDistinct(t *testing.T) {
	for _, s := range hostileShapes {
		seen := map[string]bool{}
		for i := range 2 * s.sizes[1] {
			d := s.domains(i)
			if seen[d] {
				t.Fatalf("%s: %s twice", s.name, d)
			}
			seen[d] = true
			if i < 4 {
				t.Log(d)
			}
		}
	}
}
