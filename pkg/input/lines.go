package input

import (
	"bytes"
	"io"
	"sync"

	"github.com/rcptlint/rcptlint/pkg/address"
)

// lineReader splits a stream into physical lines ending in LF, CRLF or a
// lone CR, without the terminator, and bounds each line to MaxLineLen.
type lineReader struct {
	r          io.Reader
	buf        []byte
	start, end int
	eof        bool
	err        error
	// n is the number of the line last returned.
	n int
	// cut, when set, finds where a line longer than MaxLineLen may be
	// split without cutting an entry in two (just after a separator), so
	// that such a line is read in segments instead of dropped.
	cut func([]byte) int
	// off is the byte offset, in its physical line, of the segment last
	// returned; partial is set while a line is being returned in segments.
	off, nextOff int
	partial      bool
}

const chunk = 64 << 10

// firstBufs holds the first buffers of readers that are done, for the
// next input's: a run over many small files would otherwise allocate 64 KiB
// for each and touch only what each file fills (a folder of 200 files of
// 500 addresses: 200 buffers where a few do).
var firstBufs = sync.Pool{New: func() any { b := make([]byte, chunk); return &b }}

func newLineReader(r io.Reader) *lineReader {
	return &lineReader{r: r, buf: *firstBufs.Get().(*[]byte)}
}

// release gives the reader's first buffer to the next reader, when it
// kept it: nothing read from it is used after the input is read (the
// strings handed on are views valid only until a handler returns, and
// the engine copies what it keeps).
func (lr *lineReader) release() {
	if cap(lr.buf) == chunk {
		b := lr.buf[:chunk]
		firstBufs.Put(&b)
	}
	lr.buf = nil
}

// fill reads more input after compacting the buffer, growing it when it is
// full. It returns false at the end of input or on an error.
func (lr *lineReader) fill() bool {
	if lr.eof {
		return false
	}
	if lr.start > 0 {
		lr.end = copy(lr.buf, lr.buf[lr.start:lr.end])
		lr.start = 0
	}
	if lr.end == len(lr.buf) {
		lr.buf = append(lr.buf, make([]byte, len(lr.buf))...)
	}
	for {
		m, err := lr.r.Read(lr.buf[lr.end:])
		lr.end += m
		if err != nil {
			lr.eof = true
			if err != io.EOF {
				lr.err = err
			}
			return m > 0
		}
		if m > 0 {
			return true
		}
	}
}

// peek returns up to n bytes of what comes next without consuming them. A
// read error is kept for Err, after the lines read before it.
func (lr *lineReader) peek(n int) []byte {
	for lr.end-lr.start < n && lr.fill() {
	}
	return lr.buf[lr.start:min(lr.end, lr.start+n)]
}

func (lr *lineReader) skip(n int) { lr.start += n }

// next returns the next line and its number. tooLong reports a line longer
// than MaxLineLen, which is skipped: line is then empty. ok is false at the
// end of input; Err then tells whether reading failed.
func (lr *lineReader) next() (line []byte, n int, tooLong, ok bool) {
	scanned := 0
	for {
		data := lr.buf[lr.start+scanned : lr.end]
		if t, width := terminator(data, lr.eof); t >= 0 {
			end := lr.start + scanned + t
			if p := lr.cutAt(end, tooLong); p > 0 {
				return lr.segment(p)
			}
			return lr.emit(end, end+width, tooLong)
		}
		if lr.eof {
			if p := lr.cutAt(lr.end, tooLong); p > 0 {
				return lr.segment(p)
			}
			if lr.start < lr.end {
				return lr.emit(lr.end, lr.end, tooLong)
			}
			if tooLong {
				lr.n++
				return nil, lr.n, true, true
			}
			return nil, lr.n, false, false
		}
		scanned = lr.end - lr.start
		if scanned > 0 && lr.buf[lr.end-1] == '\r' {
			scanned-- // the CR may be the first half of a CRLF: look again
		}
		if scanned > MaxLineLen {
			if p := lr.cutAt(lr.start+scanned, tooLong); p > 0 {
				return lr.segment(p)
			}
		}
		if scanned > MaxLineLen {
			// Drop what is buffered of the over-long line and keep reading
			// until it ends.
			tooLong = true
			lr.start += scanned
			scanned = 0
		}
		lr.fill()
	}
}

// nextPlain returns the next line when it is one plain address (see
// address.PlainPrefix), found in one pass over it, and where its '@' is.
// ok is false when the next line is not plain or not wholly read yet; the
// reader is then as it was, for next.
func (lr *lineReader) nextPlain() (line []byte, at, n int, ok bool) {
	if lr.partial {
		return nil, 0, 0, false
	}
	data := lr.buf[lr.start:lr.end]
	at, end := address.PlainPrefix(view(data))
	if at == 0 || end > MaxLineLen {
		return nil, 0, 0, false
	}
	width := 0
	switch {
	case end == len(data):
		if !lr.eof {
			return nil, 0, 0, false
		}
	case data[end] == '\n':
		width = 1
	case data[end] == '\r':
		switch {
		case end+1 < len(data):
			width = 1
			if data[end+1] == '\n' {
				width = 2
			}
		case lr.eof:
			width = 1
		default:
			return nil, 0, 0, false // an LF may follow
		}
	default:
		return nil, 0, 0, false // the line goes on, not plain
	}
	lr.start += end + width
	lr.n++
	lr.off = 0
	return data[:end], at, lr.n, true
}

// cutAt returns where to cut the line that runs to end when it is longer
// than MaxLineLen: after the last separator within its first MaxLineLen
// bytes, or 0 for no cut.
func (lr *lineReader) cutAt(end int, tooLong bool) int {
	if tooLong || lr.cut == nil || end-lr.start <= MaxLineLen {
		return 0
	}
	return lr.cut(lr.buf[lr.start : lr.start+MaxLineLen])
}

// segment returns the first p bytes of an over-long line as a part of it.
func (lr *lineReader) segment(p int) ([]byte, int, bool, bool) {
	seg := lr.buf[lr.start : lr.start+p]
	lr.start += p
	if !lr.partial {
		lr.partial = true
		lr.nextOff = 0
	}
	lr.off = lr.nextOff
	lr.nextOff += p
	return seg, lr.n + 1, false, true
}

// emit returns the line that ends at end, the next one starting at next.
func (lr *lineReader) emit(end, next int, tooLong bool) ([]byte, int, bool, bool) {
	line := lr.buf[lr.start:end]
	lr.start = next
	lr.n++
	lr.off = 0
	if lr.partial {
		lr.off, lr.partial = lr.nextOff, false
		return line, lr.n, false, true
	}
	if tooLong || len(line) > MaxLineLen {
		return nil, lr.n, true, true
	}
	return line, lr.n, false, true
}

// terminator finds the first line end in data: its index and width (1 for
// LF or a lone CR, 2 for CRLF), or -1. A CR at the very end of data is a
// line end only at the end of input, since an LF may follow.
func terminator(data []byte, eof bool) (int, int) {
	lf := bytes.IndexByte(data, '\n')
	search := data
	if lf >= 0 {
		search = data[:lf]
	}
	if cr := bytes.IndexByte(search, '\r'); cr >= 0 {
		if cr+1 < len(data) {
			if data[cr+1] == '\n' {
				return cr, 2
			}
			return cr, 1
		}
		if eof {
			return cr, 1
		}
		return -1, 0
	}
	if lf >= 0 {
		return lf, 1
	}
	return -1, 0
}

// Err returns the read error that ended the input, if any.
func (lr *lineReader) Err() error { return lr.err }
