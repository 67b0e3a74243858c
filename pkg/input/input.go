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
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Format is the layout of an input.
type Format int

// Formats. Auto picks by file extension: .csv is CSV, .tsv and .tab are
// TSV, anything else (and standard input) is text.
const (
	Auto Format = iota
	Text
	CSV
	TSV
)

// ParseFormat reads "text", "csv", "tsv" or "auto".
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "", "auto":
		return Auto, nil
	case "text", "txt":
		return Text, nil
	case "csv":
		return CSV, nil
	case "tsv":
		return TSV, nil
	}
	return Auto, fmt.Errorf("unknown input format %q: want text, csv or tsv", s)
}

// FormatFor returns the format for a file name when f is Auto.
func FormatFor(name string, f Format) Format {
	if f != Auto {
		return f
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return CSV
	case ".tsv", ".tab":
		return TSV
	}
	return Text
}

// MaxLineLen is the longest line (or CSV field) read; longer ones are
// reported and skipped, so that one giant line cannot exhaust memory.
const MaxLineLen = 1 << 20

// Options configure reading.
type Options struct {
	Format Format
	// Column selects the CSV/TSV address column by header name or 1-based
	// number; "" picks it from the header or the content.
	Column string
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
	switch o.Format {
	case CSV, TSV:
		return readCSV(lr, o, h)
	}
	return readText(lr, h)
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
