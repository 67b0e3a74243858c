// Package input reads recipient addresses from text and CSV/TSV streams,
// keeping the location of each: the 1-based line and byte column where it
// starts in its physical line. Reading is streamed: memory is bounded by
// the longest line or field allowed, never by the size of the input.
package input

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Format is the layout of an input.
type Format int

// Formats. Auto picks by file extension (see ByExtension), else by content
// (see Sniff), else text.
const (
	Auto Format = iota
	Text
	CSV
	TSV
	// VCard is a vCard file: the EMAIL properties of its cards.
	VCard
	// LDIF is an LDIF file (an LDAP or Thunderbird address book export):
	// its mail and mozillaSecondEmail attributes.
	LDIF
	// Mail is an e-mail message or an mbox file of them: the From, To,
	// Cc, Bcc and Reply-To headers of each message.
	Mail
	// JSON is a JSON array of strings, each an address or address list.
	JSON
)

// formatNames are the names of the formats, by Format, as --input-format
// takes them.
var formatNames = []string{"auto", "text", "csv", "tsv", "vcard", "ldif", "mail", "json"}

// String returns the format's name, as ParseFormat reads it.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("format(%d)", int(f))
}

// FormatNames lists the names ParseFormat reads.
func FormatNames() []string { return slices.Clone(formatNames) }

// ParseFormat reads a format name (see FormatNames; also txt, vcf, eml and
// mbox).
func ParseFormat(s string) (Format, error) {
	switch s = strings.ToLower(s); s {
	case "":
		return Auto, nil
	case "txt":
		return Text, nil
	case "vcf":
		return VCard, nil
	case "eml", "mbox":
		return Mail, nil
	}
	if i := slices.Index(formatNames, s); i >= 0 {
		return Format(i), nil
	}
	return Auto, fmt.Errorf("unknown input format %q: want %s", s, strings.Join(formatNames, ", "))
}

// extensions maps file extensions to formats.
var extensions = map[string]Format{
	".txt": Text, ".csv": CSV, ".tsv": TSV, ".tab": TSV, ".vcf": VCard, ".vcard": VCard,
	".ldif": LDIF, ".ldi": LDIF, ".eml": Mail, ".mbox": Mail, ".mbx": Mail, ".json": JSON,
}

// ByExtension returns the format a file name's extension tells, or Auto.
func ByExtension(name string) Format {
	return extensions[strings.ToLower(filepath.Ext(name))]
}

// MaxLineLen is the longest line (or CSV field) read; longer ones are
// reported and skipped, so that one giant line cannot exhaust memory.
const MaxLineLen = 1 << 20

// Options configure reading.
type Options struct {
	// Format is the input's format; Auto decides it from Name's extension,
	// else from the content.
	Format Format
	// Name is the input's file name, for its extension.
	Name string
	// Columns select the CSV/TSV address columns, each by header name or
	// 1-based number; none picks them from the header or the content.
	Columns []string
}

// Address is one address found in the input.
type Address struct {
	// Text is the address as written (the addr-spec, without display name).
	// It is valid only during the Handler call: copy it to keep it.
	Text string
	// Line and Column locate its first byte: 1-based line, 1-based byte
	// column within that physical line.
	Line, Column int
	// Char is Column counted in Unicode code points.
	Char int
	// At, when above 0, tells that Text is a plain address (see
	// address.SplitPlain) whose '@' is at At: the reader has settled it.
	At int
	// Encoded tells how the input encodes the address when it does not
	// write it as it reads, up to the escapes and folds of its format
	// (see Spelling): it is then located at the start of its value, and
	// a fix cannot write a repair in its place.
	Encoded Encoding
	// Opaque tells that Text is not written on its line as it reads: it
	// is decoded (Encoded), or holds an escape, or runs on across lines
	// (a fold, a soft line break, a quoted CSV field). Line and Column
	// are then where it starts, and an offset into Text is no offset
	// into the line.
	Opaque bool
	// EndLine is the physical line that ends the address, when it runs
	// on past Line; 0 when it ends on Line. An address decoded from an
	// encoding ends with its value.
	EndLine int
}

// Encoding is how an input encodes an address that it does not write as
// it reads.
type Encoding uint8

// The encodings.
const (
	// Written is an address written as it reads, up to its format's
	// escapes and folds.
	Written Encoding = iota
	// QuotedPrintable is a vCard 2.1 quoted-printable value.
	QuotedPrintable
	// Base64 is a base64 value (LDIF's "mail::", vCard's ENCODING=b).
	Base64
	// Charset is a value in another character set than UTF-8 (vCard's
	// CHARSET=ISO-8859-1).
	Charset
	// unknownEncoding is an encoding that rcptlint does not read.
	unknownEncoding
)

// String says what the encoding is, for a message: "a quoted-printable
// value".
func (e Encoding) String() string {
	switch e {
	case Written:
		return "a value written as it reads"
	case QuotedPrintable:
		return "a quoted-printable value"
	case Base64:
		return "a base64 value"
	case Charset:
		return "a value in another character set than UTF-8"
	}
	return "an encoded value"
}

// Problem is an error in part of an input that does not stop the rest from
// being read: a line that is too long, a CSV quote never closed.
type Problem struct {
	Line int
	Msg  string
}

