package lint

import (
	"strings"
	"testing"
)

func TestCombine(t *testing.T) {
	for _, tc := range []struct {
		written, a, b, want string
		ok                  bool
	}{
		{"ann@@gmial.com", "ann@gmial.com", "ann@@gmail.com", "ann@gmail.com", true},
		{"ann@@gmial.com", "ann@@gmail.com", "ann@gmial.com", "ann@gmail.com", true},
		{"ann@gmial.com", "ann@gmail.com", "ann@gmail.com", "ann@gmail.com", true},
		// Domains compare in any case.
		{"a..b@GMIAL.com", "a.b@GMIAL.com", "a..b@gmail.com", "a.b@gmail.com", true},
		// The same part mended two ways: no repair.
		{"ann@gmial.com", "ann@gmail.com", "ann@gmx.com", "", false},
		{"a..b@x.com", "a.b@x.com", "ab@x.com", "", false},
		// A repair that changed the domain beside one that corrected it
		// another way.
		{"ann@gmial.com.", "ann@gmial.com", "ann@gmail.com.", "", false},
		// One that mends both parts, beside one that agrees with it on one.
		{"<a@gmial.com", "a@gmial.com", "<a@gmail.com", "a@gmail.com", true},
	} {
		got, ok := Combine(tc.written, tc.a, tc.b)
		if got != tc.want || ok != tc.ok {
			t.Errorf("Combine(%q, %q, %q) = %q, %v; want %q, %v", tc.written, tc.a, tc.b, got, ok, tc.want, tc.ok)
		}
	}
}

// Combine takes each part from one of the two suggestions, and the order
// they come in changes nothing but the case of a domain.
func FuzzCombine(f *testing.F) {
	f.Add("ann@@gmial.com", "ann@gmial.com", "ann@@gmail.com")
	f.Add("a..b@X.com", "a.b@X.com", "a..b@x.COM")
	f.Add("x", "x@", "@y")
	f.Fuzz(func(t *testing.T, w, a, b string) {
		r1, ok1 := Combine(w, a, b)
		r2, ok2 := Combine(w, b, a)
		if ok1 != ok2 {
			t.Fatalf("Combine(%q, %q, %q): %v one way, %v the other", w, a, b, ok1, ok2)
		}
		if !ok1 {
			return
		}
		l1, d1 := splitAt(r1)
		l2, d2 := splitAt(r2)
		if l1 != l2 || !strings.EqualFold(d1, d2) {
			t.Fatalf("Combine(%q, %q, %q) = %q one way, %q the other", w, a, b, r1, r2)
		}
		al, ad := splitAt(a)
		bl, bd := splitAt(b)
		if l1 != al && l1 != bl || d1 != ad && d1 != bd {
			t.Fatalf("Combine(%q, %q, %q) = %q: a part from neither", w, a, b, r1)
		}
		if a == b && r1 != a {
			t.Fatalf("Combine(%q, %q, %q) = %q, want the suggestion both make", w, a, b, r1)
		}
	})
}
