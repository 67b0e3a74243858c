package input

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/rcptlint/rcptlint/pkg/address"
	"github.com/rcptlint/rcptlint/pkg/fix"
)

// FuzzReadText: reading never fails on text it can decode, every address
// is found, as written, at its reported line and column, and ReadBlocks
// reads the same in blocks of any size.
func FuzzReadText(f *testing.F) {
	for _, s := range []string{"a@x.com\nb@y.org\r\n", "To: J <j@x.com>, k@y.org\n# c\n", "a@x.com # rcptlint:ignore syntax, x -- y\n# rcptlint:ignore-next-line\n", "a@b.c\rd@e.f", "\ufeffx@y.z", "Doe, J <j@x.com>\n\n  \n", "(((\"\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if IsUTF16(data) {
			return
		}
		lines := splitLines(data)
		err := Read(bytes.NewReader(data), Options{Format: Text}, Handler{
			Address: func(a Address) {
				checkAt(t, lines, a)
			},
			Problem: func(Problem) {},
			Directive: func(d Directive) {
				if d.Line < 1 || d.Line > len(lines) || d.Target != d.Line && d.Target != d.Line+1 ||
					!bytes.Contains(lines[d.Line-1], []byte(directiveMark+d.Keyword)) {
					t.Fatalf("directive %+v not on its line", d)
				}
			},
		})
		if err != nil && !strings.Contains(err.Error(), "binary") {
			t.Fatalf("Read: %v", err)
		}
		want, err := readWith(string(data), Options{}, nil)
		for _, size := range []int{1, 3, 16} {
			got, errb := readWith(string(data), Options{}, &blocking{size, 4 * size})
			if !reflect.DeepEqual(got, want) || fmt.Sprint(err) != fmt.Sprint(errb) {
				t.Fatalf("in blocks of %d: %q, %v; Read: %q, %v", size, got, errb, want, err)
			}
		}
	})
}

// FuzzReadCSV: reading never panics or loops, and an address on a line
// without quotes, within that line, is found as written at its reported
// line and column. (An entry of a quoted field may run across lines.)
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{"name,email\nJ,j@x.com\n", "email\n\"a@x.com,\nb@y.com\",1\n", "a;b\n1;x@y.z\n", "\"unclosed\nx@y.z\n", "e\n\"\"\"q\"\"\"@x.com\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if IsUTF16(data) {
			return
		}
		lines := splitLines(data)
		_ = Read(bytes.NewReader(data), Options{Format: CSV}, Handler{
			Address: func(a Address) {
				if a.Line <= len(lines) && !bytes.ContainsAny(lines[a.Line-1], `"`) && !strings.ContainsAny(a.Text, "\r\n") {
					checkAt(t, lines, a)
				}
			},
			Problem: func(Problem) {},
		})
	})
}

// splitLines splits as the reader does: LF, CRLF or a lone CR, after an
// optional byte-order mark.
func splitLines(data []byte) [][]byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var lines [][]byte
	for len(data) > 0 {
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			lines = append(lines, data)
			break
		}
		lines = append(lines, data[:i])
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return lines
}

func checkAt(t *testing.T, lines [][]byte, a Address) {
	t.Helper()
	if a.Line < 1 || a.Line > len(lines) || a.Column < 1 || a.Char < 1 || a.Char > a.Column {
		t.Fatalf("address %q at %d:%d (char %d) is outside the input", a.Text, a.Line, a.Column, a.Char)
	}
	line := lines[a.Line-1]
	if end := a.Column - 1 + len(a.Text); end > len(line) || string(line[a.Column-1:end]) != a.Text {
		t.Fatalf("address %q is not at %d:%d of %q", a.Text, a.Line, a.Column, line)
	}
}

// FuzzNextPlain: taking plain lines in one pass finds the same lines, with
// the same numbers, as looking for each line's end first, whatever the
// line ends and however the input arrives.
func FuzzNextPlain(f *testing.F) {
	for _, s := range []string{"a@x.com\nb@y.org\r\nc@z.net\rd@w.io", "a@x.com\r", "a@x.com b\nc@d.e\n", "#a@b.c\n\n", "a@b.c\r\r\n"} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, chunk uint8) {
		type line struct {
			text string
			n    int
		}
		read := func(plain bool) []line {
			lr := newLineReader(iotest.HalfReader(bytes.NewReader(data)))
			lr.buf = make([]byte, 1+int(chunk)%64) // small buffers: lines cross reads
			var out []line
			for {
				if plain {
					if b, at, n, ok := lr.nextPlain(); ok {
						if address.PlainLine(string(b)) != at {
							t.Fatalf("nextPlain: %q with '@' at %d", b, at)
						}
						out = append(out, line{string(b), n})
						continue
					}
				}
				b, n, _, ok := lr.next()
				if !ok {
					return out
				}
				out = append(out, line{string(b), n})
			}
		}
		if a, b := read(false), read(true); !reflect.DeepEqual(a, b) {
			t.Fatalf("next: %+v\nnextPlain then next: %+v", a, b)
		}
	})
}

