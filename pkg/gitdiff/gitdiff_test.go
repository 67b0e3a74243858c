package gitdiff

import "testing"

func TestParse(t *testing.T) {
	diff := []byte(`diff --git a/list.txt b/list.txt
index 1..2 100644
--- a/list.txt
+++ b/list.txt
@@ -1 +1 @@
-a
+b
@@ -5,0 +6,2 @@
+c
+d
@@ -9,3 +11,0 @@
-e
@@ -20 +20,3 @@ context
+f
`)
	l, err := Parse(diff)
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range map[int]bool{1: true, 2: false, 6: true, 7: true, 8: false, 11: false, 19: false, 20: true, 22: true, 23: false} {
		if l.Has(n) != want {
			t.Errorf("Has(%d) = %v, want %v", n, !want, want)
		}
	}
	if _, err := Parse([]byte("@@ -1 x1 @@\n")); err == nil {
		t.Error("a malformed header must be an error")
	}
	if !(&Lines{All: true}).Has(12345) {
		t.Error("All must hold every line")
	}
}
