package input

import (
	"bytes"
	"io"
)

// Block is a run of whole lines of a text input, cut off by ReadBlocks so
// that it can be parsed on any goroutine.
type Block struct {
	data  []byte
	first int         // the number of the block's first line
	pool  chan []byte // where Release returns data, or nil
}

// Release hands the block's memory back for a later block to reuse. Call
// it when nothing read from the block (Address.Text) is in use any more.
func (b *Block) Release() {
	if b.pool == nil {
		return
	}
	select {
	case b.pool <- b.data[:0]:
	default:
	}
	b.data, b.pool = nil, nil
}

// Read reads the block's addresses exactly as Read reads them from the
// whole input, with lines numbered in the whole input.
func (b *Block) Read(h Handler) error {
	lr := &lineReader{buf: b.data, end: len(b.data), eof: true, n: b.first - 1}
	return readText(lr, h)
}

// Blocks receives what ReadBlocks reads.
type Blocks struct {
	// Block receives each run of whole lines of a text input, in order.
	Block func(*Block)
	// Handler receives, in place, what cannot be cut into blocks: inputs
	// other than text, UTF-16 text, and the rest of a text input after a line too long
	// to hold in a block. Its Stop is also asked before each block.
	Handler
}

// Block sizes: a block is cut after the last line end within blockSize
// bytes; a line longer than that grows the block up to maxBlockSize. A
// block of 48 KiB holds about 1,800 addresses, within the room a batch
// makes for them (lint's batchRoom); against 32 KiB it took 2 ms off a
// million addresses (fewer batches to hand over), and 64 KiB no more.
// A block's addresses and their findings are held until it is delivered,
// up to 16 blocks at a time, so a longer line is read in place instead:
// blocks of up to 2 MiB held 400,000 addresses each, and sixteen lines of
// 100,000 short ones took 308 MB.
const (
	blockSize    = 48 << 10
	maxBlockSize = 2 * blockSize
)

// ReadBlocks reads r as Read does, but hands a text input on in blocks of
// whole lines, so that a caller can parse them on several goroutines. It
// returns once the input is read; the blocks may be parsed later.
func ReadBlocks(r io.Reader, o Options, h Blocks) error {
	return readBlocks(r, o, h, blockSize, maxBlockSize)
}

// blockPool holds the buffers of released blocks (see splitBlocks).
var blockPool = make(chan []byte, 32)

func readBlocks(r io.Reader, o Options, h Blocks, size, limit int) error {
	lr, decoded, err := start(r)
	if err != nil {
		return err
	}
	defer lr.release()
	o.Format = h.decide(lr, o)
	if o.Format != Text || decoded {
		return readAs(lr, o, h.Handler)
	}
	return splitBlocks(lr, h, size, limit)
}

// splitBlocks hands on the input that lr has started to read in blocks of
// about size bytes, read in place after a line longer than limit.
func splitBlocks(lr *lineReader, h Blocks, size, limit int) error {
	carry := lr.buf[lr.start:lr.end]
	var kept []byte // the carry, once its block is handed on
	eof := lr.eof
	line := 1
	// Released blocks come back to blockPool to be read into again, so that
	// a long input, or many short ones, reuse a few blocks' worth of memory
	// instead of allocating their size.
	pool := blockPool
	for base := size; ; {
		if h.stopped() {
			return ErrStopped
		}
		var buf []byte
		select {
		case buf = <-pool:
		default:
		}
		if n := max(size, len(carry)); cap(buf) >= n {
			buf = buf[:n]
		} else {
			buf = make([]byte, n)
		}
		n := copy(buf, carry)
		for n < len(buf) && !eof {
			m, err := lr.r.Read(buf[n:])
			n += m
			if err != nil {
				eof = true
				if err != io.EOF {
					lr.err = err
				}
			}
		}
		data := buf[:n]
		if n == 0 {
			return lr.err
		}
		cut := n
		if !eof {
			cut = bytes.LastIndexByte(data, '\n') + 1
		}
		switch {
		case cut > 0:
			// Once handed on, the block is read and released elsewhere,
			// and its buffer may be read into by another input's reader:
			// what is still needed of it is counted and copied first.
			lines := countLines(data[:cut])
			kept = append(kept[:0], data[cut:]...)
			blk := &Block{data: data[:cut:cut], first: line}
			if cap(buf) == base {
				blk.data, blk.pool = data[:cut:base], pool
			}
			h.Block(blk)
			line += lines
			carry = kept
			size = base
		case size < limit:
			// One line fills the block: read more of it.
			carry, size = data, min(2*size, limit)
			continue
		default:
			// A line too long to hold: read the rest in place, as Read does.
			rest := &lineReader{r: io.MultiReader(bytes.NewReader(data), lr.r), buf: make([]byte, chunk), n: line - 1}
			if err := readText(rest, h.Handler); err != nil {
				return err
			}
			return lr.err
		}
		if eof && len(carry) == 0 {
			return lr.err
		}
	}
}

// countLines counts the line ends in data, which ends with one: LF, CRLF
// and a lone CR each end a line, as the lineReader counts them.
func countLines(data []byte) int {
	n := bytes.Count(data, []byte{'\n'})
	for i := bytes.IndexByte(data, '\r'); i >= 0; {
		if i+1 < len(data) && data[i+1] != '\n' {
			n++
		}
		j := bytes.IndexByte(data[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return n
}
