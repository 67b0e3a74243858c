package input

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// field is one CSV field: its content with quotes undone, and where each
// stretch of the content sits in the input, so that an offset into the
// content maps back to a physical line and column.
type field struct {
	text []byte
	segs []seg
	// chars counts the code points of text.
	chars int
}

// add appends content to the field.
func (f *field) add(b []byte) {
	f.text = append(f.text, b...)
	f.chars += utf8.RuneCount(b)
}

// seg says that content from offset off (offChars in code points) on
// starts at line, col (in bytes) and char (in code points).
type seg struct{ off, offChars, line, col, char int }

// mkseg returns the segment of f starting at byte pos of the physical
// line counted by lc (number n).
func mkseg(f *field, lc *charCounter, n, pos int) seg {
	return seg{len(f.text), f.chars, n, pos + 1, lc.column(pos)}
}

// pos maps an offset into the field's content to its line and columns,
// counting code points with cc, a counter over the field's text.
func (f *field) pos(off int, cc *charCounter) (line, col, char int) {
	s := f.segs[0]
	for _, t := range f.segs[1:] {
		if t.off > off {
			break
		}
		s = t
	}
	return s.line, s.col + off - s.off, s.char + cc.column(off) - 1 - s.offChars
}

// csvReader reads RFC 4180 records from lines: fields separated by comma
// (or semicolon, or tab), quoted fields with doubled quotes, and line
// breaks inside quotes. It is lenient where spreadsheets are: a quote
// inside an unquoted field is kept as it is, and text after a closing quote
// is appended to the field.
type csvReader struct {
	lr     *lineReader
	delim  byte
	fields []field
	h      Handler
	// swallowed holds copies of the lines an open quoted field has taken
	// in; replay holds lines to read again because the quote never closed.
	swallowed, replay []numberedLine
}

type numberedLine struct {
	text []byte
	n    int
}

// nextLine returns the next line to parse: one to replay, else the next
// line of input.
func (r *csvReader) nextLine() (b []byte, n int, tooLong, ok bool) {
	if len(r.replay) > 0 {
		l := r.replay[0]
		r.replay = r.replay[1:]
		return l.text, l.n, false, true
	}
	return r.lr.next()
}

