package input

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/rcptlint/rcptlint/internal/longtest"
)

type got struct {
	addrs    []string // "line:col text"
	problems []string // "line: msg"
}

// read reads in with Read, and checks that ReadBlocks reads the same, in
// blocks of every size from a few bytes up.
func read(t *testing.T, in string, o Options) (got, error) {
	t.Helper()
	g, err := readWith(in, o, nil)
	for _, size := range []int{1, 7, 64, 4096, blockSize} {
		gb, errb := readWith(in, o, &blocking{size, 4 * size})
		if !reflect.DeepEqual(g, gb) || fmt.Sprint(err) != fmt.Sprint(errb) {
			t.Errorf("in blocks of %d: got %s, %v; Read got %s, %v", size, short(gb), errb, short(g), err)
		}
	}
	return g, err
}

// blocking sets the block sizes of readWith.
type blocking struct{ size, limit int }

// readWith reads in with Read, or with ReadBlocks when bl is set.
func readWith(in string, o Options, bl *blocking) (got, error) {
	var g got
	h := Handler{
		Address: func(a Address) {
			s := fmt.Sprintf("%d:%d %s", a.Line, a.Column, a.Text)
			switch {
			case a.Encoded != Written:
				s += " (" + a.Encoded.String() + ")"
			case a.Opaque:
				s += " (opaque)"
			}
			if a.EndLine != 0 {
				s += fmt.Sprintf(" to line %d", a.EndLine)
			}
			g.addrs = append(g.addrs, s)
		},
		Problem: func(p Problem) { g.problems = append(g.problems, fmt.Sprintf("%d: %s", p.Line, p.Msg)) },
	}
	if bl == nil {
		return g, Read(strings.NewReader(in), o, h)
	}
	return g, readBlocks(strings.NewReader(in), o, Blocks{Block: func(b *Block) { b.Read(h) }, Handler: h}, bl.size, bl.limit)
}

// short keeps failure messages readable when a test feeds huge input.
func short(v any) string {
	s := fmt.Sprintf("%q", v)
	if len(s) > 300 {
		return s[:150] + "…" + s[len(s)-150:]
	}
	return s
}

func TestTextLineEnds(t *testing.T) {
	want := []string{"1:1 a@x.com", "2:1 b@x.com", "3:1 c@x.com", "4:1 d@x.com"}
	for name, in := range map[string]string{
		"LF":          "a@x.com\nb@x.com\nc@x.com\nd@x.com\n",
		"CRLF":        "a@x.com\r\nb@x.com\r\nc@x.com\r\nd@x.com\r\n",
		"CR":          "a@x.com\rb@x.com\rc@x.com\rd@x.com\r",
		"mixed":       "a@x.com\r\nb@x.com\rc@x.com\nd@x.com",
		"no final LF": "a@x.com\nb@x.com\nc@x.com\nd@x.com",
		"BOM":         "\ufeffa@x.com\nb@x.com\nc@x.com\nd@x.com\n",
	} {
		g, err := read(t, in, Options{})
		if err != nil || !reflect.DeepEqual(g.addrs, want) {
			t.Errorf("%s: got %q, %v; want %q", name, g.addrs, err, want)
		}
	}
}

// A CRLF split across two reads must still be one line end.
func TestTextCRLFAcrossReads(t *testing.T) {
	in := strings.Repeat("a@x.com\r\n", 20000)
	var n int
	err := Read(iotest.OneByteReader(strings.NewReader(in)), Options{}, Handler{
		Address: func(a Address) {
			n++
			if a.Line != n || a.Column != 1 {
				t.Fatalf("address %d at %d:%d", n, a.Line, a.Column)
			}
		},
		Problem: func(p Problem) { t.Errorf("problem %+v", p) },
	})
	if err != nil || n != 20000 {
		t.Errorf("read %d addresses, %v; want 20000", n, err)
	}
}

func TestTextComments(t *testing.T) {
	in := "# a comment\n#\n  # indented comment with x@y.com\n#disabled\n#team@example.com\nx@y.com # note\n\n   \n"
	g, err := read(t, in, Options{})
	want := []string{"5:1 #team@example.com", "6:1 x@y.com"}
	if err != nil || !reflect.DeepEqual(g.addrs, want) {
		t.Errorf("got %q, %v; want %q", g.addrs, err, want)
	}
}

func TestTextLongLine(t *testing.T) {
	in := "a@x.com\n" + strings.Repeat("b", MaxLineLen+10) + "@x.com\nc@x.com\n"
	g, err := read(t, in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"1:1 a@x.com", "3:1 c@x.com"}; !reflect.DeepEqual(g.addrs, want) {
		t.Errorf("addresses %s, want %q", short(g.addrs), want)
	}
	if len(g.problems) != 1 || !strings.HasPrefix(g.problems[0], "2: line is longer than") {
		t.Errorf("problems %q", g.problems)
	}
}

