package rules

import (
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"
)

// Among few twins or many (through the label index), and in the top-level
// domain, twins.each offers every twin domainSlip accepts: the outlier
// rule finds the same slips as comparing with each twin.
func TestTwinsIndexFindsEverySlip(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	letters := "abcdefghijklmnopqrstuvwxyz0123456789-"
	word := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = letters[rng.Intn(26)]
		}
		return string(b)
	}
	edit := func(w string) string {
		b := []byte(w)
		switch i := rng.Intn(len(b)); rng.Intn(4) {
		case 0:
			b[i] = letters[rng.Intn(len(letters))]
		case 1:
			b = append(b[:i], b[i+1:]...)
		case 2:
			b = append(b[:i], append([]byte{letters[rng.Intn(len(letters))]}, b[i:]...)...)
		default:
			if i+1 < len(b) {
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
		return string(b)
	}
	for _, tc := range []struct {
		name       string
		label, n   int // the label that differs; how many twins
		minLen     int // the shortest label
		spread     int // label lengths run from minLen to minLen+spread-1
		minFound   int
		prefix, tl string
	}{
		{"index", 0, 300, 3, 12, 1000, "", ".com"},
		{"scan", 0, twinsScanMax, 3, 12, 1000, "", ".com"},
		{"top-level", 1, 60, 2, 4, 500, "acme.", ""},
		{"top-level index", 1, 400, 2, 4, 1000, "acme.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tw := &twins{label: tc.label, last: tc.tl == ""}
			var labels []string
			for range tc.n {
				l := word(tc.minLen + rng.Intn(tc.spread))
				labels = append(labels, l)
				tw.add(&domainCount{name: tc.prefix + l + tc.tl})
			}
			found := 0
			for q := range 3000 {
				label := labels[rng.Intn(len(labels))]
				for range 1 + q%2 {
					label = edit(label)
				}
				if q%10 == 0 {
					label = word(tc.minLen + rng.Intn(tc.spread))
				}
				if label == "" {
					continue
				}
				name := tc.prefix + label + tc.tl
				var want, got []string
				for _, f := range tw.domains {
					if _, _, ok := domainSlip(name, f.name); ok {
						want = append(want, f.name)
					}
				}
				tw.each(name, func(f *domainCount) {
					if _, _, ok := domainSlip(name, f.name); ok {
						got = append(got, f.name)
					}
				})
				sort.Strings(want)
				sort.Strings(got)
				if len(want) > 0 {
					found++
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s: the twins offer the slips %q, comparing each twin finds %q", name, got, want)
				}
			}
			if found < tc.minFound {
				t.Errorf("only %d of the queries are slips of a twin: the test says little", found)
			}
		})
	}
}

// The group keys are the hash of the name with one label blanked out by a
// NUL byte, and the number of labels before the name without dots.
func TestGroupKeys(t *testing.T) {
	fnv := func(s string) uint64 {
		h := uint64(fnvOffset)
		for i := 0; i < len(s); i++ {
			h = (h ^ uint64(s[i])) * fnvPrime
		}
		return h
	}
	for _, name := range []string{"a", "gmail.com", "hr.contoso-group.de", "x..y", "trailing.", ".lead", "a.b.c.d.e"} {
		labels := strings.Split(name, ".")
		for i := range labels {
			masked := append([]string(nil), labels...)
			masked[i] = "\x00"
			if got, want := maskedKey(name, i), fnv(strings.Join(masked, ".")); got != want {
				t.Errorf("maskedKey(%q, %d) = %#x, want the hash of %q", name, i, got, strings.Join(masked, "."))
			}
		}
		if got, want := string(dotlessKey(nil, name, len(labels))), string(rune(len(labels)))+strings.ReplaceAll(name, ".", ""); got != want {
			t.Errorf("dotlessKey(%q) = %q, want %q", name, got, want)
		}
	}
}
