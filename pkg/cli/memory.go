package cli

import (
	"bytes"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// baseSoftLimit is the soft memory limit of a run: it holds per-domain
// state and bounded tables, not the list, so the heap stays under it
// whatever the input.
const baseSoftLimit = 52 << 20

// entryRoom is the room the soft limit makes for each trusted and known
// entry of the configuration: an entry's facts and near-miss keys take
// about 800 bytes (TestLargeTrustedList), its file's parse about as many
// while it is read. Without it a list of 700,000 entries held the heap
// above the limit while it was indexed, and the collector ran without
// pause (19 s, against 7 s).
const entryRoom = 512

// softLimit is the limit SetMemoryDefaults set, 0 when the user's
// GOMEMLIMIT rules (or in tests, which set none).
var softLimit atomic.Int64

// SetMemoryDefaults sets the soft memory limit and the collector's pace
// of a run, unless GOMEMLIMIT and GOGC say otherwise. The command calls
// it first.
func SetMemoryDefaults() {
	limited := os.Getenv("GOMEMLIMIT") == ""
	if limited {
		debug.SetMemoryLimit(baseSoftLimit)
		softLimit.Store(baseSoftLimit)
	}
	if os.Getenv("GOGC") == "" {
		if limited {
			// Under that limit, collect only when the heap nears it: what
			// a run allocates is mostly short-lived, and most runs then
			// never collect (a million addresses: 95 to 92 ms), while a
			// long one collects as before, at the limit.
			debug.SetGCPercent(-1)
		} else {
			// With a limit of the user's, which may be none, collect
			// less often than by default but still by the heap's growth.
			debug.SetGCPercent(400)
		}
	}
}

// parseRoom is the room the soft limit makes for each byte of a
// configuration file while it is parsed: YAML's node tree takes about 20
// bytes for each byte of a list.
const parseRoom = 24

// roomForFile makes room under the soft limit for parsing a configuration
// file of size bytes, before its entries are known.
func roomForFile(size int64) {
	if base := softLimit.Load(); base > 0 {
		debug.SetMemoryLimit(base + size*parseRoom)
	}
}

// roomForEntries makes room under the soft limit for a configuration of
// n distinct trusted and known entries, which a run holds whole: memory
// grows with the configuration's distinct entries, never with its lines
// (its lists keep an entry once, see withFlags) nor with the addresses. A
// user's GOMEMLIMIT is left alone.
func roomForEntries(n int) {
	if base := softLimit.Load(); base > 0 {
		debug.SetMemoryLimit(base + int64(n)*entryRoom)
	}
}

// roomKept returns a function that puts the soft limit back as it is now.
// Room is made for a configuration before it is known to be valid; when it
// is not, the room goes back to what it was: a policy server refusing a
// reload runs on with the configuration it holds, and that one's room.
func roomKept() func() {
	old := debug.SetMemoryLimit(-1)
	return func() { debug.SetMemoryLimit(old) }
}

// A run that reads more than hugeHeapLines lines of input (about as many
// addresses) moves the rest of its heap to huge pages, up to hugeHeapMax
// bytes of it: see hugeHeap. Lines, not bytes: a short export whose rows
// carry long notes is no long run (1,000 rows of 288 bytes paid 7 ms when
// the threshold was 256 KiB).
const (
	hugeHeapLines = 10000
	hugeHeapMax   = 40 << 20
)

var hugeHeapOnce sync.Once

// hugeHeap grows the heap at once by as much as a long run will use, asks
// the kernel to back that part with huge pages, and frees it for the run.
// A long run touches some 20 MiB of heap, for the stream's batches and
// the duplicate rule's table, in places no cache holds: with 4 KiB pages
// that is 5,000 page faults and a TLB miss on most lookups, the largest
// cost of a run after the checks themselves (a million addresses: 229 to
// 178 ms, 5,750 to 1,200 page faults, on a virtual machine where a fault
// costs 14 µs). A short run does not pay the collection this takes, nor
// the 2 MiB a huge page zeroes where it would touch a few pages; and the
// readers reuse their buffers from one input to the next, for a folder of
// small files not to spread what it touches over many huge pages. Only
// under the defaults of SetMemoryDefaults: a user's GOMEMLIMIT may leave
// no room for it.
func hugeHeap() {
	hugeHeapOnce.Do(func() {
		if softLimit.Load() == 0 {
			return
		}
		// What the soft limit counts (runtime/metrics would say it too,
		// but importing it costs every run 0.8 ms at start).
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		if n := hugeHeapSize(debug.SetMemoryLimit(-1), int64(ms.Sys-ms.HeapReleased)); n > 0 {
			_ = adviseHuge(make([]byte, n))
			runtime.GC()
		}
	})
}

// hugeHeapSize returns how much hugeHeap grows the heap by, with used bytes
// in use under the soft limit: what the limit leaves, less 8 MiB for the
// rest of the run, at most hugeHeapMax; nothing when that is under 8 MiB.
func hugeHeapSize(limit, used int64) int64 {
	if n := min(limit-used-8<<20, hugeHeapMax); n >= 8<<20 {
		return n
	}
	return 0
}

// growHeap is what a long run calls: hugeHeap, but for tests.
var growHeap = hugeHeap

// hugeHeapReader calls grow (hugeHeap) once the run has read hugeHeapLines
// addresses, counted down in left across the run's inputs, or as soon as
// the size of a regular file and what was read of it say that it holds
// that many: before the run has touched much of its heap. A text list's
// lines are its addresses, counted as they are read; in the other formats
// (a vCard's dozens of lines a card, a CSV's notes across lines) the
// addresses are counted as they are found.
type hugeHeapReader struct {
	r     io.Reader
	left  *int64
	size  int64 // the input's size when it is a regular file, else 0
	read  int64 // bytes read so far
	lines int64 // lines read so far
	grow  func()
	// text is set once the input is known to be a text list, whose lines
	// count; counted, once its format is known, whatever it is.
	text, counted bool
}

func (h *hugeHeapReader) Read(b []byte) (int, error) {
	n, err := h.r.Read(b)
	if *h.left <= 0 || n == 0 || h.counted && !h.text {
		return n, err
	}
	lines := int64(bytes.Count(b[:n], []byte{'\n'}))
	h.read += int64(n)
	h.lines += lines
	if h.text {
		h.count(lines)
	}
	return n, err
}

// decided is told the input's format, once it is known from its first
// bytes: a text list counts the lines read so far.
func (h *hugeHeapReader) decided(text bool) {
	if h.counted {
		return
	}
	h.text, h.counted = text, true
	if text {
		h.count(h.lines)
	}
}

// address counts an address found in an input that is not a text list.
func (h *hugeHeapReader) address() {
	if h.counted && !h.text {
		h.count(1)
	}
}

// count counts n addresses, and grows the heap once the run has read
// enough; in a text list, from the first 4 KiB of a file on, as soon as
// the file's size says that the rest holds twice enough (a guess from its
// first lines, which may be shorter than the rest).
func (h *hugeHeapReader) count(n int64) {
	if *h.left <= 0 {
		return
	}
	*h.left -= n
	if *h.left <= 0 || h.text && h.size > h.read && h.read >= 4096 && h.lines*(h.size-h.read)/h.read >= 2**h.left {
		*h.left = 0
		h.grow()
	}
}
