package lint

import "testing"

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