func TestRejectsNonText(t *testing.T) {
	for name, in := range map[string]string{
		"binary":        "a@x.com\n\x00\x01\x02",
		"UTF-16 binary": "\xff\xfea\x00\x00\x00",
	} {
		if _, err := read(t, in, Options{}); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestReadError(t *testing.T) {
	r := io.MultiReader(strings.NewReader("a@x.com\n"), iotest.ErrReader(io.ErrUnexpectedEOF))
	var n int
	err := Read(r, Options{}, Handler{Address: func(Address) { n++ }, Problem: func(Problem) {}})
	if err == nil || n != 1 {
		t.Errorf("got %d addresses, error %v; want 1 and an error", n, err)
	}
}

func TestCSV(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		o        Options
		want     []string
		problems int
	}{
		{"header", "name,email\nJ,j@x.com\n", Options{}, []string{"2:3 j@x.com"}, 0},
		{"BOM CRLF", "\ufeffname,Email\r\nJ,j@x.com\r\n", Options{}, []string{"2:3 j@x.com"}, 0},
		{"no header", "J,j@x.com\nK,k@x.com\n", Options{}, []string{"1:3 j@x.com", "2:3 k@x.com"}, 0},
		{"header only", "name,email\n", Options{}, nil, 0},
		{"empty", "", Options{}, nil, 0},
		{"no final newline", "email\nj@x.com", Options{}, []string{"2:1 j@x.com"}, 0},
		{"CR only", "email\rj@x.com\rk@x.com", Options{}, []string{"2:1 j@x.com", "3:1 k@x.com"}, 0},
		{"ragged", "name,email\nJ\nK,k@x.com,extra,fields\n", Options{}, []string{"3:3 k@x.com"}, 1},
		{"bad bytes", "email\nbad\xff@x.com\nok@x.com\n", Options{}, []string{"2:1 bad\xff@x.com", "3:1 ok@x.com"}, 1},
		{"quoted", "email\n\"a@x.com\"\n\"b \"\"B\"\" <b@x.com>\"\n", Options{}, []string{"2:2 a@x.com", "3:11 b@x.com"}, 0},
		{"multiline", "email,n\n\"a@x.com,\nb@x.com\",1\nc@x.com,2\n", Options{}, []string{"2:2 a@x.com", "3:1 b@x.com", "4:1 c@x.com"}, 0},
		{"unterminated", "email\na@x.com\n\"b@x.com\nc@x.com\n", Options{}, []string{"2:1 a@x.com", "3:2 b@x.com", "4:1 c@x.com"}, 1},
		{"column number", "a,b\nx@y.com,z@y.com\n", Options{Columns: []string{"2"}}, []string{"2:9 z@y.com"}, 0},
		{"column name", "Main,Other\nx@y.com,z@y.com\n", Options{Columns: []string{"other"}}, []string{"2:9 z@y.com"}, 0},
		{"semicolon", "Name;E-Mail\nJ;j@x.com\n", Options{}, []string{"2:3 j@x.com"}, 0},
		{"outlook columns", "E-mail Address,E-mail 2 Address,Other\na@x.com,b@x.com,c@x.com\n", Options{}, []string{"2:1 a@x.com", "2:9 b@x.com"}, 0},
		{"google columns", "E-mail 1 - Type,E-mail 1 - Value\nHome,a@x.com ::: b@x.com\n", Options{}, []string{"2:6 a@x.com", "2:18 b@x.com"}, 0},
		{"qualified email headers", "First Name,Primary Email,Secondary Email,Business E-mail Address,Send Email,E-mail Display Name,Postal Mail Address\nB,b@x.com,c@x.com,,no,B (b@x.com),1 Main St\nA,a@x.com,,d@x.com,yes,A (a@x.com),\n", Options{}, []string{"2:3 b@x.com", "2:11 c@x.com", "3:3 a@x.com", "3:12 d@x.com"}, 0},
		{"every line too long", strings.Repeat("c,", MaxLineLen/2+1) + "\n" + strings.Repeat("a@x.com,", MaxLineLen/8+1) + "\n\n", Options{}, nil, 2},
		{"german outlook", "Vorname,E-Mail-Adresse,E-Mail-Typ,E-Mail: Angezeigter Name,E-Mail 2: Adresse\nB,b@x.com,SMTP,B (b@x.com),c@x.com\n", Options{}, []string{"2:3 b@x.com", "2:28 c@x.com"}, 0},
		{"qualified email header alone", "Name,Alternate Email\nB,\nC,c@x.com\n", Options{}, []string{"3:3 c@x.com"}, 0},
		{"outlook exchange entry", "E-mail Address,E-mail Type,E-mail 2 Address\n\"/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=bob\",EX,b@x.com\n/O=ORG/OU=SITE/CN=RECIPIENTS/CN=ANN,EX,/o=x@y.com\n", Options{}, []string{"2:94 b@x.com", "3:40 /o=x@y.com"}, 0},
		{"columns by content", "a@x.com,1,b@x.com\nc@x.com,2,d@x.com\n", Options{}, []string{"1:1 a@x.com", "1:11 b@x.com", "2:1 c@x.com", "2:11 d@x.com"}, 0},
		{"columns given", "a,b,c\nx@y.com,1,z@y.com\n", Options{Columns: []string{"c", "1"}}, []string{"2:1 x@y.com", "2:11 z@y.com"}, 0},
		{"columns numbered, no header", "x@y.com,1,z@y.com\n", Options{Columns: []string{"3", "1", "3"}}, []string{"1:1 x@y.com", "1:11 z@y.com"}, 0},
		{"short row, several columns", "a,b,c\nx@y.com,1,z@y.com\n\n,\n", Options{Columns: []string{"1", "3"}}, []string{"2:1 x@y.com", "2:11 z@y.com"}, 0},
	} {
		o := tc.o
		o.Format = CSV
		g, err := read(t, tc.in, o)
		if err != nil || !reflect.DeepEqual(g.addrs, tc.want) || len(g.problems) != tc.problems {
			t.Errorf("%s: got %s, problems %q, err %v; want %q and %d problems", tc.name, short(g.addrs), g.problems, err, tc.want, tc.problems)
		}
	}
}

func TestTSV(t *testing.T) {
	g, err := read(t, "name\temail\nJ, K\tj@x.com\n", Options{Format: TSV})
	if want := []string{"2:6 j@x.com"}; err != nil || !reflect.DeepEqual(g.addrs, want) {
		t.Errorf("got %q, %v; want %q", g.addrs, err, want)
	}
}

func TestCSVErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		in string
		o  Options
	}{
		"no address column": {"a,b\n1,2\n", Options{}},
		"unknown name":      {"a,b\nx@y.com,2\n", Options{Columns: []string{"email"}}},
		"column zero":       {"a,b\nx@y.com,2\n", Options{Columns: []string{"0"}}},
		"column too far":    {"a,b\nx@y.com,2\n", Options{Columns: []string{"1", "3"}}},
	} {
		tc.o.Format = CSV
		if _, err := read(t, tc.in, tc.o); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// An unknown --column names itself and at most a few header names, each
// escaped and cut short, whatever the header holds.
func TestCSVUnknownColumnMessage(t *testing.T) {
	header := "a,\"b\x1b[2J\",\"" + strings.Repeat("long", 20) + "\"," + strings.Repeat("x,", 100_000) + "y\n"
	_, err := read(t, header+"1,2\n", Options{Format: CSV, Columns: []string{"mail"}})
	want := `no column is named "mail"; the header has 100004 columns: "a", "b\x1b[2J", "` + strings.Repeat("long", 10) + `"…, "x", "x", "x", "x", "x", … (99996 more)`
	if err == nil || err.Error() != want {
		t.Errorf("got %.300v\nwant %s", err, want)
	}
}

func TestCSVHugeField(t *testing.T) {
	in := "email\n\"" + strings.Repeat("x", MaxLineLen/2) + "\n" + strings.Repeat("y", MaxLineLen) + "\"\nok@x.com\n"
	g, err := read(t, in, Options{Format: CSV})
	if err != nil || len(g.problems) != 1 || len(g.addrs) != 1 || g.addrs[0] != "4:1 ok@x.com" {
		t.Errorf("got %s, problems %q, %v", short(g.addrs), g.problems, err)
	}
}

func TestByExtension(t *testing.T) {
	for name, want := range map[string]Format{"a.csv": CSV, "A.CSV": CSV, "a.tsv": TSV, "a.tab": TSV, "a.txt": Text, "list": Auto, "-": Auto,
		"a.vcf": VCard, "a.ldif": LDIF, "a.eml": Mail, "a.mbox": Mail, "a.json": JSON} {
		if got := ByExtension(name); got != want {
			t.Errorf("ByExtension(%q) = %v, want %v", name, got, want)
		}
	}
}

// An explicit format wins over the extension, the extension over the
// content, and the content decides the rest.
func TestDecideFormat(t *testing.T) {
	for _, tc := range []struct {
		o    Options
		in   string
		want Format
	}{
		{Options{Name: "a.csv", Format: Text}, "a,b\n1,2\n", Text},
		{Options{Name: "a.txt"}, "a,b\n1,2\n", Text},
		{Options{Name: "-"}, "name,email\nJ,j@x.com\n", CSV},
		{Options{Name: "-"}, "name\temail\nJ\tj@x.com\n", TSV},
		{Options{Name: "-"}, "a@x.com, b@x.com\nc@x.com\n", Text},
		{Options{Name: "-"}, "Doe, Jane <j@x.com>\n", Text},
		{Options{Name: "-"}, "To: a@x.com\nCc: b@x.com\n", Text},
		{Options{Name: "-"}, "# team, 2026\n# sales, support\na@x.com\n", Text},
		{Options{Name: "list"}, "\ufeffBEGIN:VCARD\nEMAIL:a@x.com\n", VCard},
		{Options{Name: "list"}, "version: 1\ndn: cn=a\n", LDIF},
		{Options{Name: "list"}, "From a@x.com Sat Jan  3 01:05:34 1996\n", Mail},
		{Options{Name: "list"}, "Return-Path: <a@x.com>\n", Mail},
		{Options{Name: "list"}, "X-Mozilla-Status: 0001\n", Mail},
		{Options{Name: "list"}, "  [\"a@x.com\"]", JSON},
	} {
		var got Format
		var why string
		err := Read(strings.NewReader(tc.in), tc.o, Handler{Address: func(Address) {}, Problem: func(Problem) {},
			Format: func(f Format, w string) { got, why = f, w }})
		if got != tc.want || why == "" {
			t.Errorf("%+v %q: %v (%s), %v; want %v", tc.o, tc.in, got, why, err, tc.want)
		}
	}
}

func BenchmarkReadText(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&buf, "user%d@example%d.com\n", i, i%100)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		_ = Read(bytes.NewReader(buf.Bytes()), Options{}, Handler{Address: func(Address) {}, Problem: func(Problem) {}})
	}
}

