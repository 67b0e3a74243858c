package escape

import "testing"

func TestString(t *testing.T) {
	for in, want := range map[string]string{
		"jane@example.com":   "jane@example.com",
		"jörg@müller.de":     "jörg@müller.de",
		"пример.рф":          "пример.рф",
		"a\x1b[31mb":         `a\x1b[31mb`,
		"evil\u202egnp.exe":  `evil\u202egnp.exe`,
		"zero\u200bwidth":    `zero\u200bwidth`,
		"bom\ufeff":          `bom\ufeff`,
		"nb\u00a0sp":         `nb\u00a0sp`,
		"bad\xffbyte":        `bad\xffbyte`,
		"tab\there":          `tab\x09here`,
		"del\x7f":            `del\x7f`,
		"c1\u0085":           `c1\u0085`,
		"ls\u2028":           `ls\u2028`,
		"tag\U000E0041":      `tag\u{e0041}`,
		"emoji😀ok":           "emoji😀ok",
		"private\ue000":      `private\ue000`,
		"combining e\u0301x": "combining e\u0301x",
	} {
		if got := String(in); got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
		if IsSafe(in) != (in == want) {
			t.Errorf("IsSafe(%q) = %v", in, IsSafe(in))
		}
	}
}