// Handler receives what a reader finds, in input order.
type Handler struct {
	Address func(Address)
	Problem func(Problem)
	// Stop, when set, is asked before each line; when it returns true,
	// reading ends with ErrStopped.
	Stop func() bool
	// Format, when set, is told the input's format and why it was chosen,
	// before any address.
	Format func(f Format, why string)
	// Note, when set, is told what the reader decided about the input
	// beside its format (the address columns), for --verbose.
	Note func(string)
	// Directive, when set, receives the ignore comments of a text input,
	// each before the addresses of its line. CSV and TSV have none.
	Directive func(Directive)
}

// ErrStopped is returned by Read when Handler.Stop ended it.
var ErrStopped = errors.New("reading stopped")

// ErrNoAddressColumn reports a CSV or TSV input in which no column was
// found to hold addresses, by its header or its content.
var ErrNoAddressColumn = errors.New("no column holds email addresses")

func (h *Handler) stopped() bool { return h.Stop != nil && h.Stop() }

// Read reads addresses from r. A returned error means reading stopped (an
// I/O error, a binary or UTF-16 file, no address column); problems along
// the way go to h.Problem and reading goes on.
//
// UTF-16 input with a byte-order mark is decoded; lines and columns then
// count in the decoded text.
func Read(r io.Reader, o Options, h Handler) error {
	lr, _, err := start(r)
	if err != nil {
		return err
	}
	defer lr.release()
	o.Format = h.decide(lr, o)
	return readAs(lr, o, h)
}

// readAs reads lr in the format o.Format, which is decided.
func readAs(lr *lineReader, o Options, h Handler) error {
	switch o.Format {
	case CSV, TSV:
		return readCSV(lr, o, h)
	case VCard:
		return readVCard(lr, h)
	case LDIF:
		return readLDIF(lr, h)
	case Mail:
		return readMail(lr, h)
	case JSON:
		return readJSON(lr, h)
	}
	return readText(lr, h)
}

// decide returns the format of the input lr reads: o.Format, else the one
// its name's extension tells (unless it tells a text list and the start is
// unmistakably another format), else the one its start looks like, else
// Text; h.Format is told which and why.
func (h *Handler) decide(lr *lineReader, o Options) Format {
	f, why := o.Format, "by --input-format"
	if f != Auto {
		return h.told(f, why)
	}
	ext := strings.ToLower(filepath.Ext(o.Name))
	head := lr.peek(sniffBytes)
	sf, swhy := Sniff(head)
	switch f = ByExtension(o.Name); {
	case f == Auto:
		f, why = sf, swhy
	case f == Text && unmistakable(sf, head):
		f, why = sf, swhy+"; its extension "+ext+" names a list"
	default:
		why = "by its extension " + ext
	}
	return h.told(f, why)
}

// told tells h.Format the format decided and why, and returns it.
func (h *Handler) told(f Format, why string) Format {
	if h.Format != nil {
		h.Format(f, why)
	}
	return f
}

// start readies a line reader over r: decoded from UTF-16 when it starts
// with a UTF-16 byte-order mark (decoded tells), and refused when it is
// not text.
func start(r io.Reader) (lr *lineReader, decoded bool, err error) {
	r, decoded, err = decodeUTF16(r)
	if err != nil {
		return nil, false, err
	}
	lr = newLineReader(r)
	if err := lr.sniff(); err != nil {
		return nil, false, err
	}
	return lr, decoded, nil
}

// sniff rejects inputs that are not text before any line is read.
func (lr *lineReader) sniff() error {
	head := lr.peek(4096)
	switch {
	case bytes.IndexByte(head, 0) >= 0:
		return fmt.Errorf("file is binary (it holds NUL bytes), not a list of addresses; skipped")
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		lr.skip(3)
	}
	return nil
}

// decodeUTF16 returns r decoded to UTF-8 when it starts with a UTF-16
// byte-order mark, and r unchanged otherwise; decoded tells which.
func decodeUTF16(r io.Reader) (_ io.Reader, decoded bool, err error) {
	head := make([]byte, 2)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		return nil, false, err
	}
	head = head[:n]
	r = io.MultiReader(bytes.NewReader(head), r)
	switch {
	case bytes.Equal(head, []byte{0xff, 0xfe}):
		return transform.NewReader(r, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), true, nil
	case bytes.Equal(head, []byte{0xfe, 0xff}):
		return transform.NewReader(r, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), true, nil
	}
	return r, false, nil
}

// IsUTF16 reports whether data starts with a UTF-16 byte-order mark.
func IsUTF16(data []byte) bool {
	return bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff})
}

// charCounter turns increasing byte offsets into a line into code-point
// columns without rescanning the line for each: a list of a million
// addresses on one line stays linear.
type charCounter struct {
	line       string
	byte, char int
}

// column returns the 1-based code-point column of byte offset off.
func (c *charCounter) column(off int) int {
	if off < c.byte {
		c.byte, c.char = 0, 0
	}
	for i := c.byte; i < off; {
		if c.line[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRuneInString(c.line[i:])
			i += size
		}
		c.char++
	}
	c.byte = off
	return c.char + 1
}
