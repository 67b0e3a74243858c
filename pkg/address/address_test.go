package address

import (
	"reflect"
	"strings"
	"testing"
)

func TestScanList(t *testing.T) {
	for _, tc := range []struct {
		line string
		want []string
	}{
		{"jane@example.com", []string{"jane@example.com"}},
		{"  jane@example.com  ", []string{"jane@example.com"}},
		{"a@x.com, b@y.com; c@z.com", []string{"a@x.com", "b@y.com", "c@z.com"}},
		{"Jane Doe <jane@example.com>", []string{"jane@example.com"}},
		{`"Doe, Jane" <jane@example.com>, bob@example.org`, []string{"jane@example.com", "bob@example.org"}},
		{`"a,b"@example.com, c@example.com`, []string{`"a,b"@example.com`, "c@example.com"}},
		{"jane@example.com (Jane (the) Doe), bob@x.org", []string{"jane@example.com", "bob@x.org"}},
		{"(comment) jane@example.com", []string{"jane@example.com"}},
		{"Team: a@x.com, b@y.com;", []string{"a@x.com", "b@y.com"}},
		{"undisclosed-recipients:;", nil},
		{"Jane Doe jane@example.com", []string{"jane@example.com"}},
		{"jane@example.com # note about x@y.com", []string{"jane@example.com"}},
		{"#team@example.com", []string{"#team@example.com"}},
		{"a@x.com,,b@y.com,", []string{"a@x.com", "b@y.com"}},
		{"<jane@example.com", []string{"<jane@example.com"}},
		{"jane@example.com>", []string{"jane@example.com>"}},
		{"john doe@example.com", []string{"john doe@example.com"}},
		{"john @ example.com", []string{"john @ example.com"}},
		{`"unclosed <a@b.com>`, []string{`"unclosed <a@b.com>`}},
		{"a:b@x.com", []string{"a:b@x.com"}},
		{"Jane <jane@example.com> extra, b@y.com", []string{"jane@example.com", "b@y.com"}},
		{"Doe, Jane <jane@example.com>; Smith, John <john@example.org>", []string{"jane@example.com", "john@example.org"}},
		{"Jane Doe,jane@example.com,Acme Inc,42", []string{"jane@example.com"}},
		{"plainaddress", []string{"plainaddress"}},
		{"Jane Doe, Bob", []string{"Jane Doe", "Bob"}},
		{"", nil},
		{"   ", nil},
	} {
		var got []string
		ScanList(tc.line, func(s Span) bool {
			got = append(got, tc.line[s.Start:s.End])
			return true
		})
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("ScanList(%q) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

func TestScanListStops(t *testing.T) {
	n := 0
	ScanList("a@x.com, b@y.com, c@z.com", func(Span) bool { n++; return n < 2 })
	if n != 2 {
		t.Errorf("yield called %d times after returning false, want 2", n)
	}
}

func TestScanListHugeLine(t *testing.T) {
	line := strings.Repeat("someone@example.com, ", 100000)
	n := 0
	ScanList(line, func(Span) bool { n++; return true })
	if n != 100000 {
		t.Errorf("found %d addresses, want 100000", n)
	}
}

func TestHeaderNameEnd(t *testing.T) {
	for line, want := range map[string]int{
		"To: a@b.com":         4,
		"cc:a@b.com":          3,
		"BCC:   a@b.com":      7,
		"Reply-To: a@b.com":   10,
		"Subject: hi":         0,
		"a@b.com":             0,
		"Team: a@b.com":       0,
		"\"To: x\" <a@b.com>": 0,
	} {
		if got := HeaderNameEnd(line); got != want {
			t.Errorf("HeaderNameEnd(%q) = %d, want %d", line, got, want)
		}
	}
}

func TestParseRoundTrip(t *testing.T) {
	for _, s := range []string{"a@b.co", `"x y"@example.com`, "jörg@müller.de", "u@[192.0.2.1]"} {
		a, err := Parse(s)
		if err != nil {
			t.Errorf("Parse(%q): %v", s, err)
		}
		if a.String() != s {
			t.Errorf("Parse(%q).String() = %q", s, a.String())
		}
	}
}

func TestCheckDomainASCII(t *testing.T) {
	for in, want := range map[string]string{
		"Example.COM": "example.com",
		"müller.de":   "xn--mller-kva.de",
		"例子.中国":       "xn--fsqu00a.xn--fiqs8s",
		"ＥＸＡＭＰＬＥ.com": "example.com",
		"[192.0.2.1]": "",
	} {
		got, err := CheckDomain(in)
		if err != nil || got != want {
			t.Errorf("CheckDomain(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestRepair(t *testing.T) {
	for in, want := range map[string]string{
		"mailto:a@b.com":     "a@b.com",
		"<a@b.com>":          "a@b.com",
		"a@b.com.":           "a@b.com",
		"a @ b.com":          "a@b.com",
		"a@@b.com":           "a@b.com",
		"a..b@c..com":        "a.b@c.com",
		`"a@b.com"`:          "a@b.com",
		"a@b.com":            "",
		"plainaddress":       "",
		"a@-b.com":           "",
		"john doe@example.x": "",
	} {
		if got := Repair(in); got != want {
			t.Errorf("Repair(%q) = %q, want %q", in, got, want)
		}
	}
}
