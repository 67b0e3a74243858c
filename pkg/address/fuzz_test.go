package address

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse: Parse never panics; a parsed address round-trips to the text
// it was parsed from, and its error offset is within that text.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"jane@example.com", `"a b"@x.org`, "a..b@x.com", "jörg@müller.de", "u@[IPv6:::1]", "@", "x@-y.com", "mailto:a@b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := Parse(s)
		if err != nil {
			if err.Offset >= len(s)+1 {
				t.Fatalf("Parse(%q): offset %d beyond the text", s, err.Offset)
			}
			return
		}
		if a.String() != s {
			t.Fatalf("Parse(%q) round-trips to %q", s, a.String())
		}
		if r := Repair(s); r != "" {
			t.Fatalf("Repair(%q) = %q for a valid address", s, r)
		}
	})
}

// FuzzScanList: every span lies within the line, in order, without
// overlapping; a repair is always itself a valid address.
func FuzzScanList(f *testing.F) {
	for _, s := range []string{"a@x.com, b@y.com", `"Doe, J" <j@x.com>; k@y.org (K)`, "Team: a@x.com, b@y.com;", "Doe, Jane <jane@x.com>", "((((", `"unclosed`, "# comment", "To: a@b.c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		prev := 0
		ScanList(line, func(s Span) bool {
			if s.Start < prev || s.End < s.Start || s.End > len(line) {
				t.Fatalf("ScanList(%q): span %+v after %d", line, s, prev)
			}
			prev = s.End
			if r := Repair(line[s.Start:s.End]); r != "" {
				if _, err := Parse(r); err != nil {
					t.Fatalf("Repair(%q) = %q, which does not parse: %v", line[s.Start:s.End], r, err)
				}
			}
			return true
		})
		if cut := LastSeparator([]byte(line)); cut < 0 || cut > len(line) || cut > 0 && !strings.ContainsAny(line[cut-1:cut], ",;") {
			t.Fatalf("LastSeparator(%q) = %d", line, cut)
		}
		_ = utf8.ValidString(line)
	})
}

// FuzzSplitPlain: what SplitPlain accepts, Split splits the same way and
// CheckLocal accepts, and it holds no angle bracket; it accepts every
// address with one '@' that those accept with an unquoted ASCII local part.
func FuzzSplitPlain(f *testing.F) {
	for _, s := range []string{"jane@example.com", "a.b+c@x.org", ".a@x.com", "a.@x.com", "a..b@x.com", "a@b@c.com", `"a"@x.com`, "a@x.com>", "<a@x.com", "mailto:a@b.c", "ü@x.de", strings.Repeat("a", 65) + "@x.com", "@x.com", "a@"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := SplitPlain(s)
		b, err := Split(s)
		simple := err == nil && CheckLocal(b.Local) == nil && strings.Count(s, "@") == 1 && !strings.HasPrefix(s, `"`) &&
			!strings.ContainsAny(s, "<>") && !strings.ContainsFunc(b.Local, func(r rune) bool { return r >= utf8.RuneSelf })
		if ok != simple || ok && a != b {
			t.Fatalf("SplitPlain(%q) = %+v, %v; Split gives %+v, %v (CheckLocal accepts: %v)", s, a, ok, b, err, simple)
		}
	})
}

// FuzzPlainLine: a line PlainLine accepts is one address for ScanList, has
// no header name, and is split by SplitPlain at the same '@'.
func FuzzPlainLine(f *testing.F) {
	for _, s := range []string{"jane@example.com", "to:a@x.com", "a@x.com, b@y.com", "#a@x.com", "a@x:y", "a@x>", "a @x.com", "a@x.com ", "a.b@x_y.com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		at := PlainLine(line)
		if at == 0 {
			return
		}
		var spans []Span
		ScanList(line, func(s Span) bool {
			spans = append(spans, s)
			return true
		})
		a, ok := SplitPlain(line)
		if !ok || len(a.Local) != at || HeaderNameEnd(line) != 0 || len(spans) != 1 || spans[0] != (Span{0, len(line)}) {
			t.Fatalf("PlainLine(%q) = %d; SplitPlain gives %+v, %v; header %d; spans %v", line, at, a, ok, HeaderNameEnd(line), spans)
		}
	})
}

// labelsFine, the shortcut, says a domain is fine exactly when the full
// check finds nothing wrong.
func FuzzLabelsFine(f *testing.F) {
	for _, s := range []string{"example.com", "a.b", "com", "1.2.3.4", "a-.com", "-a.com", "ab--c.com", "xn--mller-kva.de", "a..b", ".", "", "x.123", strings.Repeat("a", 64) + ".com"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if fine, err := labelsFine(s), labelError(s, s); fine != (err == nil) {
			t.Fatalf("labelsFine(%q) = %v, but the full check says %v", s, fine, err)
		}
	})
}
