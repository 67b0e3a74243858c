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

// locator maps increasing offsets into a field's content to lines and
// columns. It moves forward through the field's segments and code points,
// so that placing every address of a field takes one pass over it, however
// many lines or doubled quotes the field has.
type locator struct {
	f   *field
	cc  charCounter // over the field's content
	seg int         // the segment of the last offset
}

// pos returns the line and the byte and code-point columns of offset off,
// which is at least the last offset asked for.
func (l *locator) pos(off int) (line, col, char int) {
	segs := l.f.segs
	for l.seg+1 < len(segs) && segs[l.seg+1].off <= off {
		l.seg++
	}
	s := segs[l.seg]
	return s.line, s.col + off - s.off, s.char + l.cc.column(off) - 1 - s.offChars
}

// csvReader reads RFC 4180 records from lines: fields separated by comma
// (or semicolon, or tab), quoted fields with doubled quotes, and line
// breaks inside quotes. It is lenient where spreadsheets are: a quote
// inside an unquoted field is kept as it is, and text after a closing quote
// is appended to the field.
//
// Only the address field of a record is kept: the others are parsed into
// one spare field, overwritten by the next, so that a record of a million
// fields costs no more memory than its longest field.
type csvReader struct {
	lr    *lineReader
	delim byte
	h     Handler
	// col is the address column, -1 while it is not known; width counts
	// the fields of the record being read; addr is its address field and
	// spare holds each of the others in turn.
	col, width  int
	addr, spare field
	// ended, while the column is sniffed, is told of every field as it
	// ends.
	ended func(i int, f *field)
	// swallowed holds copies of the lines an open quoted field has taken
	// in; replay holds lines to read again: those of a quote that never
	// closed, or the sample the column was found from.
	swallowed, replay []numberedLine
	// sampling is set while the column is sniffed: every line read from
	// the input is copied to sample (sampled counts its bytes), to be
	// read again once the column is known, and the input seems to end
	// when sampleBytes are taken.
	sampling bool
	sample   []numberedLine
	sampled  int
	// long is the number of the first line too long to read that was
	// skipped before the record being read, or 0.
	long int
}

type numberedLine struct {
	text    []byte
	n       int
	tooLong bool
}

// nextLine returns the next line to parse: one to replay, else the next
// line of input.
func (r *csvReader) nextLine() (b []byte, n int, tooLong, ok bool) {
	if len(r.replay) > 0 {
		l := r.replay[0]
		r.replay = r.replay[1:]
		return l.text, l.n, l.tooLong, true
	}
	if r.sampling && r.sampled >= sampleBytes {
		return nil, 0, false, false
	}
	b, n, tooLong, ok = r.lr.next()
	if ok && r.sampling {
		r.sample = append(r.sample, numberedLine{bytes.Clone(b), n, tooLong})
		r.sampled += len(b) + 1
	}
	return b, n, tooLong, ok
}

// record reads the next record into r.fields. It returns the line the
// record starts on, and false at the end of input. Blank lines are skipped.
func (r *csvReader) record() (int, bool) {
	r.long = 0
	for {
		b, n, tooLong, ok := r.nextLine()
		if !ok {
			return 0, false
		}
		if tooLong {
			r.h.Problem(Problem{Line: n, Msg: fmt.Sprintf("line is longer than %d bytes; skipped", MaxLineLen)})
			if r.long == 0 {
				r.long = n
			}
			continue
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		r.width = 0
		r.parse(b, n)
		return n, true
	}
}

// newField starts the next field of the record: the address field, or
// the spare one.
func (r *csvReader) newField() *field {
	f := &r.spare
	if r.width == r.col {
		f = &r.addr
	}
	r.width++
	f.text, f.segs, f.chars = f.text[:0], f.segs[:0], 0
	return f
}

// endField tells the sniffer, if any, that field f, the last started, is
// whole.
func (r *csvReader) endField(f *field) {
	if r.ended != nil {
		r.ended(r.width-1, f)
	}
}

// parse splits the record that starts with line b (number n), reading
// more lines while a quoted field is open.
func (r *csvReader) parse(b []byte, n int) {
	pos := 0
	lc := charCounter{line: view(b)}
	for {
		f := r.newField()
		if pos < len(b) && b[pos] == '"' {
			b, n, pos = r.quoted(f, b, n, pos+1, &lc)
		} else {
			f.segs = append(f.segs, mkseg(f, &lc, n, pos))
		}
		end := bytes.IndexByte(b[pos:], r.delim)
		if end < 0 {
			f.add(b[pos:])
			r.endField(f)
			return
		}
		f.add(b[pos : pos+end])
		r.endField(f)
		pos += end + 1
	}
}

// quoted reads a quoted field whose content starts at b[pos], across lines
// if need be, and returns the line and position just past its closing
// quote; lc, which counts the code points of b, is moved to the line it
// returns. A field longer than MaxLineLen is reported and cut short there.
// A quote that never closes is reported, the field keeps its first line,
// and the lines after it are read again as records, so that no address
// after a stray quote is lost.
func (r *csvReader) quoted(f *field, b []byte, n, pos int, lc *charCounter) ([]byte, int, int) {
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
			return b, n, pos
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
			*lc = charCounter{}
			return nil, n, 0
		case tooLong || len(f.text)+len(next) > MaxLineLen:
			r.h.Problem(Problem{Line: start, Msg: fmt.Sprintf("quoted field is longer than %d bytes; skipped", MaxLineLen)})
			f.text, f.segs, f.chars = f.text[:0], f.segs[:0], 0
			*lc = charCounter{}
			return nil, n, 0
		}
		r.swallowed = append(r.swallowed, numberedLine{bytes.Clone(next), m, false})
		f.add([]byte{'\n'})
		b, n, pos = next, m, 0
		*lc = charCounter{line: view(b)}
		f.segs = append(f.segs, mkseg(f, lc, n, 0))
	}
}