// BenchmarkReadLists reads address lists with display names, which go
// through the list scanner and the unwrapping of each entry.
func BenchmarkReadLists(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&buf, "\"Name %d\" <user%d@example%d.com>, see user%d@example.org\n", i, i, i%100, i)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		_ = Read(bytes.NewReader(buf.Bytes()), Options{Format: Text}, Handler{Address: func(Address) {}, Problem: func(Problem) {}})
	}
}

// BenchmarkReadCSV reads an Outlook export of 10,000 contacts.
func BenchmarkReadCSV(b *testing.B) {
	var buf bytes.Buffer
	buf.WriteString("First Name,Last Name,Company,E-mail Address,E-mail 2 Address,Notes\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&buf, "Jane%d,Doe,\"Acme, Inc.\",jane%d@example%d.com,,\"a note\"\n", i, i, i%100)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		_ = Read(bytes.NewReader(buf.Bytes()), Options{Format: CSV}, Handler{Address: func(Address) {}, Problem: func(Problem) {}})
	}
}

// BenchmarkReadVCard reads an address book of 10,000 cards, each with
// two addresses, one folded, and escapes in a note and in an address.
func BenchmarkReadVCard(b *testing.B) {
	var buf bytes.Buffer
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&buf, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nN:Doe;Jane;;;\r\nEMAIL;TYPE=INTERNET;TYPE=WORK:user%d@example%d.com\\,\r\n"+
			"item1.EMAIL;TYPE=INTERNET:jane.doe%d@exa\r\n mple%d.org\r\nNOTE:a note\\, with a comma\r\nEND:VCARD\r\n", i, i, i%100, i, i%100)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		_ = Read(bytes.NewReader(buf.Bytes()), Options{Format: VCard}, Handler{Address: func(Address) {}, Problem: func(Problem) {}})
	}
}

func TestCharColumns(t *testing.T) {
	var got []string
	err := Read(strings.NewReader("name,email\n\"Jörg Müller\",jörg@müller.de\n\"Ünal\n<ü@x.de>\",y\n"), Options{Format: CSV}, Handler{
		Address: func(a Address) { got = append(got, fmt.Sprintf("%d:%d:%d", a.Line, a.Column, a.Char)) },
		Problem: func(p Problem) { t.Errorf("problem %+v", p) },
	})
	if want := []string{"2:17:15", "4:12:11"}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, %v; want %q", got, err, want)
	}
	got = nil
	_ = Read(strings.NewReader("Ünal <ü@x.de>, a@b.de\n"), Options{}, Handler{
		Address: func(a Address) { got = append(got, fmt.Sprintf("%d:%d:%d", a.Line, a.Column, a.Char)) },
		Problem: func(Problem) {},
	})
	if want := []string{"1:8:7", "1:18:16"}; !reflect.DeepEqual(got, want) {
		t.Errorf("text: got %q, want %q", got, want)
	}
}

func TestUTF16(t *testing.T) {
	le := "\xff\xfe" + utf16le("name,email\r\nJörg,jörg@müller.de\r\n")
	g, err := read(t, le, Options{Format: CSV})
	if want := []string{"2:7 jörg@müller.de"}; err != nil || !reflect.DeepEqual(g.addrs, want) {
		t.Errorf("UTF-16LE: got %q, %v; want %q", g.addrs, err, want)
	}
	be := "\xfe\xff" + utf16be("a@x.com\nb@y.org\n")
	g, err = read(t, be, Options{})
	if want := []string{"1:1 a@x.com", "2:1 b@y.org"}; err != nil || !reflect.DeepEqual(g.addrs, want) {
		t.Errorf("UTF-16BE: got %q, %v; want %q", g.addrs, err, want)
	}
}

