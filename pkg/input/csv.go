package input

import (
	"bytes"
	"fmt"
	"slices"
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

// address returns the address text[start:end] of the locator's field,
// located: opaque when a segment starts inside it, that is when it is not
// written as it reads from its first byte to its last (an escape, a fold,
// a doubled quote, a line break lie between).
func (l *locator) address(text string, start, end int) Address {
	line, col, char := l.pos(start)
	a := Address{Text: text[start:end], Line: line, Column: col, Char: char}
	segs := l.f.segs
	last := l.seg
	for last+1 < len(segs) && segs[last+1].off < end {
		last++
	}
	if last != l.seg {
		a.Opaque = true
		if segs[last].line != line {
			a.EndLine = segs[last].line
		}
	}
	return a
}

// csvReader reads RFC 4180 records from lines: fields separated by comma
// (or semicolon, or tab), quoted fields with doubled quotes, and line
// breaks inside quotes. It is lenient where spreadsheets are: a quote
// inside an unquoted field is kept as it is, and text after a closing quote
// is appended to the field.
//
// Each field is parsed into one field buffer, overwritten by the next, and
// the addresses of an address column are handed on as its field ends, so
// that a record of a million fields, however many of them hold addresses,
// costs no more memory than its longest field.
type csvReader struct {
	lr    *lineReader
	delim byte
	h     Handler
	// cols are the address columns, in increasing order, empty while
	// they are not known; next is the index in cols of the next address
	// column of the record being read; width counts its fields; field
	// holds each of them in turn.
	cols        []int
	next, width int
	field       field
	// emitting is cleared while a header row is read: its fields are not
	// addresses.
	emitting bool
	// ended, while the columns are sniffed, is told of every field as it
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
		r.width, r.next = 0, 0
		r.parse(b, n)
		return n, true
	}
}

// newField starts the next field of the record.
func (r *csvReader) newField() *field {
	f := &r.field
	r.width++
	f.text, f.segs, f.chars = f.text[:0], f.segs[:0], 0
	return f
}

