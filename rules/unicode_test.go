package rules

import (
	"testing"

	"golang.org/x/net/idna"
)

// unicodeName's shortcut for plain lower-case names gives what decoding
// them gives.
func TestUnicodeNameShortcut(t *testing.T) {
	for _, name := range []string{"gmail.com", "a--b.com", "-x.com", "x-.com", "1.2.3.4", "a..b", "", ".", "xn--mller-kva.de", "ab--cd.org", "co.uk", "GMAIL.com", "ex_ample.com"} {
		want := name
		if u, err := idna.Display.ToUnicode(name); err == nil {
			want = u
		}
		if got := unicodeName(name); got != want {
			t.Errorf("unicodeName(%q) = %q, want %q", name, got, want)
		}
	}
}
