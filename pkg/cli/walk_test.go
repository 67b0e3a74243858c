package cli

import (
	"strings"
	"testing"
)

func TestExcludeMatch(t *testing.T) {
	for _, tc := range []struct {
		pattern, name string
		want          bool
	}{
		{"*.csv", "lists/a.csv", true},
		{"*.csv", "lists/a.txt", false},
		{"vendor", "x/vendor/a.txt", true},
		{"vendor", "x/vendors/a.txt", false},
		{".*", "../lists/a.txt", false},
		{".*", "/abs/lists/a.txt", false},
		{"z*", "/abs/lists/b.txt", false},
		{"abs", "/abs/lists/b.txt", true},
		{"lists/*.txt", "lists/a.txt", true},
		{"lists/*.txt", "./lists/a.txt", true},
		{"lists/*.txt", "lists/sub/a.txt", false},
		{"lists/**/*.txt", "lists/a.txt", true},
		{"lists/**/*.txt", "lists/sub/deep/a.txt", true},
		{"**/deep", "lists/sub/deep", true},
		{"**/deep/**", "lists/sub/deep/a.txt", true},
		{"**/deep/**", "lists/sub/deeper/a.txt", false},
		{"lists/**", "lists", true},
		{"/abs/**/b.txt", "/abs/lists/b.txt", true},
	} {
		if got := (excludes{tc.pattern}).match(tc.name); got != tc.want {
			t.Errorf("--exclude %q on %q: %v, want %v", tc.pattern, tc.name, got, tc.want)
		}
	}
}

// BenchmarkExcludeStars holds the cost of a pattern of many ** against a
// deep path to the product of their lengths, not a power of it.
func BenchmarkExcludeStars(b *testing.B) {
	pattern := excludes{strings.Repeat("**/", 200) + "x"}
	name := strings.Repeat("a/", 1000) + "y"
	b.ReportAllocs()
	for b.Loop() {
		if pattern.match(name) {
			b.Fatal("matched")
		}
	}
}