func utf16le(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func utf16be(s string) string {
	var b []byte
	for _, r := range s {
		b = append(b, byte(r>>8), byte(r))
	}
	return string(b)
}

// Bad bytes after the first 4 KB (where a NUL would mean a binary file)
// are reported by line, and every address is still read.
func TestBadBytesInText(t *testing.T) {
	filler := strings.Repeat("# padding\n", 500)
	g, err := read(t, filler+"a@x.com\nb\xff@x.com\nc\x00@x.com\nd@x.com\n", Options{})
	if err != nil || len(g.addrs) != 4 || len(g.problems) != 2 ||
		!strings.Contains(g.problems[0], "502: line is not valid UTF-8") || !strings.Contains(g.problems[1], "503: line holds a NUL byte") {
		t.Errorf("got %q, problems %q, %v", g.addrs, g.problems, err)
	}
}

// A list of a million addresses on one line is read in segments, each
// address located in the physical line.
func TestMillionAddressLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("To: ")
	for i := 0; i < 1_000_000; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "u%d@x.com", i)
	}
	b.WriteString("\nlast@y.org\n")
	line := b.String()
	n := 0
	var last Address
	err := Read(strings.NewReader(line), Options{}, Handler{
		Address: func(a Address) {
			want := fmt.Sprintf("u%d@x.com", n)
			if a.Line == 1 && (a.Text != want || line[a.Column-1:a.Column-1+len(want)] != want) {
				t.Fatalf("address %d: %+v, want %s at its column", n, a, want)
			}
			n++
			last = a
		},
		Problem: func(p Problem) { t.Errorf("problem %+v", p) },
	})
	if err != nil || n != 1_000_001 || last.Text != "last@y.org" || last.Line != 2 {
		t.Errorf("read %d addresses, last %+v, %v", n, last, err)
	}
}

// endless yields n bytes of c, then tail, without holding them.
type endless struct {
	n    int
	c    byte
	tail string
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n > 0 {
		k := min(len(p), e.n)
		for i := range p[:k] {
			p[i] = e.c
		}
		e.n -= k
		return k, nil
	}
	if e.tail == "" {
		return 0, io.EOF
	}
	k := copy(p, e.tail)
	e.tail = e.tail[k:]
	return k, nil
}

// A 200 MB line or field is reported and skipped in bounded memory, and
// what follows is still read.
func TestHugeLineBoundedMemory(t *testing.T) {
	longtest.Skip(t, "reads 400 MB")
	for name, tc := range map[string]struct {
		r    io.Reader
		o    Options
		want string
	}{
		"text line": {&endless{200 << 20, 'a', "\nok@x.com\n"}, Options{}, "2:1 ok@x.com"},
		"CSV field": {io.MultiReader(strings.NewReader("email\n\""), &endless{200 << 20, 'b', "\"\nok@x.com\n"}), Options{Format: CSV}, "3:1 ok@x.com"},
	} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var got []string
		var problems []string
		err := Read(tc.r, tc.o, Handler{
			Address: func(a Address) { got = append(got, fmt.Sprintf("%d:%d %s", a.Line, a.Column, a.Text)) },
			Problem: func(p Problem) { problems = append(problems, p.Msg) },
		})
		runtime.ReadMemStats(&after)
		if err != nil || len(problems) != 1 || len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: got %q, problems %q, %v", name, got, problems, err)
		}
		if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<20 {
			t.Errorf("%s: allocated %d MB for a 200 MB line", name, grown>>20)
		}
	}
}

// A file that grows while it is read is read to the end it has when the
// reader gets there: no error, no address lost or doubled.
func TestGrowingFile(t *testing.T) {
	path := t.TempDir() + "/grow.txt"
	if err := os.WriteFile(path, []byte(strings.Repeat("a@x.com\n", 100)), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	n := 0
	err = Read(f, Options{}, Handler{
		Address: func(a Address) {
			n++
			if a.Line != n || a.Text != "a@x.com" {
				t.Fatalf("address %d: %+v", n, a)
			}
			if n <= 5000 {
				w.WriteString("a@x.com\n")
			}
		},
		Problem: func(p Problem) { t.Errorf("problem %+v", p) },
	})
	if err != nil || n < 100 {
		t.Errorf("read %d addresses, %v", n, err)
	}
}

// A block is parsed on a worker and its addresses are held, with their
// findings, until it is delivered, with up to 16 blocks queued: a block
// stays within 96 KiB however long its lines, and a longer line is read in
// place, a batch of addresses at a time. Blocks of 2 MiB held 400,000
// addresses each: sixteen lines of 100,000 'xN@' took 308 MB and 32 s of
// CPU, against 59 MB and 2 s in lines of 4,500.
func TestBlocksStaySmall(t *testing.T) {
	var b strings.Builder
	for i := 0; i < 4; i++ {
		for j := 0; j < 20000; j++ {
			fmt.Fprintf(&b, "x%d@, ", j)
		}
		b.WriteString("last@example.com\n")
	}
	largest := 0
	h := Handler{Address: func(Address) {}, Problem: func(Problem) {}}
	err := ReadBlocks(strings.NewReader(b.String()), Options{}, Blocks{
		Block:   func(blk *Block) { largest = max(largest, len(blk.data)); blk.Read(h) },
		Handler: h,
	})
	if err != nil || largest > 96<<10 {
		t.Errorf("largest block %d bytes, %v; want at most %d", largest, err, 96<<10)
	}
}

// ReadBlocks reads exactly what Read reads at the real block sizes: lines
// ending on every side of a block's edge, a line longer than a block (the
// block grows), and a line too long for any block (the rest is read in
// place).
func TestReadBlocksAsRead(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 3*blockSize; i++ {
		fmt.Fprintf(&b, "user%d@example%d.com%s", i, i%7, []string{"\n", "\r\n", "\r"}[i%3])
	}
	lines := b.String()
	long := "To: " + strings.Repeat("someone@example.com, ", 30000) + "last@example.com\n"
	huge := "To: " + strings.Repeat("someone@example.com, ", 150000) + "last@example.com\n"
	for name, in := range map[string]string{
		"lines":             lines,
		"long line":         lines + long + lines,
		"too long to block": lines + huge + lines + "\r",
		"one huge entry":    lines + "x" + strings.Repeat("y", MaxLineLen+10) + "@example.com\n" + lines,
	} {
		want, err := readWith(in, Options{}, nil)
		got, errb := readWith(in, Options{}, &blocking{blockSize, maxBlockSize})
		if err != nil || errb != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ReadBlocks read %d addresses and %q, %v; Read %d and %q, %v",
				name, len(got.addrs), got.problems, errb, len(want.addrs), want.problems, err)
		}
	}
}

