package typo

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/agext/levenshtein"

	"github.com/rcptlint/rcptlint/internal/longtest"
)

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		max  int
		want int
	}{
		{"gmail", "gmail", 2, 0},
		{"gmial", "gmail", 2, 1},
		{"gmai", "gmail", 2, 1},
		{"gmaill", "gmail", 2, 1},
		{"gnail", "gmail", 2, 1},
		{"rcoketmial", "rocketmail", 2, 2},
		{"hotmail", "gmail", 1, 2},
		{"abc", "xyz", 5, 3},
		{"ca", "abc", 3, 3},
		{"", "abc", 5, 3},
	} {
		if got := Distance(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

func TestSingle(t *testing.T) {
	for _, tc := range []struct {
		typed, meant string
		want         Edit
		ok           bool
	}{
		{"gmial", "gmail", Edit{Kind: Transposition, Pos: 2, Typed: 'i', Meant: 'a'}, true},
		{"gmai", "gmail", Edit{Kind: Omission, Pos: 4, Meant: 'l'}, true},
		{"gmaill", "gmail", Edit{Kind: Insertion, Pos: 5, Typed: 'l'}, true},
		{"gnail", "gmail", Edit{Kind: Substitution, Pos: 1, Typed: 'n', Meant: 'm'}, true},
		{"ml", "mil", Edit{Kind: Omission, Pos: 1, Meant: 'i'}, true},
		{"gmail", "gmail", Edit{}, false},
		{"gmial", "gmali", Edit{}, false},
		{"abc", "xyz", Edit{}, false},
	} {
		got, ok := Single(tc.typed, tc.meant)
		if ok != tc.ok || got != tc.want {
			t.Errorf("Single(%q, %q) = %+v, %v; want %+v, %v", tc.typed, tc.meant, got, ok, tc.want, tc.ok)
		}
	}
}

func TestKeyboard(t *testing.T) {
	for _, pair := range []string{"qw", "qa", "as", "az", "mn", "mj", "ol", "op", "12", "1q", "yz", "NM"} {
		if !Adjacent(pair[0], pair[1]) || !Adjacent(pair[1], pair[0]) {
			t.Errorf("%q should be adjacent both ways", pair)
		}
	}
	for _, pair := range []string{"qp", "am", "ao", "il", "zm", "1p"} {
		if Adjacent(pair[0], pair[1]) {
			t.Errorf("%q should not be adjacent", pair)
		}
	}
	if !LookAlike('0', 'o') || !LookAlike('l', '1') || LookAlike('i', 'l') {
		t.Error("look-alikes wrong")
	}
}

func TestPlausible(t *testing.T) {
	for _, tc := range []struct {
		typed, meant string
		want         bool
	}{
		{"gmial", "gmail", true},
		{"gmai", "gmail", true},
		{"gmaill", "gmail", true},
		{"gmaik", "gmail", true},
		{"gmaio", "gmail", true},
		{"gmaix", "gmail", false},
		{"gmaile", "gmail", false},
		{"gmai1", "gmail", true},
	} {
		e, ok := Single(tc.typed, tc.meant)
		if !ok {
			t.Fatalf("Single(%q, %q) failed", tc.typed, tc.meant)
		}
		if got := Plausible(e, tc.typed); got != tc.want {
			t.Errorf("Plausible(%q for %q) = %v, want %v", tc.typed, tc.meant, got, tc.want)
		}
	}
}

// The index must find exactly what comparing against every word finds,
// with and without a cap on the distance.
func TestIndexMatchesBruteForce(t *testing.T) {
	for _, limit := range []int{0, 1} {
		t.Run(fmt.Sprint("limit ", limit), func(t *testing.T) { indexMatchesBruteForce(t, limit) })
	}
}

func indexMatchesBruteForce(t *testing.T, limit int) {
	rng := rand.New(rand.NewSource(1))
	const letters = "abcdefghijklmnopqrstuvwxyz-"
	word := func() string {
		b := make([]byte, 2+rng.Intn(12))
		for i := range b {
			b[i] = letters[rng.Intn(len(letters))]
		}
		return string(b)
	}
	x := NewIndexLimited(limit)
	var words []string
	for i := 0; i < 3000; i++ {
		w := word()
		words = append(words, w)
		x.Add(w)
	}
	mutate := func(w string) string {
		b := []byte(w)
		for k := 0; k <= rng.Intn(2); k++ {
			i := rng.Intn(len(b))
			switch rng.Intn(4) {
			case 0:
				b[i] = letters[rng.Intn(26)]
			case 1:
				if len(b) > 1 {
					b = append(b[:i], b[i+1:]...)
				}
			case 2:
				b = append(b[:i], append([]byte{letters[rng.Intn(26)]}, b[i:]...)...)
			case 3:
				if i+1 < len(b) {
					b[i], b[i+1] = b[i+1], b[i]
				}
			}
		}
		return string(b)
	}
	for q := 0; q < 2000; q++ {
		query := mutate(words[rng.Intn(len(words))])
		got := map[int]int{}
		x.Near(query, func(id, d int) { got[id] = d })
		for id, w := range words {
			max := MaxDistance(len(w))
			if limit > 0 {
				max = min(max, limit)
			}
			d := Distance(query, w, max)
			gd, found := got[id]
			if (d <= max) != found || found && gd != d {
				t.Fatalf("query %q, word %q: brute force %d (max %d), index %v %d", query, w, d, max, found, gd)
			}
		}
	}
}

func BenchmarkIndexNear(b *testing.B) {
	x := NewIndex()
	for i := 0; i < 100000; i++ {
		x.Add(fmt.Sprintf("company%dlogistics", i))
	}
	b.ReportAllocs()
	for b.Loop() {
		x.Near("compnay123logistics", func(int, int) {})
	}
}

// TestNeighbours rebuilds the adjacency table from the QWERTY rows.
func TestNeighbours(t *testing.T) {
	rows := []string{"1234567890-", "qwertyuiop", "asdfghjkl", "zxcvbnm"}
	pos := map[byte][2]int{}
	for r, row := range rows {
		for c := 0; c < len(row); c++ {
			pos[row[c]] = [2]int{r, c}
		}
	}
	touch := func(a, b byte) bool {
		if a == 'y' && b == 'z' || a == 'z' && b == 'y' {
			return true
		}
		p, q := pos[a], pos[b]
		dr, dc := q[0]-p[0], q[1]-p[1]
		return dr == 0 && (dc == 1 || dc == -1) || dr == -1 && (dc == 0 || dc == 1) || dr == 1 && (dc == 0 || dc == -1)
	}
	for a := range pos {
		for b := range pos {
			if a != b && touch(a, b) != Adjacent(a, b) {
				t.Errorf("Adjacent(%q, %q) = %v", a, b, !touch(a, b))
			}
		}
	}
}

// hashSkip hashes s without its bytes at positions i and j, from scratch.
func hashSkip(s string, i, j int) uint64 {
	h := uint64(fnvOffset)
	for k := 0; k < len(s); k++ {
		if k == i || k == j {
			continue
		}
		h ^= uint64(s[k])
		h *= fnvPrime
	}
	return h
}

// deletions hashes every deletion as hashing it from scratch does, fewest
// deleted first, for words up to and past maxLen: the keys generated ahead of
// time (rules/data_gen.go) stay valid.
func TestDeletionsHashes(t *testing.T) {
	for _, w := range []string{"", "a", "gmail", "protonmail", strings.Repeat("xy", 40)} {
		for depth := range 3 {
			var want, got []uint64
			want = append(want, hashSkip(w, -1, -1))
			for i := 0; depth >= 1 && i < len(w); i++ {
				want = append(want, hashSkip(w, i, -1))
			}
			for i := 0; depth >= 2 && i < len(w); i++ {
				for j := i + 1; j < len(w); j++ {
					want = append(want, hashSkip(w, i, j))
				}
			}
			deletions(w, depth, func(h uint64, _ int) bool { got = append(got, h); return true })
			if !slices.Equal(got, want) {
				t.Errorf("deletions(%q, %d): %d hashes differ from hashing each from scratch (%d)", w, depth, len(got), len(want))
			}
		}
	}
}

// osaReference is the textbook optimal-string-alignment distance over the
// whole table, for checking Distance.
func osaReference(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// Distance is the reference distance, capped at max+1, for every bound:
// the early stop never cuts off a pair within the bound.
func TestDistanceMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	word := func() string {
		b := make([]byte, rng.Intn(14))
		for i := range b {
			b[i] = "abcab-"[rng.Intn(6)] // few letters: many near pairs
		}
		return string(b)
	}
	for range 200_000 {
		a, b := word(), word()
		if rng.Intn(3) == 0 {
			w := word()
			b = a[:rng.Intn(len(a)+1)] + w[:min(2, len(w))] + a[rng.Intn(len(a)+1):]
		}
		want := osaReference(a, b)
		// The Levenshtein distance of a well-kept library bounds it: a
		// transposition is one edit here and two there.
		if lev := levenshtein.Distance(a, b, nil); want > lev || lev > 2*want {
			t.Fatalf("%q, %q: optimal string alignment %d, Levenshtein %d", a, b, want, lev)
		}
		for max := range 4 {
			if got := Distance(a, b, max); got != min(want, max+1) {
				t.Fatalf("Distance(%q, %q, %d) = %d, want %d", a, b, max, got, min(want, max+1))
			}
		}
	}
	long := strings.Repeat("abcdefghij", 10)
	if got := Distance(long, long[1:]+"x", 3); got != 2 {
		t.Errorf("Distance of two 100-byte strings = %d, want 2", got)
	}
}

func FuzzDistance(f *testing.F) {
	f.Add("gmial", "gmail", 2)
	f.Add("ab", "ba", 1)
	f.Fuzz(func(t *testing.T, a, b string, max int) {
		if len(a) > 100 || len(b) > 100 || max < 0 || max > 8 {
			return
		}
		if want := min(osaReference(a, b), max+1); Distance(a, b, max) != want {
			t.Fatalf("Distance(%q, %q, %d) = %d, want %d", a, b, max, Distance(a, b, max), want)
		}
	})
}

func BenchmarkDistance(b *testing.B) {
	pairs := [][2]string{{"gmial", "gmail"}, {"hotmial", "hotmail"}, {"rocketmial", "rocketmail"}, {"company123", "company321"}, {"yahoo", "gmail"}, {"examplecorp", "exampleco"}}
	for b.Loop() {
		for _, p := range pairs {
			Distance(p[0], p[1], 2)
		}
	}
}

// An index made from another's keys and directory answers as it does.
func TestIndexPrepared(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	word := func() string {
		b := make([]byte, 3+rng.Intn(10))
		for i := range b {
			b[i] = byte('a' + rng.Intn(6))
		}
		return string(b)
	}
	src := NewIndex()
	var words []string
	for range 500 {
		w := word()
		words = append(words, w)
		src.Add(w)
	}
	keys, dir := src.Keys(), src.Directory()
	x := NewIndexPrepared(words, keys, dir)
	near := func(x *Index, q string) []int {
		var ids []int
		x.Near(q, func(id, _ int) { ids = append(ids, id) })
		slices.Sort(ids)
		return ids
	}
	for range 2000 {
		q := word()
		if got, want := near(x, q), near(src, q); !slices.Equal(got, want) {
			t.Fatalf("Near(%q) = %v, want %v", q, got, want)
		}
	}
}

// similarWords returns store00000 … store99999 up to n: every word is
// within two edits of hundreds of others.
func similarWords(n int) []string {
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("store%05d", i)
	}
	return words
}

// Among thousands of similar words Near compares at most NearWords, and
// still finds every word one edit away, since it looks those up first.
func TestNearBoundedAmongSimilarWords(t *testing.T) {
	longtest.Skip(t, "indexes 100,000 similar words")
	x := NewIndex()
	for _, w := range similarWords(100_000) {
		x.Add(w)
	}
	for _, q := range []string{"store12345", "store1234", "store123456", "stroe12345"} {
		calls := 0
		got := map[string]bool{}
		x.Near(q, func(id, d int) {
			calls++
			if d <= 1 {
				got[x.Word(id)] = true
			}
		})
		if calls > NearWords {
			t.Errorf("Near(%q) reported %d words, want at most %d", q, calls, NearWords)
		}
		for _, w := range similarWords(100_000) {
			if Distance(q, w, 1) <= 1 && !got[w] {
				t.Errorf("Near(%q) missed %q, one edit away", q, w)
			}
		}
	}
}

// An index within a fixed distance answers two-letter words too.
func TestIndexWithin(t *testing.T) {
	x := NewIndexWithin(1)
	words := []string{"de", "fr", "com", "co", "museum", "ab"}
	for _, w := range words {
		x.Add(w)
	}
	for _, q := range []string{"df", "com", "cm", "o", "muzeum", "ba", "xyz"} {
		got := map[int]int{}
		x.Near(q, func(id, d int) { got[id] = d })
		for id, w := range words {
			d := Distance(q, w, 1)
			if gd, ok := got[id]; (d <= 1) != ok || ok && gd != d {
				t.Errorf("Near(%q), %q: distance %d, index %v %d", q, w, d, ok, gd)
			}
		}
	}
}

// BenchmarkIndexNearSimilar looks up words among 100,000 similar ones,
// where many deletions are shared by thousands of words.
func BenchmarkIndexNearSimilar(b *testing.B) {
	x := NewIndex()
	for _, w := range similarWords(100_000) {
		x.Add(w)
	}
	x.Prepare()
	b.ReportAllocs()
	for b.Loop() {
		x.Near("store12345", func(int, int) {})
		x.Near("acmetralo123", func(int, int) {})
	}
}

// KeysFor counts the keys Add files a word under.
func TestKeysFor(t *testing.T) {
	for _, limit := range []int{0, 1} {
		for n := range 70 {
			x := NewIndex()
			if limit > 0 {
				x.Limit(limit)
			}
			w := strings.Repeat("ab", 35)[:n]
			x.Add(w)
			if got := x.KeysFor(w); got != len(x.keys) {
				t.Errorf("limit %d: KeysFor(%d letters) = %d, Add filed %d", limit, n, got, len(x.keys))
			}
			if limit == 1 && len(x.keys) > n+1 {
				t.Errorf("limit 1: %d letters filed %d keys", n, len(x.keys))
			}
		}
	}
}
