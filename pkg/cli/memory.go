package cli

import (
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

// A run that reads more than hugeHeapFrom bytes of input (some 10,000
// addresses) moves the rest of its heap to huge pages, up to hugeHeapMax
// bytes of it: see hugeHeap.
const (
	hugeHeapFrom = 256 << 10
	hugeHeapMax  = 40 << 20
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
// the 2 MiB a huge page zeroes where it would touch a few pages. Only
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
		n := min(debug.SetMemoryLimit(-1)-int64(ms.Sys-ms.HeapReleased)-8<<20, hugeHeapMax)
		if n < 8<<20 {
			return
		}
		adviseHuge(make([]byte, n))
		runtime.GC()
	})
}

// hugeHeapReader calls grow (hugeHeap) once the run has read
// hugeHeapFrom bytes of input, counted down in left across the run's
// inputs: for input whose size is not known at the start, a pipe say.
type hugeHeapReader struct {
	r    io.Reader
	left *int64
	grow func()
}

func (h hugeHeapReader) Read(b []byte) (int, error) {
	n, err := h.r.Read(b)
	if *h.left > 0 {
		if *h.left -= int64(n); *h.left <= 0 {
			h.grow()
		}
	}
	return n, err
}