// Finding the address column keeps a bounded sample, whatever the width
// of the rows: ten rows of a million empty fields (10 MB) once took
// 1.16 GB, and a record of a million quoted fields that each run across
// a line as much.
func TestCSVWideRowsBoundedMemory(t *testing.T) {
	longtest.Skip(t, "reads 30 MB")
	wide := strings.Repeat(strings.Repeat(",", 999_999)+"\n", 10)
	tall := "email,n\na@x.com," + strings.Repeat("\"\n\",", 1_000_000) + "1\nb@x.com,2\n"
	for name, tc := range map[string]struct {
		in      string
		o       Options
		want    []string
		problem string
	}{
		"wide rows, no column":        {wide, Options{}, nil, "no column holds email addresses"},
		"wide rows, last column":      {wide + strings.Repeat(",", 999_999) + "z@x.com\n", Options{Columns: []string{"1000000"}}, []string{"11:1000000 z@x.com"}, ""},
		"wide rows, unknown name":     {wide, Options{Columns: []string{"email"}}, nil, `no column is named "email"; the header has 1000000 columns: "", "", "", "", "", "", "", "", … (999992 more)`},
		"a million multi-line fields": {tall, Options{}, []string{"2:1 a@x.com", "1000003:1 b@x.com"}, ""},
	} {
		tc.o.Format = CSV
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		g, err := readWith(tc.in, tc.o, nil)
		runtime.ReadMemStats(&after)
		if !reflect.DeepEqual(g.addrs, tc.want) || (tc.problem == "") != (err == nil) || err != nil && err.Error() != tc.problem && !strings.HasPrefix(err.Error(), tc.problem) {
			t.Errorf("%s: got %s, %v; want %q, %q", name, short(g.addrs), err, tc.want, tc.problem)
		}
		if grown := after.TotalAlloc - before.TotalAlloc; grown > 32<<20 {
			t.Errorf("%s: allocated %d MB", name, grown>>20)
		}
	}
}

// The sample that finds the address column may end inside a record (here
// a quoted field across lines, at 64 KiB): the lines are read again as
// records, every address once, where it is.
func TestCSVSampleEndsInRecord(t *testing.T) {
	var b strings.Builder
	n := 0
	for b.Len() < sampleBytes-20 {
		n++
		fmt.Fprintf(&b, "J,j%d@x.com\n", n)
	}
	b.WriteString("K,\"k@x.com,\n" + strings.Repeat("l@x.com,\n", 30) + "m@x.com\"\nN,n@x.com\n")
	g, err := read(t, b.String(), Options{Format: CSV})
	var want []string
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("%d:3 j%d@x.com", i, i))
	}
	want = append(want, fmt.Sprintf("%d:4 k@x.com", n+1))
	for i := 0; i < 30; i++ {
		want = append(want, fmt.Sprintf("%d:1 l@x.com", n+2+i))
	}
	want = append(want, fmt.Sprintf("%d:1 m@x.com", n+32), fmt.Sprintf("%d:3 n@x.com", n+33))
	if err != nil || len(g.problems) > 0 || !reflect.DeepEqual(g.addrs, want) {
		t.Errorf("got %s, problems %q, %v", short(g.addrs), g.problems, err)
	}
}

// BenchmarkCSVQuotedField reads rows of one quoted field holding a list
// of addresses, one a line, at two sizes: the time per address must not
// grow with the field (it once rescanned the field's lines for every
// address: 25 s for eight rows of 42,000).
func BenchmarkCSVQuotedField(b *testing.B) {
	for _, n := range []int{4_000, 40_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			var in bytes.Buffer
			in.WriteString("email\n")
			for r := 0; r < 2; r++ {
				in.WriteByte('"')
				for i := 0; i < n; i++ {
					fmt.Fprintf(&in, "user%05d@example.com,\n", i)
				}
				in.WriteString("\"\n")
			}
			b.SetBytes(int64(in.Len()))
			b.ReportAllocs()
			addrs := 0
			for b.Loop() {
				_ = Read(bytes.NewReader(in.Bytes()), Options{Format: CSV}, Handler{Address: func(Address) { addrs++ }, Problem: func(Problem) {}})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(addrs), "ns/address")
		})
	}
}

// A header line too long to read is reported, and the row after it is data,
// never taken for the header: a column named by --column cannot be found.
func TestCSVHeaderTooLong(t *testing.T) {
	long := "email," + strings.Repeat("c,", MaxLineLen/2) + "c\n"
	tooLong := fmt.Sprintf("1: line is longer than %d bytes; skipped", MaxLineLen)
	for _, tc := range []struct {
		name, in, column string
		addrs, problems  []string
		err              string
	}{
		{name: "by name", in: long + "b@gmial.com,z\n", column: "email",
			err: fmt.Sprintf("line 1 is longer than %d bytes and was skipped, so the header is lost and no column can be found by name; give --column the column's number", MaxLineLen)},
		{name: "by number", in: long + "b,z\nc@x.com,z\n", column: "1",
			addrs: []string{"2:1 b", "3:1 c@x.com"}, problems: []string{tooLong}},
		{name: "sniffed", in: long + "b,z\nc@x.com,z\nd@x.com,z\n",
			addrs: []string{"2:1 b", "3:1 c@x.com", "4:1 d@x.com"}, problems: []string{tooLong}},
	} {
		g, err := read(t, tc.in, Options{Format: CSV, Columns: []string{tc.column}})
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if msg != tc.err {
			t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
		}
		if !reflect.DeepEqual(g.addrs, tc.addrs) || !reflect.DeepEqual(g.problems, tc.problems) {
			t.Errorf("%s: got %q, problems %q; want %q, %q", tc.name, g.addrs, g.problems, tc.addrs, tc.problems)
		}
	}
}

