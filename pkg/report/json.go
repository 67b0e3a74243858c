package report

import (
	"io"
	"iter"
	"strconv"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// JSON writes one document:
//
//	{"version":1,"findings":[{"file":…,"line":…,"column":…,"address":…,
//	"rule":…,"severity":…,"message":…,"suggestion":…}],"summary":{…}}
//
// suggestion is left out when there is none, and followed by
// "unsure":true when --fix would not apply it (the likeliest of several
// the message names); findings is [] when empty.
// Strings are always valid UTF-8: control and invisible characters are
// written as \u escapes, and bytes that are not UTF-8 as the text \xNN.
type JSON struct{}

// Report writes the document.
func (j JSON) Report(w io.Writer, run *Run, findings iter.Seq[*lint.Finding]) error {
	return j.write(w, run, findings, nil)
}

// AppendFinding renders one finding, for WriteFragments.
func (JSON) AppendFinding(buf []byte, f *lint.Finding) []byte { return AppendFinding(buf, f) }

// WriteFragments writes the document from pieces, as Report does.
func (j JSON) WriteFragments(w io.Writer, run *Run, pieces iter.Seq[Piece]) error {
	return j.write(w, run, nil, pieces)
}

// write writes the document with findings rendered here or pieces
// rendered before, in 32 KiB writes.
func (JSON) write(w io.Writer, run *Run, findings iter.Seq[*lint.Finding], pieces iter.Seq[Piece]) error {
	buf := make([]byte, 0, 40<<10)
	buf = append(buf, `{"version":1,"findings":[`...)
	first := true
	var err error
	add := func(render func([]byte) []byte) bool {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = render(buf)
		if len(buf) > 32<<10 {
			if _, err = w.Write(buf); err != nil {
				return false
			}
			buf = buf[:0]
		}
		return true
	}
	if findings != nil {
		for f := range findings {
			if !add(func(b []byte) []byte { return AppendFinding(b, f) }) {
				return err
			}
		}
	}
	if pieces != nil {
		for p := range pieces {
			if !add(func(b []byte) []byte {
				if p.Rendered != nil {
					return append(b, p.Rendered...)
				}
				return AppendFinding(b, p.Finding)
			}) {
				return err
			}
		}
	}
	buf = append(buf, `],"summary":`...)
	buf = appendSummary(buf, run.Summary)
	buf = append(buf, "}\n"...)
	_, err = w.Write(buf)
	return err
}

// AppendFinding appends the JSON object of one finding to buf.
func AppendFinding(buf []byte, f *lint.Finding) []byte {
	buf = append(buf, `{"file":`...)
	buf = AppendString(buf, f.File)
	buf = append(buf, `,"line":`...)
	buf = strconv.AppendInt(buf, int64(f.Line), 10)
	buf = append(buf, `,"column":`...)
	buf = strconv.AppendInt(buf, int64(f.Column), 10)
	buf = append(buf, `,"address":`...)
	buf = AppendString(buf, f.Address)
	buf = append(buf, `,"rule":`...)
	buf = AppendString(buf, f.Rule)
	buf = append(buf, `,"severity":`...)
	buf = AppendString(buf, f.Severity.String())
	buf = append(buf, `,"message":`...)
	buf = AppendString(buf, f.Message)
	if f.Suggestion != "" {
		buf = append(buf, `,"suggestion":`...)
		buf = AppendString(buf, f.Suggestion)
		if !f.Fixable {
			// The likeliest of several, which the message names: --fix
			// leaves it to a person.
			buf = append(buf, `,"unsure":true`...)
		}
	}
	return append(buf, '}')
}

func appendSummary(buf []byte, s Summary) []byte {
	for i, kv := range []struct {
		k string
		v int
	}{{"files", s.Files}, {"addresses", s.Addresses}, {"domains", s.Domains}, {"errors", s.Errors}, {"warnings", s.Warnings}, {"infos", s.Infos}} {
		if i == 0 {
			buf = append(buf, '{')
		} else {
			buf = append(buf, ',')
		}
		buf = append(buf, '"')
		buf = append(buf, kv.k...)
		buf = append(buf, `":`...)
		buf = strconv.AppendInt(buf, int64(kv.v), 10)
	}
	if s.DomainsEstimated {
		buf = append(buf, `,"domains_estimated":true`...)
	}
	if s.Ignored > 0 {
		buf = append(buf, `,"ignored":`...)
		buf = strconv.AppendInt(buf, int64(s.Ignored), 10)
	}
	return append(buf, '}')
}

// AppendString appends s as a JSON string that is valid UTF-8 and shows no
// control or invisible character raw.
func AppendString(buf []byte, s string) []byte {
	buf = append(buf, '"')
	buf = appendEscaped(buf, s)
	return append(buf, '"')
}

// appendEscaped appends the inside of a JSON string for s.
func appendEscaped(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); {
		// Printable ASCII but for the quote and the backslash goes as it
		// is, a run at a time.
		j := i
		for j < len(s) && jsonPlain[s[j]] {
			j++
		}
		if j > i {
			buf = append(buf, s[i:j]...)
			if i = j; i == len(s) {
				break
			}
		}
		c := s[i]
		if c < utf8.RuneSelf {
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\t':
				buf = append(buf, '\\', 't')
			case '\r':
				buf = append(buf, '\\', 'r')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf = append(buf, '\\', '\\', 'x', hex[c>>4], hex[c&0xf])
		case escape.Unsafe(r):
			buf = appendRuneEscape(buf, r)
		default:
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return buf
}

// jsonPlain marks the bytes a JSON string holds as they are.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < 0x7f; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// appendRuneEscape writes r as \uXXXX, as a surrogate pair beyond the BMP.
func appendRuneEscape(buf []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	units := []rune{r}
	if r > 0xffff {
		r -= 0x10000
		units = []rune{0xd800 + (r>>10)&0x3ff, 0xdc00 + r&0x3ff}
	}
	for _, u := range units {
		buf = append(buf, '\\', 'u', hex[(u>>12)&0xf], hex[(u>>8)&0xf], hex[(u>>4)&0xf], hex[u&0xf])
	}
	return buf
}
