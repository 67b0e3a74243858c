package gitdiff

import (
	"fmt"
	"math"
	"sort"
)

// Lines is a set of changed lines of one file. All means every line is new
// (a file git does not track yet).
//
// The lines are kept as ranges, 8 bytes each, while that is smaller than a
// bitmap up to the last changed line, and as that bitmap (one bit a line)
// once the ranges are denser: a file's set never takes more than about a
// bit per line, however its changes are spread.
type Lines struct {
	All    bool
	ranges []uint32 // first and last line of each range, ascending, apart
	bitmap []uint64 // bit n set for a changed line n, once denser than ranges
	last   int      // the last line added
}

// minBitmap is the number of lines below which a few ranges are kept as
// ranges, for a small file.
const minBitmap = 1024

// maxLine is the last line number Lines can hold.
const maxLine = math.MaxUint32

// Has reports whether line n is new or modified, in time logarithmic in the
// number of ranges.
func (l *Lines) Has(n int) bool {
	switch {
	case l.All:
		return true
	case n < 1 || n > maxLine:
		return false
	case l.bitmap != nil:
		w := n / 64
		return w < len(l.bitmap) && l.bitmap[w]&(1<<(n%64)) != 0
	}
	pairs := len(l.ranges) / 2
	i := sort.Search(pairs, func(i int) bool { return int(l.ranges[2*i+1]) >= n })
	return i < pairs && int(l.ranges[2*i]) <= n
}

// HasIn reports whether any line from first to last (inclusive) is new
// or modified: whether an entry that spans those lines changed. It takes
// time logarithmic in the number of ranges, or, once the set is a bitmap,
// a step for each 64 lines asked about.
func (l *Lines) HasIn(first, last int) bool {
	first, last = max(first, 1), min(last, maxLine)
	switch {
	case first > last:
		return false
	case l.All:
		return true
	case l.bitmap != nil:
		return l.bitsIn(first, last)
	}
	pairs := len(l.ranges) / 2
	i := sort.Search(pairs, func(i int) bool { return int(l.ranges[2*i+1]) >= first })
	return i < pairs && int(l.ranges[2*i]) <= last
}

// bitsIn reports whether the bitmap has a bit set from first to last.
func (l *Lines) bitsIn(first, last int) bool {
	for n := first; n <= last; {
		w, b := n/64, n%64
		if w >= len(l.bitmap) {
			return false
		}
		span := min(64-b, last-n+1)
		if l.bitmap[w]&((math.MaxUint64>>(64-span))<<b) != 0 {
			return true
		}
		n += span
	}
	return false
}

// add marks lines first to last (inclusive) as changed. Ranges must come
// in ascending order, as a diff's hunks do.
func (l *Lines) add(first, last int) error {
	switch {
	case first < 1 || last < first || last > maxLine:
		return fmt.Errorf("lines %d to %d are out of range", first, last)
	case first <= l.last:
		return fmt.Errorf("lines %d to %d come after line %d", first, last, l.last)
	}
	l.last = last
	n := len(l.ranges)
	switch {
	case l.bitmap != nil:
		l.setBits(first, last)
	case n > 0 && int(l.ranges[n-1])+1 == first:
		l.ranges[n-1] = uint32(last)
	default:
		l.ranges = append(l.ranges, uint32(first), uint32(last))
		// A range takes 64 bits; a bitmap, one bit a line up to the last.
		if 64*len(l.ranges)/2 > last+minBitmap {
			l.toBitmap()
		}
	}
	return nil
}

// toBitmap turns the ranges into a bitmap.
func (l *Lines) toBitmap() {
	ranges := l.ranges
	l.ranges = nil
	l.bitmap = []uint64{}
	for i := 0; i < len(ranges); i += 2 {
		l.setBits(int(ranges[i]), int(ranges[i+1]))
	}
}

// setBits sets the bits of lines first to last, growing the bitmap.
func (l *Lines) setBits(first, last int) {
	if need := last/64 + 1; need > len(l.bitmap) {
		if need > cap(l.bitmap) {
			grown := make([]uint64, need, max(need, 2*cap(l.bitmap)))
			copy(grown, l.bitmap)
			l.bitmap = grown
		}
		l.bitmap = l.bitmap[:need]
	}
	for n := first; n <= last; {
		w, b := n/64, n%64
		span := min(64-b, last-n+1)
		l.bitmap[w] |= (math.MaxUint64 >> (64 - span)) << b
		n += span
	}
}