// record reads the next record into r.fields. It returns the line the
// record starts on, and false at the end of input. Blank lines are skipped.
func (r *csvReader) record() (int, bool) {
	for {
		b, n, tooLong, ok := r.nextLine()
		if !ok {
			return 0, false
		}
		if tooLong {
			r.h.Problem(Problem{Line: n, Msg: fmt.Sprintf("line is longer than %d bytes; skipped", MaxLineLen)})
			continue
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		r.fields = r.fields[:0]
		r.parse(b, n)
		return n, true
	}
}

func (r *csvReader) newField() *field {
	if len(r.fields) < cap(r.fields) {
		r.fields = r.fields[:len(r.fields)+1]
	} else {
		r.fields = append(r.fields, field{})
	}
	f := &r.fields[len(r.fields)-1]
	f.text, f.segs, f.chars = f.text[:0], f.segs[:0], 0
	return f
}

// parse splits the record that starts with line b (number n), reading
// more lines while a quoted field is open.
func (r *csvReader) parse(b []byte, n int) {
	pos := 0
	lc := &charCounter{line: view(b)}
	for {
		f := r.newField()
		if pos < len(b) && b[pos] == '"' {
			b, n, pos, lc = r.quoted(f, b, n, pos+1, lc)
		} else {
			f.segs = append(f.segs, mkseg(f, lc, n, pos))
		}
		end := bytes.IndexByte(b[pos:], r.delim)
		if end < 0 {
			f.add(b[pos:])
			return
		}
		f.add(b[pos : pos+end])
		pos += end + 1
	}
}

// quoted reads a quoted field whose content starts at b[pos], across lines
// if need be, and returns the line and position just past its closing
// quote. A field longer than MaxLineLen is reported and cut short there.
// A quote that never closes is reported, the field keeps its first line,
// and the lines after it are read again as records, so that no address
// after a stray quote is lost.
func (r *csvReader) quoted(f *field, b []byte, n, pos int, lc *charCounter) ([]byte, int, int, *charCounter) {
	start := n
	firstLine := -1
	r.swallowed = r.swallowed[:0]
	f.segs = append(f.segs, mkseg(f, lc, n, pos))
	for {
		q := bytes.IndexByte(b[pos:], '"')
		if q >= 0 {
			f.add(b[pos : pos+q])
			pos += q + 1
			if pos < len(b) && b[pos] == '"' {
				f.add(b[pos : pos+1])
				pos++
				f.segs = append(f.segs, mkseg(f, lc, n, pos))
				continue
			}
			return b, n, pos, lc
		}
		f.add(b[pos:])
		if firstLine < 0 {
			firstLine = len(f.text)
		}
		next, m, tooLong, ok := r.nextLine()
		switch {
		case !ok:
			r.h.Problem(Problem{Line: start, Msg: "quoted field is never closed (the quote opens here); the lines after it are read as records"})
			f.text, f.segs = f.text[:firstLine], f.segs[:1]
			f.chars = utf8.RuneCount(f.text)
			r.replay = append(r.swallowed, r.replay...)
			r.swallowed = nil
			return nil, n, 0, lc
		case tooLong || len(f.text)+len(next) > MaxLineLen:
			r.h.Problem(Problem{Line: start, Msg: fmt.Sprintf("quoted field is longer than %d bytes; skipped", MaxLineLen)})
			f.text, f.segs, f.chars = f.text[:0], f.segs[:0], 0
			return nil, n, 0, lc
		}
		r.swallowed = append(r.swallowed, numberedLine{bytes.Clone(next), m})
		f.add([]byte{'\n'})
		b, n, pos = next, m, 0
		lc = &charCounter{line: view(b)}
		f.segs = append(f.segs, mkseg(f, lc, n, 0))
	}
}

// readCSV reads the address column of a CSV or TSV input.
func readCSV(lr *lineReader, o Options, h Handler) error {
	r := &csvReader{lr: lr, delim: '\t', h: h}
	if o.Format == CSV {
		r.delim = sniffDelimiter(lr)
	}
	var rows [][]field
	var rowLines []int
	// Keep rows until the address column is known: the first one alone
	// when a header names it, up to sampleRows otherwise.
	col, header := -1, false
	for len(rows) < sampleRows {
		n, ok := r.record()
		if !ok {
			break
		}
		rows = append(rows, cloneFields(r.fields))
		rowLines = append(rowLines, n)
		if len(rows) == 1 {
			var err error
			col, header, err = fromHeader(rows[0], o.Column)
			if err != nil {
				return err
			}
			if col >= 0 {
				break
			}
		}
	}
	if err := lr.Err(); err != nil {
		return err
	}
	if len(rows) == 0 {
		return nil
	}
	if col < 0 {
		col = fromContent(rows)
		if col < 0 {
			return fmt.Errorf("no column holds email addresses (the header names none and no column is mostly addresses); choose one with --column")
		}
		header = !bytes.Contains(cell(rows[0], col).text, []byte("@"))
	}
	for i, row := range rows {
		if i == 0 && header {
			continue
		}
		r.emitRow(row, col, rowLines[i])
	}
	for {
		if h.stopped() {
			return ErrStopped
		}
		n, ok := r.record()
		if !ok {
			return lr.Err()
		}
		r.emitRow(r.fields, col, n)
	}
}

// emitRow reports the address field of a row, or that the row is too
// short to have one.
func (r *csvReader) emitRow(row []field, col, n int) {
	if col >= len(row) {
		r.h.Problem(Problem{Line: n, Msg: fmt.Sprintf("row has %d fields, so no address column (column %d)", len(row), col+1)})
		return
	}
	f := &row[col]
	if bytes.IndexByte(f.text, 0) >= 0 {
		r.h.Problem(Problem{Line: n, Msg: "the address field holds a NUL byte"})
	} else if !utf8.Valid(f.text) {
		r.h.Problem(Problem{Line: n, Msg: "the address field is not valid UTF-8; save the file as UTF-8"})
	}
	emitField(f, r.h)
}

const sampleRows = 100

var emptyField = &field{}

func cell(row []field, i int) *field {
	if i < len(row) {
		return &row[i]
	}
	return emptyField
}

func cloneFields(fs []field) []field {
	out := make([]field, len(fs))
	for i, f := range fs {
		out[i] = field{text: bytes.Clone(f.text), segs: append([]seg(nil), f.segs...), chars: f.chars}
	}
	return out
}

// emitField reports each address in a field, located in the input.
func emitField(f *field, h Handler) {
	if len(f.segs) == 0 {
		return
	}
	text := view(f.text)
	cc := charCounter{line: text}
	emitList(text, 0, func(start, end int) {
		line, col, char := f.pos(start, &cc)
		h.Address(Address{Text: text[start:end], Line: line, Column: col, Char: char})
	})
}

// sniffDelimiter picks ';' for CSV files whose first line has more
// semicolons than commas outside quotes (as spreadsheets in many locales
// export), else ','.
func sniffDelimiter(lr *lineReader) byte {
	head := lr.peek(8192)
	if t, _ := terminator(head, true); t >= 0 {
		head = head[:t]
	}
	commas, semis, inQuote := 0, 0, false
	for _, c := range head {
		switch {
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';'
	}
	return ','
}

// fromHeader finds the address column from the --column option or the
// header row. It returns -1 when neither decides.
func fromHeader(first []field, column string) (col int, header bool, err error) {
	if column != "" {
		if n, err := strconv.Atoi(column); err == nil {
			if n < 1 {
				return -1, false, fmt.Errorf("--column %d: columns are numbered from 1", n)
			}
			return n - 1, !bytes.Contains(cell(first, n-1).text, []byte("@")), nil
		}
		for i := range first {
			if strings.EqualFold(strings.TrimSpace(string(first[i].text)), strings.TrimSpace(column)) {
				return i, true, nil
			}
		}
		return -1, false, fmt.Errorf("no column is named %q; the header has %s", column, headerNames(first))
	}
	best, bestRank := -1, len(emailHeaders)
	for i := range first {
		if rank, ok := headerRank(string(first[i].text)); ok && rank < bestRank {
			best, bestRank = i, rank
		}
	}
	return best, best >= 0, nil
}

// emailHeaders are the column names that hold addresses, best first,
// compared after lower-casing and dropping spaces, hyphens, underscores
// and dots.
var emailHeaders = []string{
	"email", "emailaddress", "emailaddr", "mail", "mailaddress", "address",
	"primaryemail", "workemail", "emailaddress1", "email1", "recipient",
	"recipientemail", "courriel", "correo", "correoelectronico", "emailadresse",
	"indirizzoemail", "epost", "sähköposti",
}

func headerRank(name string) (int, bool) {
	norm := strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_', '.', '\t':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(name)))
	for i, h := range emailHeaders {
		if norm == h {
			return i, true
		}
	}
	return 0, false
}

func headerNames(first []field) string {
	var names []string
	for _, f := range first {
		names = append(names, strconv.Quote(string(f.text)))
	}
	if len(names) == 0 {
		return "no columns"
	}
	return strings.Join(names, ", ")
}

// fromContent picks the first column in which most non-empty values of the
// sample contain '@', or -1.
func fromContent(rows [][]field) int {
	width := 0
	for _, r := range rows {
		width = max(width, len(r))
	}
	for c := 0; c < width; c++ {
		with, filled := 0, 0
		for _, r := range rows {
			t := bytes.TrimSpace(cell(r, c).text)
			if len(t) == 0 {
				continue
			}
			filled++
			if bytes.IndexByte(t, '@') > 0 {
				with++
			}
		}
		if filled > 0 && with*2 > filled {
			return c
		}
	}
	return -1
}