// readCSV reads the address column of a CSV or TSV input.
func readCSV(lr *lineReader, o Options, h Handler) error {
	r := &csvReader{lr: lr, delim: '\t', h: h, col: -1}
	if o.Format == CSV {
		r.delim = sniffDelimiter(lr)
	}
	col, header, err := r.column(o.Column)
	if err != nil || col < 0 {
		return err
	}
	r.col = col
	for first := true; ; first = false {
		if h.stopped() {
			return ErrStopped
		}
		n, ok := r.record()
		if !ok {
			return lr.Err()
		}
		if first && r.long == 0 && (header == namedHeader || header == headerWithoutAt && !r.hasAt()) {
			continue
		}
		r.emitRow(n)
	}
}

// How readCSV tells a header row from data.
const (
	// noHeader: the first row is data.
	noHeader = iota
	// namedHeader: the first row is a header, which named the column.
	namedHeader
	// headerWithoutAt: the first row is a header when its address field
	// holds no '@'.
	headerWithoutAt
)

// hasAt reports whether the record just read has an address field that
// holds an '@'.
func (r *csvReader) hasAt() bool {
	return r.col < r.width && bytes.IndexByte(r.addr.text, '@') >= 0
}

// column finds the address column from the --column option, the header
// row or the content, and how to tell the header row. It returns -1 for an
// empty input. A first line too long to read may have been the header:
// it is lost, so a column cannot be found by name, and the row after it is
// data. Unless a column number is given, it reads ahead a sample of
// the input (sampleRows records, or sampleBytes of lines and the line that
// crosses that), keeping only a few counters per column, and the lines of
// the sample are then read again as records.
func (r *csvReader) column(column string) (col, header int, err error) {
	if n, err := strconv.Atoi(column); err == nil {
		if n < 1 {
			return -1, noHeader, fmt.Errorf("--column %d: columns are numbered from 1", n)
		}
		return n - 1, headerWithoutAt, nil
	}
	sn := &sniffer{column: strings.TrimSpace(column), named: -1, rank: len(emailHeaders)}
	h := r.h
	r.h = Handler{Problem: func(Problem) {}}
	r.ended = func(i int, f *field) {
		if sn.rows == 0 && r.long > 0 {
			sn.lost = r.long
		}
		sn.field(i, f)
	}
	r.sampling = true
	for sn.rows < sampleRows && r.sampled < sampleBytes {
		if _, ok := r.record(); !ok {
			break
		}
		sn.rows++
		if sn.rows == 1 && (sn.named >= 0 || sn.column != "") {
			break
		}
	}
	r.h, r.ended, r.sampling = h, nil, false
	r.replay, r.swallowed = r.sample, r.swallowed[:0]
	r.sample = nil
	switch {
	case r.lr.Err() != nil:
		return -1, noHeader, r.lr.Err()
	case sn.rows == 0:
		return -1, noHeader, nil
	case sn.lost > 0 && sn.column != "":
		return -1, noHeader, fmt.Errorf("line %d is longer than %d bytes and was skipped, so the header is lost and no column can be found by name; give --column the column's number", sn.lost, MaxLineLen)
	case sn.named >= 0:
		return sn.named, namedHeader, nil
	case sn.column != "":
		return -1, noHeader, fmt.Errorf("no column is named %q; %s", column, sn.headerNames())
	}
	if col = sn.fromContent(); col < 0 {
		return -1, noHeader, fmt.Errorf("%w (the header names none and no column of the first %d is mostly addresses); choose one with --column", ErrNoAddressColumn, maxSniffColumns)
	}
	if sn.lost > 0 {
		return col, noHeader, nil
	}
	return col, headerWithoutAt, nil
}