// A wrapper no address is written in is left out of the address: quotes,
// mailto:, prose and a name; an address list keeps its parsing.
func TestUnwrap(t *testing.T) {
	for in, want := range map[string][]string{
		`"bob@x.con"`:                  {"1:2 bob@x.con"},
		`  "bob@x.con",`:               {"1:4 bob@x.con"},
		"mailto:jane@x.com":            {"1:8 jane@x.com"},
		"<MAILTO:jane@x.com>":          {"1:9 jane@x.com"},
		"mailto:jane@x.com?subject=hi": {"1:8 jane@x.com"},
		"see jane@x.com":               {"1:5 jane@x.com"},
		"alias bob bob@x.cm (Bob)":     {"1:11 bob@x.cm"},
		"Bob <bob@x.com>, c@y.org":     {"1:6 bob@x.com", "1:18 c@y.org"},
		`"john doe"@x.com`:             {`1:1 "john doe"@x.com`},
		`"x@y" <a@x.com>`:              {"1:8 a@x.com"},
		"a@x.com b@y.com":              {"1:1 a@x.com b@y.com"},
		"mailto:":                      {"1:1 mailto:"},
		`""`:                           {`1:1 ""`},
		`"a@x.com, b@y.com"`:           {"1:2 a@x.com", "1:11 b@y.com"},
		`  "a@x.com; Bob <b@y.com>",`:  {"1:4 a@x.com", "1:18 b@y.com"},
		`"a,b"@x.com`:                  {`1:1 "a,b"@x.com`},
	} {
		g, err := read(t, in+"\n", Options{Format: Text})
		if err != nil || !reflect.DeepEqual(g.addrs, want) {
			t.Errorf("%q: got %q, %v; want %q", in, g.addrs, err, want)
		}
	}
}

// vCard, LDIF, messages and JSON arrays: each address at its line and
// column, and nothing read from the rest of the file.
func TestFormats(t *testing.T) {
	for _, tc := range []struct {
		name     string
		f        Format
		in       string
		want     []string
		problems int
		err      string
	}{
		{"vcard", VCard, "BEGIN:VCARD\r\nFN:A B\r\nEMAIL;TYPE=\"a:b\":a@x.com\r\nitem1.email:b@x\r\n .com\r\nNOTE:c@x.com\r\nEND:VCARD\r\n", []string{"3:18 a@x.com", "4:13 b@x.com (opaque) to line 5"}, 0, ""},
		{"vcard encoded", VCard, "EMAIL;ENCODING=X-ROT13:n@k.pbz\n", nil, 1, ""},
		{"ldif", LDIF, "dn: mail=z@x.com\nmail:  a@x.com\nMAIL;lang-en: b@x.com\n# mail: c@x.com\ncn: d@x.com\nmail:: ZUB4LmNvbQ==\nmail:< file:///x\nmail:: !!\n", []string{"2:8 a@x.com", "3:15 b@x.com", "6:8 e@x.com (a base64 value)"}, 2, ""},
		{"eml", Mail, "Received: from x\n\tby y\nFrom: A <a@x.com>\nTO: b@x.com,\n c@x.com\nSubject: d@x.com\n\nTo: e@x.com\n", []string{"3:10 a@x.com", "4:5 b@x.com", "5:2 c@x.com"}, 0, ""},
		{"eml body line too long", Mail, "To: a@x.com\n\n" + strings.Repeat("x", MaxLineLen+1) + "\n", []string{"1:5 a@x.com"}, 0, ""},
		{"eml header too long", Mail, "To: a@x.com,\n " + strings.Repeat("x", MaxLineLen) + "\nCc: b@x.com\n", []string{"3:5 b@x.com"}, 1, ""},
		{"eml without header end", Mail, "From: a@x.com\nnot a header\nTo: b@x.com\n", []string{"1:7 a@x.com"}, 0, ""},
		{"mbox", Mail, "From a@x.com Mon\nTo: b@x.com\n\nFrom c@x.com Mon\nFrom: d@x.com\n\nbody\nFrom x\nTo: e@x.com\n", []string{"2:5 b@x.com", "5:7 d@x.com"}, 0, ""},
		{"ldif folded and base64 folded", LDIF, "dn: cn=a\nmail: bob@yah\n oo.com\nmail:: YUB4\n LmNvbQ==\nmail: c@x.com\n", []string{"2:7 bob@yahoo.com (opaque) to line 3", "4:8 a@x.com (a base64 value) to line 5", "6:7 c@x.com"}, 0, ""},
		{"csv quoted across lines", CSV, "email\n\"a@x.com\nb@y.com\"\n\"\"\"q\"\"@x.com\"\n", []string{"2:2 a@x.com\nb@y.com (opaque) to line 3", "4:2 \"q\"@x.com (opaque)"}, 0, ""},
		{"json", JSON, "[\"a@x.com\",\"b@x.com, c@x.com\" ,\n \"\\u0064@x.com\"]\n", []string{"1:3 a@x.com", "1:13 b@x.com", "1:22 c@x.com", "2:3 d@x.com (opaque)"}, 0, ""},
		{"json escapes before addresses", JSON, "[\"J\\u00e9r\\u00f4me <j@x.com>\", \"\\t b@x.com\", \"\\ud83d\\ude00 c@x.com, \\\"q\\\"@x.com\"]", []string{"1:21 j@x.com", "1:36 b@x.com", "1:60 c@x.com", "1:69 \"q\"@x.com (opaque)"}, 0, ""},
		{"json line break", JSON, "[\"a@x.com\\nb@x.com\\r\\nc@x.com\"]", []string{"1:3 a@x.com", "1:12 b@x.com", "1:23 c@x.com"}, 0, ""},
		{"json empty", JSON, "[]", nil, 0, ""},
		{"json not closed", JSON, "[\"a@x.com\"", []string{"1:3 a@x.com"}, 0, "json: the array is never closed (rcptlint reads a JSON array of strings)"},
		{"json number", JSON, "[\"a@x.com\", 1]", []string{"1:3 a@x.com"}, 0, "json: line 1, column 13: want a string, found a number (rcptlint reads a JSON array of strings)"},
		{"json object", JSON, "{\"a\": 1}", nil, 0, "json: line 1, column 1: want '[', found an object (rcptlint reads a JSON array of strings)"},
		{"json string across lines", JSON, "[\"a@x.com\n\"]", nil, 0, "json: line 1, column 2: the string is not closed on its line"},
		{"json after the end", JSON, "[] []", nil, 0, "json: line 1, column 4: want nothing after the array, found an array (rcptlint reads a JSON array of strings)"},
	} {
		g, err := read(t, tc.in, Options{Format: tc.f})
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if !reflect.DeepEqual(g.addrs, tc.want) || len(g.problems) != tc.problems || msg != tc.err {
			t.Errorf("%s: got %q, problems %q, err %q; want %q, %d problems, err %q", tc.name, g.addrs, g.problems, msg, tc.want, tc.problems, tc.err)
		}
	}
}

