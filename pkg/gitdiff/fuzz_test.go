package gitdiff

import (
	"bufio"
	"bytes"
	"regexp"
	"strconv"
	"testing"
)

// FuzzParse holds Parse to a plain reading of the hunk headers: whatever
// the diff, it does not panic, and what it accepts it answers as the
// headers say.
func FuzzParse(f *testing.F) {
	f.Add([]byte("@@ -1 +1 @@\n-a\n+b\n@@ -5,0 +6,2 @@ ctx\n+c\n+d\n"))
	f.Add([]byte("@@ -1,3 +1,0 @@\n@@ -9 +2,70 @@\n@@ -90 +80 @@\n"))
	f.Add([]byte("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1,1000 @@\n\\ No newline at end of file\n"))
	header := regexp.MustCompile(`^@@ -[0-9]+(?:,[0-9]+)? \+([0-9]+)(?:,([0-9]+))? @@`)
	f.Fuzz(func(t *testing.T, diff []byte) {
		l, err := Parse(bytes.NewReader(diff))
		if err != nil {
			return
		}
		want := map[int]bool{}
		last := 0
		sc := bufio.NewScanner(bytes.NewReader(diff))
		sc.Buffer(nil, len(diff)+1)
		for sc.Scan() {
			m := header.FindSubmatch(sc.Bytes())
			if m == nil {
				continue
			}
			first, _ := strconv.Atoi(string(m[1]))
			count := 1
			if m[2] != nil {
				count, _ = strconv.Atoi(string(m[2]))
			}
			for n := first; n < first+count && n < 100_000; n++ {
				want[n] = true
			}
			last = max(last, first+count)
		}
		for n := 0; n <= min(last+1, 100_000); n++ {
			if l.Has(n) != want[n] {
				t.Fatalf("Has(%d) = %v, want %v", n, !want[n], want[n])
			}
		}
	})
}
