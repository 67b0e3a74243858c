// Command skeleton is the least a linter that reports repeated mailboxes
// has to do, with none of the checking: scripts/bench.sh runs it beside
// the baseline to show what a machine allows before any rule runs.
//
// It sets up the heap as rcptlint does for a long run, reads a file in
// blocks, splits the lines at their last '@' on one
// goroutine per CPU, fingerprints each mailbox (local part, and the
// domain's hash from a per-goroutine map), and hands the fingerprints in
// input order to rcptlint's own duplicate rule, writing a line for each
// repeat it reports. It does not parse addresses, look up the public
// suffix list, run any other rule or write JSON.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"unsafe"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

const blockBytes = 64 << 10

// block is a run of whole lines and the fingerprints found in it.
type block struct {
	data  []byte
	line0 int // lines before the block
	keys  []uint64
	lines []int32
	spans []int32 // where each mailbox starts and ends in data
	ready chan struct{}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: skeleton FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	// The heap as rcptlint sets it up for a long run (pkg/cli/memory.go):
	// collected only near a soft limit of 52 MiB, and grown at once by
	// 40 MiB backed by huge pages, which spares a VM thousands of page
	// faults.
	debug.SetMemoryLimit(52 << 20)
	debug.SetGCPercent(-1)
	adviseHuge(make([]byte, 40<<20))
	runtime.GC()

	workers := runtime.GOMAXPROCS(0)
	work := make(chan *block, 16)
	order := make(chan *block, 16)
	free := make(chan *block, 16+workers+2)
	seed := maphash.MakeSeed()
	for range workers {
		go func() {
			domains := map[string]uint64{}
			for b := range work {
				scan(b, domains, seed)
				b.ready <- struct{}{}
			}
		}()
	}

	done := make(chan int)
	go func() {
		dup := rules.Duplicate{}.NewBatch().(lint.OrderedBatch)
		out := bufio.NewWriterSize(os.Stdout, 64<<10)
		repeats := 0
		var s lint.Subject
		for b := range order {
			<-b.ready
			for i, key := range b.keys {
				s.Raw, s.Mailbox = view(b.data[b.spans[2*i]:b.spans[2*i+1]]), key
				for _, is := range dup.Judge(&s, lint.Location{File: os.Args[1], Line: int(b.lines[i]), Column: 1}) {
					repeats++
					out.WriteString(os.Args[1])
					out.WriteByte(':')
					out.WriteString(strconv.Itoa(int(b.lines[i])))
					out.WriteString(": ")
					out.WriteString(is.Message)
					out.WriteByte('\n')
				}
			}
			select {
			case free <- b:
			default:
			}
		}
		out.Flush()
		done <- repeats
	}()

	in := bufio.NewReaderSize(f, blockBytes)
	var carry []byte
	line := 0
	for {
		var b *block
		select {
		case b = <-free:
		default:
			b = &block{data: make([]byte, 0, 2*blockBytes), ready: make(chan struct{}, 1)}
		}
		buf := append(b.data[:0], carry...)
		buf = buf[:cap(buf)]
		n, err := io.ReadFull(in, buf[len(carry):len(carry)+blockBytes])
		buf = buf[:len(carry)+n]
		cut := len(buf)
		if err == nil {
			cut = bytes.LastIndexByte(buf, '\n') + 1 // a line longer than a block is cut
			if cut == 0 {
				cut = len(buf)
			}
		}
		carry = append(carry[:0], buf[cut:]...)
		b.data, b.line0 = buf[:cut], line
		b.keys, b.lines, b.spans = b.keys[:0], b.lines[:0], b.spans[:0]
		line += bytes.Count(b.data, []byte{'\n'})
		order <- b
		work <- b
		if err != nil {
			break
		}
	}
	close(work)
	close(order)
	fmt.Fprintln(os.Stderr, line, "lines,", <-done, "repeats")
}

// scan fingerprints the mailbox of each line of b that holds an '@'.
func scan(b *block, domains map[string]uint64, seed maphash.Seed) {
	data, line := b.data, b.line0
	for len(data) > 0 {
		start, text := len(b.data)-len(data), data
		if nl := bytes.IndexByte(data, '\n'); nl >= 0 {
			text, data = data[:nl], data[nl+1:]
		} else {
			data = nil
		}
		line++
		at := bytes.LastIndexByte(text, '@')
		if at < 0 {
			continue
		}
		h, ok := domains[string(text[at+1:])]
		if !ok {
			h = maphash.Bytes(seed, bytes.ToLower(text[at+1:]))
			domains[string(text[at+1:])] = h
		}
		b.keys = append(b.keys, maphash.Bytes(seed, text[:at])^h*0x9e3779b97f4a7c15)
		b.lines = append(b.lines, int32(line))
		b.spans = append(b.spans, int32(start), int32(start+len(text)))
	}
}

// view returns b as a string without copying it: a block is not written
// again until its repeats are written.
func view(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