// FuzzReadFormats: reading a vCard, LDIF, message or JSON input never
// panics or loops, and every address is located on a line of the input.
func FuzzReadFormats(f *testing.F) {
	for _, s := range []string{"BEGIN:VCARD\nEMAIL:a@x.com\n b\nEND:VCARD\n", "dn: x\nmail: a@x.com\nmail:: YUB4LmNvbQ==\n", "From a\nTo: A <a@x.com>,\n b@y.z\n\nbody\n", `["a@x.com", "b\u0040x.com"]`, `["J\u00e9r\u00f4me <j@x.com>", "\t b@x.com"]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if IsUTF16(data) {
			return
		}
		lines := splitLines(data)
		for _, format := range []Format{VCard, LDIF, Mail, JSON} {
			_ = Read(bytes.NewReader(data), Options{Format: format}, Handler{
				Address: func(a Address) {
					if a.Line < 1 || a.Line > len(lines) || a.Column < 1 || a.Column > len(lines[a.Line-1]) || a.Char > a.Column {
						t.Fatalf("%v: address %q at %d:%d is outside the input", format, a.Text, a.Line, a.Column)
					}
					if line := lines[a.Line-1][a.Column-1:]; format == JSON && !bytes.HasPrefix(line, []byte(a.Text)) && !bytes.ContainsRune(line[:min(len(line), 6*len(a.Text))], '\\') {
						t.Fatalf("json: address %q at %d:%d, where the line holds %q", a.Text, a.Line, a.Column, line)
					}
				},
				Problem: func(Problem) {},
			})
		}
	})
}

// FuzzFixAddressBooks checks that the fix reads a vCard or LDIF address
// back where the reader located it, through escapes and folds: an edit of
// it applies, keeps the lines one for one, and the edit back gives the
// input again, byte for byte.
func FuzzFixAddressBooks(f *testing.F) {
	for _, s := range []string{"BEGIN:VCARD\r\nEMAIL:a\\,b@x.c\r\n om\\\r\n ;c@y.z\r\nEND:VCARD\r\n", "EMAIL:\"a\\;b\"@x\n\t.com\\\\\n", "dn: x\nmail: a@exa\n mple.com\nmail:: YUB4LmNvbQ==\n", "EMAIL;QUOTED-PRINTABLE:a=\n=40x.com\nEMAIL:b@x\r \r .y\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if IsUTF16(data) {
			return
		}
		for _, format := range []Format{VCard, LDIF} {
			var addrs []Address
			_ = Read(bytes.NewReader(data), Options{Format: format}, Handler{
				Address: func(a Address) {
					if a.Encoded == Written && a.Text != "" && len(addrs) < 8 {
						a.Text = strings.Clone(a.Text)
						addrs = append(addrs, a)
					}
				},
				Problem: func(Problem) {},
			})
			spelling := fix.Spelling{Folds: Folds(format), Escapes: Escapes(format)}
			insert := "x"
			if format == VCard {
				insert = ",;\\"
			}
			for _, a := range addrs {
				k := len(a.Text) / 2
				changed := a.Text[:k] + insert + a.Text[k:]
				out, o := rewriteOnce(t, data, spelling, fix.Edit{Line: a.Line, Column: a.Column, Old: a.Text, New: changed})
				if o != fix.Applied {
					t.Fatalf("%v: %q at %d:%d: %v", format, a.Text, a.Line, a.Column, o)
				}
				if len(splitLines(out)) != len(splitLines(data)) {
					t.Fatalf("%v: %q at %d:%d: the lines changed: %q", format, a.Text, a.Line, a.Column, out)
				}
				// The edit back gives the input again, but for a bare
				// backslash before the change, which was escaped.
				back, o := rewriteOnce(t, out, spelling, fix.Edit{Line: a.Line, Column: a.Column, Old: changed, New: a.Text})
				if o != fix.Applied || !bytes.Equal(back, data) && !bytes.Equal(bytes.ReplaceAll(back, []byte(`\\`), []byte(`\`)), bytes.ReplaceAll(data, []byte(`\\`), []byte(`\`))) {
					t.Fatalf("%v: %q at %d:%d: the edit back gave %q (%v), want %q", format, a.Text, a.Line, a.Column, back, o, data)
				}
			}
		}
	})
}

// rewriteOnce applies one edit to data, in a spelling.
func rewriteOnce(t *testing.T, data []byte, s fix.Spelling, e fix.Edit) ([]byte, fix.Outcome) {
	var out bytes.Buffer
	rw := fix.NewRewriter(context.Background(), bytes.NewReader(data), &out, nil)
	rw.SetSpelling(s)
	o, err := rw.Apply(e)
	if err == nil {
		err = rw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), o
}
