// Package spill keeps a sequence of bytes in memory up to a limit and in a
// temporary file past it, to be read back from its start: state that grows
// with the input (what --fix did to each finding, a changed line of any
// length) held in bounded memory.
package spill

import (
	"bytes"
	"io"
	"os"
)

// Buffer is written to, then read back from its start. Its zero value is
// not usable: make one with New.
type Buffer struct {
	limit int
	mem   []byte   // the bytes not yet in the file
	file  *os.File // nil until mem first outgrows limit
	size  int64    // bytes in the file
	err   error
}

// New returns an empty buffer that keeps at most limit bytes in memory.
func New(limit int) *Buffer { return &Buffer{limit: limit} }

// Write appends p. Past the limit the bytes in memory go to a temporary
// file, removed from its folder at once; when no temporary file can be
// made, they stay in memory.
func (b *Buffer) Write(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if len(b.mem)+len(p) > b.limit {
		b.flush()
		if len(p) > b.limit && b.file != nil && b.err == nil {
			n, err := b.file.WriteAt(p, b.size)
			b.size += int64(n)
			b.err = err
			return n, err
		}
	}
	b.mem = append(b.mem, p...)
	return len(p), b.err
}

// WriteByte appends c.
func (b *Buffer) WriteByte(c byte) error {
	if len(b.mem) < b.limit && b.err == nil {
		b.mem = append(b.mem, c)
		return nil
	}
	_, err := b.Write([]byte{c})
	return err
}

// WriteString appends s.
func (b *Buffer) WriteString(s string) (int, error) {
	if len(b.mem)+len(s) <= b.limit && b.err == nil {
		b.mem = append(b.mem, s...)
		return len(s), nil
	}
	return b.Write([]byte(s))
}

// flush moves the bytes in memory to the file, making it when needed.
func (b *Buffer) flush() {
	if b.err != nil || len(b.mem) == 0 {
		return
	}
	if b.file == nil {
		f, err := os.CreateTemp("", "rcptlint-spill-*")
		if err != nil {
			return
		}
		os.Remove(f.Name()) // gone once closed, whatever happens
		b.file = f
	}
	n, err := b.file.WriteAt(b.mem, b.size)
	b.size += int64(n)
	b.err = err
	b.mem = b.mem[:0]
}

// Len returns the number of bytes written since the buffer was made or
// last reset.
func (b *Buffer) Len() int64 { return b.size + int64(len(b.mem)) }

// Reader returns a reader of every byte written, from the first. Writing
// more while it is read is not allowed.
func (b *Buffer) Reader() (io.Reader, error) {
	mem := bytes.NewReader(b.mem)
	if b.file == nil {
		return mem, b.err
	}
	return io.MultiReader(io.NewSectionReader(b.file, 0, b.size), mem), b.err
}

// Reset empties the buffer, keeping its memory and its file for reuse.
func (b *Buffer) Reset() {
	b.mem = b.mem[:0]
	b.size = 0
}

// Err returns the first error writing to the temporary file.
func (b *Buffer) Err() error { return b.err }

// Close removes the temporary file, if any.
func (b *Buffer) Close() error {
	if b.file == nil {
		return nil
	}
	err := b.file.Close()
	b.file = nil
	return err
}
