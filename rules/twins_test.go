package rules

import (
	"math/rand"
	"reflect"
	"sort"
	"testing"
)

// Among many twins, the label index offers every twin domainSlip accepts:
// the outlier rule finds the same slips as comparing with each twin.
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
	tw := &twins{label: 0}
	var labels []string
	for range 300 {
		l := word(3 + rng.Intn(12))
		labels = append(labels, l)
		tw.domains = append(tw.domains, &domainCount{name: l + ".com"})
	}
	found := 0
	for q := range 3000 {
		label := labels[rng.Intn(len(labels))]
		for range 1 + q%2 {
			label = edit(label)
		}
		if q%10 == 0 {
			label = word(3 + rng.Intn(12))
		}
		if label == "" {
			continue
		}
		name := label + ".com"
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
			t.Fatalf("%s: the index offers the slips %q, comparing each twin finds %q", name, got, want)
		}
	}
	if found < 1000 {
		t.Errorf("only %d of the queries are slips of a twin: the test says little", found)
	}
}