// A vCard value is read as it stands for: its escapes decoded (\, \;
// \\ \n), each address located where the file writes it, across escapes
// and folds; a quoted-printable value (soft line breaks too), a base64
// one and one in another charset are decoded, their addresses located at
// the start of the value and marked as encoded.
func TestVCardValues(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		want     []string
		problems int
	}{
		{"escaped comma", "EMAIL:jane\\,doe@gmial.com\r\n", []string{"1:13 doe@gmial.com"}, 0},
		{"ends in an escaped comma", "EMAIL:ann@gmial.com\\,\r\n", []string{"1:7 ann@gmial.com"}, 0},
		{"ends in an escaped semicolon", "EMAIL;TYPE=work:ann@gmial.com\\;\r\n", []string{"1:17 ann@gmial.com"}, 0},
		{"escaped backslash", "EMAIL:x\\\\y@x.com\n", []string{"1:7 x\\y@x.com (opaque)"}, 0},
		{"escaped comma in quotes", "EMAIL:\"a\\,b\"@x.com\n", []string{"1:7 \"a,b\"@x.com (opaque)"}, 0},
		{"a list", "EMAIL:a@x.com\\, b@y.com\\,c@z.com\n", []string{"1:7 a@x.com", "1:17 b@y.com", "1:26 c@z.com"}, 0},
		{"escaped line break", "EMAIL:a@x.com\\nb@y.com\\N\n", []string{"1:7 a@x.com", "1:16 b@y.com"}, 0},
		{"unknown escape kept", "EMAIL:a\\b@x.com\n", []string{"1:7 a\\b@x.com"}, 0},
		{"escape across a fold", "EMAIL:a@x.com\\\r\n ,b@y.com\r\n", []string{"1:7 a@x.com", "2:3 b@y.com"}, 0},
		{"escapes on a folded line", "EMAIL:a@x.com\\,\r\n b\\;c@y.com\r\n", []string{"1:7 a@x.com", "2:5 c@y.com"}, 0},
		{"quoted-printable", "EMAIL;ENCODING=QUOTED-PRINTABLE:a=40x.com\n", []string{"1:33 a@x.com (a quoted-printable value)"}, 0},
		{"quoted-printable bare, soft line breaks", "EMAIL;INTERNET;QUOTED-PRINTABLE:jane.doe=\r\n=40gm=\r\nial.com\r\nNOTE:x=\r\nEMAIL:b@y.com\r\n",
			[]string{"1:33 jane.doe@gmial.com (a quoted-printable value) to line 3", "5:7 b@y.com"}, 0},
		{"quoted-printable latin-1", "EMAIL;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:j=F6rg@x.com\n", []string{"1:52 j\u00f6rg@x.com (a quoted-printable value)"}, 0},
		{"latin-1 written", "EMAIL;CHARSET=windows-1252:j\xf6rg@x.com, a@y.com\n", []string{"1:28 j\u00f6rg@x.com (a value in another character set than UTF-8)", "1:28 a@y.com (a value in another character set than UTF-8)"}, 0},
		{"encoded and escaped", "EMAIL;CHARSET=ISO-8859-1:j\xf6rg@x.com\\,b\\;c@y.com\n", []string{"1:26 j\u00f6rg@x.com (a value in another character set than UTF-8)", "1:26 c@y.com (a value in another character set than UTF-8)"}, 0},
		{"charset of ASCII", "EMAIL;CHARSET=ISO-8859-1:jorg@x.com\n", []string{"1:26 jorg@x.com"}, 0},
		{"charset by its code page", "EMAIL;CHARSET=CP1251:\xe8@x.com\n", []string{"1:22 \u0438@x.com (a value in another character set than UTF-8)"}, 0},
		{"charset unknown", "EMAIL;CHARSET=X-MARTIAN:j\xf6rg@x.com\n", nil, 1},
		{"charset of several bytes", "EMAIL;CHARSET=Shift_JIS:\x82\xa0@x.com\n", nil, 1},
		{"base64", "EMAIL;ENCODING=b:YUB4LmNvbQ==\n", []string{"1:18 a@x.com (a base64 value)"}, 0},
		{"base64 of two lines", "EMAIL;ENCODING=b:YUB4LmNvbQpiQHkuY29t\n", []string{"1:18 a@x.com (a base64 value)", "1:18 b@y.com (a base64 value)"}, 0},
		{"base64 bad", "EMAIL;ENCODING=BASE64:!!\n", nil, 1},
		{"8bit", "EMAIL;ENCODING=8BIT:a@x.com\n", []string{"1:21 a@x.com"}, 0},
		{"folded address", "EMAIL:ann@gm\r\n ail.com, b@y.com\r\n", []string{"1:7 ann@gmail.com (opaque) to line 2", "2:11 b@y.com"}, 0},
		{"escape after a fold", "EMAIL:a@x.com,b\r\n \\\\c@y.com\r\n", []string{"1:7 a@x.com", "1:15 b\\c@y.com (opaque) to line 2"}, 0},
		{"base64 folded", "EMAIL;ENCODING=b:YUB4\r\n LmNvbQ==\r\n", []string{"1:18 a@x.com (a base64 value) to line 2"}, 0},
		{"quoted parameter holds an encoding", "EMAIL;X-L=\"a:b;ENCODING=QUOTED-PRINTABLE\":x=3Dy@gmial.com\n", []string{"1:43 x=3Dy@gmial.com"}, 0},
		{"quoted parameter holds a charset", "EMAIL;X-L=\"q;CHARSET=ISO-8859-1\":j\u00f6rg@gmial.com\n", []string{"1:34 j\u00f6rg@gmial.com"}, 0},
		{"quoted parameter holds a bare encoding", "EMAIL;X-L=\"x;BASE64\";TYPE=\"a;b\":a@x.com\n", []string{"1:33 a@x.com"}, 0},
		{"quoted encoding", "EMAIL;ENCODING=\"QUOTED-PRINTABLE\":a=40x.com\n", []string{"1:35 a@x.com (a quoted-printable value)"}, 0},
		{"no value", "EMAIL;TYPE=\"x\"\r\n", nil, 1},
		{"no colon", "EMAIL x@gmial.com\r\nitem1.EMAIL\tb@gmial.com\r\nEMAILS x@y.com\r\nNOTE x\r\nEMAIL:c@y.com\r\n", []string{"5:7 c@y.com"}, 2},
		{"quote never closed", "item2.EMAIL;LABEL=\"x\\\"y\":c@gmial.com\r\nEMAIL:b@y.com\r\n", []string{"2:7 b@y.com"}, 1},
		{"soft line break before END", "EMAIL;QUOTED-PRINTABLE:a@gmial.com=\r\nEND:VCARD\r\nBEGIN:VCARD\r\nEMAIL:b@yahoo.con\r\n",
			[]string{"1:24 a@gmial.com (a quoted-printable value)", "4:7 b@yahoo.con"}, 0},
		{"soft line break before begin", "EMAIL;QUOTED-PRINTABLE:a@gmial.com=\r\nbegin:vcard\r\nEMAIL:b@yahoo.con\r\n",
			[]string{"1:24 a@gmial.com (a quoted-printable value)", "3:7 b@yahoo.con"}, 0},
		{"soft line break before a blank line", "EMAIL;QUOTED-PRINTABLE:a@gmial.com=\r\n\r\nEMAIL:b@yahoo.con\r\n",
			[]string{"1:24 a@gmial.com (a quoted-printable value)", "3:7 b@yahoo.con"}, 0},
		{"soft line break at the end", "EMAIL;QUOTED-PRINTABLE:a@gmial.com=", []string{"1:24 a@gmial.com (a quoted-printable value)"}, 0},
		{"soft line break before an indented BEGIN", "EMAIL;QUOTED-PRINTABLE:a@gmail.com=\n BEGIN:VCARD\nEMAIL:b@yahoo.con\n",
			[]string{"1:24 a@gmail.com (a quoted-printable value)", "3:7 b@yahoo.con"}, 0},
		{"soft line break before an indented END", "EMAIL;QUOTED-PRINTABLE:a@gm=\n END:VCARD\n",
			[]string{"1:24 a@gm (a quoted-printable value)"}, 0},
		{"soft line break before a line of blanks", "EMAIL;QUOTED-PRINTABLE:a@gmial.com=\r\n \t\r\nEMAIL:b@yahoo.con\r\n",
			[]string{"1:24 a@gmial.com (a quoted-printable value)", "3:7 b@yahoo.con"}, 0},
	} {
		g, err := read(t, tc.in, Options{Format: VCard})
		if !reflect.DeepEqual(g.addrs, tc.want) || len(g.problems) != tc.problems || err != nil {
			t.Errorf("%s: got %q, problems %q, err %v; want %q, %d problems", tc.name, g.addrs, g.problems, err, tc.want, tc.problems)
		}
	}
}

