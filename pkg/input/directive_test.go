package input

import (
	"bytes"
	"fmt"
	"reflect"
	"testing"
)

func TestFindDirective(t *testing.T) {
	for _, tc := range []struct {
		line string
		want *Directive
	}{
		{"jane@gmial.com  # rcptlint:ignore domain-typo -- her real address",
			&Directive{Line: 7, Target: 7, Keyword: "ignore", Rules: []string{"domain-typo"}, Reason: "her real address"}},
		{"# rcptlint:ignore-next-line domain-typo reason here",
			&Directive{Line: 7, Target: 8, Keyword: "ignore-next-line", Rules: []string{"domain-typo"}, Reason: "reason here"}},
		{"#rcptlint:ignore-next-line domain-typo, tld-typo ,syntax -- why",
			&Directive{Line: 7, Target: 8, Keyword: "ignore-next-line", Rules: []string{"domain-typo", "tld-typo", "syntax"}, Reason: "why"}},
		{"a@b.com #\trcptlint:ignore", &Directive{Line: 7, Target: 7, Keyword: "ignore"}},
		{"a@b.com # rcptlint:ignore -- all of them", &Directive{Line: 7, Target: 7, Keyword: "ignore", Reason: "all of them"}},
		{"a@b.com # rcptlint:ignore\r", &Directive{Line: 7, Target: 7, Keyword: "ignore"}},
		{"a@b.com # rcptlint:ignroe x", &Directive{Line: 7, Target: 7, Keyword: "ignroe", Rules: []string{"x"}}},
		{"a@b.com # see rcptlint:ignore x", nil},
		{"x#rcptlint:ignore@b.com", nil},
		{"a@b.com rcptlint:ignore", nil},
		{"a@b.com # rcptlint:", &Directive{Line: 7, Target: 7}},
		{"rcptlint:x # rcptlint:ignore syntax", &Directive{Line: 7, Target: 7, Keyword: "ignore", Rules: []string{"syntax"}}},
		{"a@b.com", nil},
	} {
		d, ok := findDirective(tc.line, 7)
		if tc.want == nil {
			if ok {
				t.Errorf("%q: directive %+v, want none", tc.line, d)
			}
			continue
		}
		if !ok || !reflect.DeepEqual(d, *tc.want) {
			t.Errorf("%q: %+v, %v; want %+v", tc.line, d, ok, *tc.want)
		}
	}
}

// BenchmarkReadTextDirectives reads lines that are not plain addresses,
// which are searched for an ignore comment when a Directive handler is
// set: "off" is the reading before ignore comments, "on" with them.
func BenchmarkReadTextDirectives(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&buf, "User %d <user%d@example%d.com>, other%d@example.org\n", i, i, i%100, i)
	}
	for _, on := range []bool{false, true} {
		name := "off"
		h := Handler{Address: func(Address) {}, Problem: func(Problem) {}}
		if on {
			name = "on"
			h.Directive = func(Directive) { b.Fatal("no directive in the input") }
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(buf.Len()))
			b.ReportAllocs()
			for b.Loop() {
				_ = Read(bytes.NewReader(buf.Bytes()), Options{}, h)
			}
		})
	}
}