// endField tells the sniffer, if any, that field f, the last started, is
// whole, or reports its addresses when it is in an address column.
func (r *csvReader) endField(f *field) {
	i := r.width - 1
	if r.ended != nil {
		r.ended(i, f)
		return
	}
	if r.next >= len(r.cols) || r.cols[r.next] != i {
		return
	}
	r.next++
	if r.emitting {
		r.emitField(f)
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

// readCSV reads the address columns of a CSV or TSV input.
func readCSV(lr *lineReader, o Options, h Handler) error {
	r := &csvReader{lr: lr, delim: '\t', h: h}
	if o.Format == CSV {
		r.delim = sniffDelimiter(lr)
	}
	ch, err := r.columns(o.Columns)
	if err != nil {
		return err
	}
	if len(ch.cols) == 0 {
		// No record was read: the input is blank or its lines are too
		// long to read, which are reported as they are read again.
		for {
			if h.stopped() {
				return ErrStopped
			}
			if _, ok := r.record(); !ok {
				return lr.Err()
			}
		}
	}
	if h.Note != nil {
		h.Note(ch.String())
	}
	r.cols = ch.cols
	for first := true; ; first = false {
		if h.stopped() {
			return ErrStopped
		}
		r.emitting = !first || !ch.header
		n, ok := r.record()
		if !ok {
			return lr.Err()
		}
		if r.emitting {
			r.checkWidth(n)
		}
	}
}

// columns finds the address columns from the --column option, the header
// row or the content, and whether the first row is a header. It returns
// no columns for an empty input. A first line too long to read may have
// been the header: it is lost, so a column cannot be found by name, and
// the row after it is data. It reads ahead a sample of the input
// (sampleRows records, or sampleBytes of lines and the line that crosses
// that; only the first record when the header names the columns), keeping
// only a few counters per column, and the lines of the sample are then
// read again as records.
func (r *csvReader) columns(specs []string) (chosen, error) {
	sn, err := newSniffer(specs)
	if err != nil {
		return chosen{}, err
	}
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
		if sn.rows == 1 && len(sn.numbers) == 0 && len(sn.qualified) == 0 && (len(sn.names) > 0 || len(sn.strong) > 0 || sn.weak >= 0) {
			break
		}
	}
	r.h, r.ended, r.sampling = h, nil, false
	r.replay, r.swallowed = r.sample, r.swallowed[:0]
	r.sample = nil
	switch {
	case r.lr.Err() != nil:
		return chosen{}, r.lr.Err()
	case sn.rows == 0:
		return chosen{}, nil
	}
	return sn.choose()
}

// checkWidth reports a record, just read, too short to reach any address
// column.
func (r *csvReader) checkWidth(n int) {
	if r.width > r.cols[0] {
		return
	}
	if len(r.cols) == 1 {
		r.h.Problem(Problem{Line: n, Msg: fmt.Sprintf("row has %d fields, so no address column (column %d)", r.width, r.cols[0]+1)})
		return
	}
	r.h.Problem(Problem{Line: n, Msg: fmt.Sprintf("row has %d fields, so none of the address columns (the first is column %d)", r.width, r.cols[0]+1)})
}

// emitField reports the addresses of field f of an address column,
// after saying when it is not valid text.
func (r *csvReader) emitField(f *field) {
	n := 0
	if len(f.segs) > 0 {
		n = f.segs[0].line
	}
	if bytes.IndexByte(f.text, 0) >= 0 {
		r.h.Problem(Problem{Line: n, Msg: "the address field holds a NUL byte"})
	} else if !utf8.Valid(f.text) {
		r.h.Problem(Problem{Line: n, Msg: "the address field is not valid UTF-8; save the file as UTF-8"})
	}
	if exchangeName(f.text) {
		return
	}
	emitField(f, r.h)
}

// exchangeName reports whether an address field holds an Exchange
// distinguished name (/o=ExchangeLabs/ou=…/cn=Recipients/cn=…), which
// Outlook exports in the address column of a contact whose address type is
// EX: it names a mailbox of the organisation and is no address to check.
func exchangeName(text []byte) bool {
	t := bytes.TrimSpace(text)
	return len(t) > 3 && t[0] == '/' && t[1]|0x20 == 'o' && t[2] == '=' && bytes.IndexByte(t, '@') < 0
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

// sniffer learns from the fields of the sample where the address columns
// are: from the header row (the first), by the names or numbers --column
// gives or usual names for addresses, else from the content.
type sniffer struct {
	// names and numbers are the columns --column gives, by name and by
	// 0-based number (sorted); namedAt is where each name is in the
	// header, or -1; byName finds the names a header name matches, by its
	// lower-case form, so that many names cost no more than one a field.
	names   []string
	numbers []int
	namedAt []int
	byName  map[string][]int
	// strong are the columns the header names as e-mail, in order; weak
	// is the best of the columns it names more loosely ("Address"), or
	// -1, and weakRank its rank.
	strong         []int
	weak, weakRank int
	// qualified are the columns whose header names e-mail with a word
	// before it that no list holds ("Secondary Email", "Business E-mail"),
	// taken when their values are addresses.
	qualified []int
	// lost is the number of the line too long to read that came before
	// the first record, and may have been the header, or 0.
	lost int
	// rows counts the records read; width is the number of fields of the
	// header row, widest that of the widest row; header names the
	// columns of the header row (the first maxSniffColumns), quoted for
	// messages.
	rows, width, widest int
	header              []string
	// firstAt are the columns, in order, whose field of the first row
	// holds an '@': the first row is then data, not a header.
	firstAt []int
	// with and filled count, for each column, the values that hold an
	// '@' (after their first byte) and those that are not blank.
	with, filled []int32
}

// newSniffer reads the --column values: 1-based numbers or header names.
func newSniffer(specs []string) (*sniffer, error) {
	sn := &sniffer{weak: -1}
	for _, spec := range specs {
		spec = strings.TrimSpace(spec)
		if spec == "" {
			continue
		}
		if n, err := strconv.Atoi(spec); err == nil {
			if n < 1 {
				return nil, fmt.Errorf("--column %d: columns are numbered from 1", n)
			}
			sn.numbers = append(sn.numbers, n-1)
			continue
		}
		if sn.byName == nil {
			sn.byName = map[string][]int{}
		}
		key := strings.ToLower(spec)
		sn.byName[key] = append(sn.byName[key], len(sn.names))
		sn.names = append(sn.names, spec)
		sn.namedAt = append(sn.namedAt, -1)
	}
	slices.Sort(sn.numbers)
	return sn, nil
}

// field learns from the field f, number i of its record.
func (sn *sniffer) field(i int, f *field) {
	sn.widest = max(sn.widest, i+1)
	if sn.rows == 0 && sn.lost == 0 {
		sn.headerField(i, string(f.text))
	}
	if sn.rows == 0 && bytes.IndexByte(f.text, '@') >= 0 && (i < maxSniffColumns || sn.isNumbered(i)) {
		sn.firstAt = append(sn.firstAt, i)
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

// isNumbered reports whether --column gives column i by number.
func (sn *sniffer) isNumbered(i int) bool {
	_, found := slices.BinarySearch(sn.numbers, i)
	return found
}

// headerField learns from field i of the header row.
func (sn *sniffer) headerField(i int, name string) {
	sn.width = i + 1
	if i < maxSniffColumns {
		sn.header = append(sn.header, shortQuote(name))
	}
	for _, k := range sn.byName[strings.ToLower(strings.TrimSpace(name))] {
		if sn.namedAt[k] < 0 {
			sn.namedAt[k] = i
		}
	}
	switch strong, rank, ok := headerKind(name); {
	case !ok && qualifiedEmail(name):
		sn.qualified = append(sn.qualified, i)
	case !ok:
	case strong:
		sn.strong = append(sn.strong, i)
	case sn.weak < 0 || rank < sn.weakRank:
		sn.weak, sn.weakRank = i, rank
	}
}

// chosen is what the sniffer decided: the address columns, in order,
// whether the first row is a header, and why.
type chosen struct {
	cols   []int
	header bool
	// how says how the columns were chosen; names holds the header name
	// of each column, quoted, or is empty without a header row.
	how   string
	names []string
}

// String says which columns were chosen and how, for --verbose.
func (c chosen) String() string {
	var b strings.Builder
	b.WriteString("address column")
	if len(c.cols) > 1 {
		b.WriteString("s")
	}
	for i, col := range c.cols {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, " %d", col+1)
		if i < len(c.names) {
			b.WriteString(" " + c.names[i])
		}
	}
	fmt.Fprintf(&b, " (%s)", c.how)
	return b.String()
}

// choose decides the address columns once the sample is read.
func (sn *sniffer) choose() (chosen, error) {
	if len(sn.names) > 0 || len(sn.numbers) > 0 {
		return sn.given()
	}
	var c chosen
	qualified := sn.addressesIn(sn.qualified)
	switch {
	case sn.lost == 0 && len(sn.strong)+len(qualified) > 0:
		cols := slices.Concat(sn.strong, qualified)
		slices.Sort(cols)
		c = chosen{cols: cols, header: true, how: "by header"}
	case sn.lost == 0 && sn.weak >= 0:
		c = chosen{cols: []int{sn.weak}, header: true, how: "by header"}
	default:
		for col := range sn.with {
			if sn.filled[col] > 0 && sn.with[col]*2 > sn.filled[col] {
				c.cols = append(c.cols, col)
			}
		}
		if len(c.cols) == 0 {
			return chosen{}, fmt.Errorf("%w (the header names none and no column of the first %d is mostly addresses); choose one with --column", ErrNoAddressColumn, maxSniffColumns)
		}
		c.header, c.how = sn.lost == 0 && !sn.anyFirstAt(c.cols), "by content: mostly addresses"
	}
	return sn.named(c), nil
}

// addressesIn returns those of cols, header columns, whose values in the
// sample are mostly addresses, or which are blank all through it (a
// second address is often rare).
func (sn *sniffer) addressesIn(cols []int) []int {
	var in []int
	for _, col := range cols {
		if col >= len(sn.with) {
			continue
		}
		values := sn.filled[col] - 1 // the header's name is one
		if values <= 0 || sn.with[col]*2 > values {
			in = append(in, col)
		}
	}
	return in
}

// given checks the columns --column names against the sample.
func (sn *sniffer) given() (chosen, error) {
	if sn.lost > 0 && len(sn.names) > 0 {
		return chosen{}, fmt.Errorf("line %d is longer than %d bytes and was skipped, so the header is lost and no column can be found by name; give --column the column's number", sn.lost, MaxLineLen)
	}
	c := chosen{how: "by --column"}
	for k, name := range sn.names {
		if sn.namedAt[k] < 0 {
			return chosen{}, fmt.Errorf("no column is named %q; %s", name, sn.headerNames())
		}
		c.cols = append(c.cols, sn.namedAt[k])
	}
	for _, n := range sn.numbers {
		if n >= sn.widest {
			return chosen{}, fmt.Errorf("--column %d: no row has that many columns (the widest of the first %d rows has %d); %s", n+1, sn.rows, sn.widest, sn.headerNames())
		}
		c.cols = append(c.cols, n)
	}
	slices.Sort(c.cols)
	c.cols = slices.Compact(c.cols)
	c.header = len(sn.names) > 0 || sn.lost == 0 && !sn.anyFirstAt(c.cols)
	return sn.named(c), nil
}

// anyFirstAt reports whether the first row holds an '@' in one of cols.
func (sn *sniffer) anyFirstAt(cols []int) bool {
	for _, c := range cols {
		if _, found := slices.BinarySearch(sn.firstAt, c); found {
			return true
		}
	}
	return false
}

// named adds the header names of the chosen columns, when the first row
// is a header.
func (sn *sniffer) named(c chosen) chosen {
	if !c.header {
		return c
	}
	for _, col := range c.cols {
		name := `""`
		if col < len(sn.header) {
			name = sn.header[col]
		}
		c.names = append(c.names, name)
	}
	return c
}

// headerNames describes the header row in a bounded message: its number
// of columns and the first few names, quoted and escaped.
func (sn *sniffer) headerNames() string {
	if sn.width == 0 {
		return "the header has no columns"
	}
	names := sn.header[:min(len(sn.header), shownHeaders)]
	s := fmt.Sprintf("the header has %d columns: %s", sn.width, strings.Join(names, ", "))
	if sn.width > len(names) {
		s += fmt.Sprintf(", … (%d more)", sn.width-len(names))
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

// emitField reports each address in a field, located in the input. A
// field may hold several lists joined by " ::: ", as Google Contacts
// exports the addresses of one kind.
func emitField(f *field, h Handler) {
	if len(f.segs) == 0 {
		return
	}
	text := view(f.text)
	loc := locator{f: f, cc: charCounter{line: text}}
	for from := 0; from <= len(text); {
		end := strings.Index(text[from:], googleSeparator)
		if end < 0 {
			end = len(text)
		} else {
			end += from
		}
		emitList(text[:end], from, func(start, end int) {
			h.Address(loc.address(text, start, end))
		})
		from = end + len(googleSeparator)
	}
}

// googleSeparator joins the addresses of a cell of a Google Contacts
// export.
const googleSeparator = " ::: "

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

// emailHeaders are the column names that hold e-mail addresses,
// compared after lower-casing and dropping spaces, hyphens, underscores,
// dots, colons and digits, so that Outlook's "E-mail 2 Address" and Google's
// "E-mail 1 - Value" are among them; looseHeaders name addresses more
// loosely (a postal address, a person), best first, and are taken only
// when no column has an e-mail name.
var (
	emailHeaders = []string{
		"email", "emailaddress", "emailaddr", "emailvalue", "mail", "mailaddress",
		"primaryemail", "workemail", "homeemail", "otheremail", "personalemail",
		"recipientemail", "courriel", "correo", "correoelectronico", "emailadresse",
		"indirizzoemail", "epost", "sähköposti",
	}
	looseHeaders = []string{"address", "recipient"}
)

// qualifiedEmail reports whether a column name ends with a name of an
// e-mail address after a word of its own: "Secondary Email" (Thunderbird),
// "Business E-mail Address", "Parent email".
func qualifiedEmail(name string) bool {
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return r == ' ' || r == '_' || r == '.' || r == '\t' || r >= '0' && r <= '9'
	})
	if len(words) < 2 {
		return false
	}
	for n := 1; n <= 2 && n < len(words); n++ {
		norm := strings.ReplaceAll(strings.Join(words[len(words)-n:], ""), "-", "")
		if slices.Contains(emailHeaders, norm) && norm != "mail" {
			return true
		}
	}
	return false
}

// headerKind tells whether a column name names e-mail addresses (strong)
// or maybe addresses (a loose name, rank its rank among them).
func headerKind(name string) (strong bool, rank int, ok bool) {
	norm := strings.Map(func(r rune) rune {
		switch {
		case r == ' ', r == '-', r == '_', r == '.', r == ':', r == '\t', r >= '0' && r <= '9':
			return -1
		}
		return r
	}, strings.ToLower(strings.TrimSpace(name)))
	if slices.Contains(emailHeaders, norm) {
		return true, 0, true
	}
	if i := slices.Index(looseHeaders, norm); i >= 0 {
		return false, i, true
	}
	return false, 0, false
}