// emitRow reports the address field of the record just read, or that the
// record is too short to have one.
func (r *csvReader) emitRow(n int) {
	if r.col >= r.width {
		r.h.Problem(Problem{Line: n, Msg: fmt.Sprintf("row has %d fields, so no address column (column %d)", r.width, r.col+1)})
		return
	}
	f := &r.addr
	if bytes.IndexByte(f.text, 0) >= 0 {
		r.h.Problem(Problem{Line: n, Msg: "the address field holds a NUL byte"})
	} else if !utf8.Valid(f.text) {
		r.h.Problem(Problem{Line: n, Msg: "the address field is not valid UTF-8; save the file as UTF-8"})
	}
	emitField(f, r.h)
}

// The sample read to find the address column: at most sampleRows records
// and sampleBytes of lines (and the line that crosses them), of which the
// first maxSniffColumns columns are looked at. Its memory is the lines and
// two counters a column, whatever the number of fields.
const (
	sampleRows      = 100
	sampleBytes     = 64 << 10
	maxSniffColumns = 16384 // the most columns a spreadsheet has
	// shownHeaders is how many header names an error lists.
	shownHeaders = 8
)

// sniffer learns from the fields of the sample where the address column
// is: from the header row (the first), by the name --column gives or a
// usual name for addresses, else from the content.
type sniffer struct {
	column string // the --column name, or ""
	// named is the column the header names, or -1; rank is the rank of
	// its name in emailHeaders.
	named, rank int
	// lost is the number of the line too long to read that came before
	// the first record, and may have been the header, or 0.
	lost int
	// rows counts the records read; width is the number of fields of the
	// header row, and names the first few of them.
	rows, width int
	names       []string
	// with and filled count, for each column, the values that hold an
	// '@' (after their first byte) and those that are not blank.
	with, filled []int32
}

// field learns from the field f, number i of its record.
func (sn *sniffer) field(i int, f *field) {
	if sn.rows == 0 && sn.lost == 0 {
		sn.headerField(i, string(f.text))
	}
	if i >= maxSniffColumns {
		return
	}
	for len(sn.with) <= i {
		sn.with, sn.filled = append(sn.with, 0), append(sn.filled, 0)
	}
	t := bytes.TrimSpace(f.text)
	if len(t) > 0 {
		sn.filled[i]++
		if bytes.IndexByte(t, '@') > 0 {
			sn.with[i]++
		}
	}
}

// headerField learns from field i of the header row.
func (sn *sniffer) headerField(i int, name string) {
	sn.width = i + 1
	if len(sn.names) < shownHeaders {
		sn.names = append(sn.names, shortQuote(name))
	}
	if sn.column != "" {
		if sn.named < 0 && strings.EqualFold(strings.TrimSpace(name), sn.column) {
			sn.named = i
		}
		return
	}
	if rank, ok := headerRank(name); ok && rank < sn.rank {
		sn.named, sn.rank = i, rank
	}
}

// headerNames describes the header row in a bounded message: its number
// of columns and the first few names, quoted and escaped.
func (sn *sniffer) headerNames() string {
	if sn.width == 0 {
		return "the header has no columns"
	}
	s := fmt.Sprintf("the header has %d columns: %s", sn.width, strings.Join(sn.names, ", "))
	if sn.width > len(sn.names) {
		s += fmt.Sprintf(", … (%d more)", sn.width-len(sn.names))
	}
	return s
}

// shortQuote quotes a header name for a message, escaped, and cut after
// 40 bytes.
func shortQuote(name string) string {
	const most = 40
	if len(name) <= most {
		return strconv.Quote(name)
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(name[cut]) {
		cut--
	}
	return strconv.Quote(name[:cut]) + "…"
}

// fromContent picks the first column in which most non-blank values of
// the sample contain '@', or -1.
func (sn *sniffer) fromContent() int {
	for c := range sn.with {
		if sn.filled[c] > 0 && sn.with[c]*2 > sn.filled[c] {
			return c
		}
	}
	return -1
}

// emitField reports each address in a field, located in the input.
func emitField(f *field, h Handler) {
	if len(f.segs) == 0 {
		return
	}
	text := view(f.text)
	loc := locator{f: f, cc: charCounter{line: text}}
	emitList(text, 0, func(start, end int) {
		line, col, char := loc.pos(start)
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