// A JSON line longer than MaxLineLen is read in segments cut between
// strings, with each address at its column.
func TestJSONLongLine(t *testing.T) {
	n := MaxLineLen/len(`"a@x.com",`) + 10
	in := "[" + strings.Repeat(`"a@x.com",`, n) + `"z@x.com"]`
	g, err := read(t, in, Options{Format: JSON})
	want := fmt.Sprintf("1:%d z@x.com", 2+n*len(`"a@x.com",`)+1)
	if err != nil || len(g.addrs) != n+1 || g.addrs[n] != want {
		t.Errorf("got %d addresses, last %q, %v; want %d, %q", len(g.addrs), g.addrs[len(g.addrs)-1], err, n+1, want)
	}
}

func TestEditFits(t *testing.T) {
	for _, tc := range []struct {
		f        Format
		old, new string
		want     bool
	}{
		{Text, `a@x.con`, `"a b"@x.com`, true},
		{CSV, "a@x.con", "a@x.com", true},
		{CSV, "a@x.con", `"a,b"@x.com`, false},
		{JSON, "a@x.con", "a@x.com", true},
		{JSON, "a@x.con", `"a"@x.com`, false},
		{JSON, `a\@x.con`, "a@x.com", false},
		{VCard, "a@x.con", "a,b;c\\d\ne@x.com", true},
		{VCard, "a@x.con", "a\rb@x.com", false},
		{LDIF, "a@x.con", "ä@x.com", false},
		{LDIF, "a@x.con", ":a@x.com", false},
		{LDIF, "a@x.con", "a@x.com", true},
		{Mail, "a@x.con", "a@x.com", true},
		{Mail, "a@x.con", "a@x.com>", false},
	} {
		if got := EditFits(tc.f, tc.old, tc.new); got != tc.want {
			t.Errorf("EditFits(%v, %q, %q) = %v, want %v", tc.f, tc.old, tc.new, got, tc.want)
		}
	}
}

// An argument that holds several lines ("$(cat list)") is read as a text
// list is, line by line: a line break ends an address, and no address
// keeps one.
func TestEachAddressLines(t *testing.T) {
	for in, want := range map[string][]string{
		"a@x.com":                           {"a@x.com"},
		"a@x.com\nb@y.com":                  {"a@x.com", "b@y.com"},
		"a@x.com\r\nb@y.com\r\n":            {"a@x.com", "b@y.com"},
		"\n\nmailto:a@x.com\n\"b@y.com\"\n": {"a@x.com", "b@y.com"},
		"see a@x.com, c@z.org\nb@y.com\r":   {"a@x.com", "c@z.org", "b@y.com"},
		"a@x.com\rb@y.com":                  {"a@x.com", "b@y.com"},
	} {
		var got []string
		EachAddress(in, func(start, end int) { got = append(got, in[start:end]) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: got %q, want %q", in, got, want)
		}
	}
}

// Inputs read at once, each on its own goroutine, share the pool of
// released blocks: a reader must not read a block it has handed on, whose
// buffer another reader may already be reading into (the last line's
// start was copied, and the lines counted, after the block was released:
// addresses and line numbers came out wrong).
func TestReadBlocksConcurrently(t *testing.T) {
	const readers = 8
	var wg sync.WaitGroup
	errs := make(chan error, readers)
	for g := range readers {
		wg.Go(func() {
			var b strings.Builder
			n := 20000 + 700*g
			for i := range n {
				fmt.Fprintf(&b, "user%d.%d@example%d.com\n", g, i, i%97)
			}
			var got []string
			var mu sync.Mutex
			h := Handler{Address: func(a Address) {
				mu.Lock()
				got = append(got, fmt.Sprintf("%d %s", a.Line, a.Text))
				mu.Unlock()
			}, Problem: func(Problem) {}}
			err := ReadBlocks(strings.NewReader(b.String()), Options{}, Blocks{
				Block:   func(blk *Block) { blk.Read(h); blk.Release() },
				Handler: h,
			})
			if err != nil || len(got) != n {
				errs <- fmt.Errorf("reader %d: %d addresses of %d, %v", g, len(got), n, err)
				return
			}
			for i, s := range got {
				if want := fmt.Sprintf("%d user%d.%d@example%d.com", i+1, g, i, i%97); s != want {
					errs <- fmt.Errorf("reader %d: address %d is %q, want %q", g, i+1, s, want)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
