// Package typo measures how likely one string is a slip for another: edit
// distance with a transposition counted as one edit, the kind of a single
// edit, and how plausible that edit is for a person at a keyboard.
package typo

// Distance returns the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and adjacent transpositions, each
// one edit), or limit+1 when it is larger than limit. Both strings are
// compared byte by byte; callers pass ASCII (A-labels).
//
// Only the band of cells within limit of the diagonal is filled, a row at
// a time, and the work stops once two rows in a row exceed limit (a cell draws
// on the two rows above it, so no later one can come back under); rows of
// labels fit on the stack.
func Distance(a, b string, limit int) int {
	if a == b {
		return 0
	}
	if diff := len(a) - len(b); diff > limit || -diff > limit {
		return limit + 1
	}
	inf := limit + 1
	n := len(b) + 1
	var buf [3 * 72]int
	rows := buf[:]
	if 3*n > len(buf) {
		rows = make([]int, 3*n)
	}
	prev2, prev, cur := rows[:n], rows[n:2*n], rows[2*n:3*n]
	for j := range prev {
		prev[j] = min(j, inf)
	}
	prevMin := 0
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-limit), min(n-1, i+limit)
		// Left of the band: the first column, or out of reach.
		if lo == 1 {
			cur[0] = min(i, inf)
		} else {
			cur[lo-1] = inf
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi+1 < n {
			cur[hi+1] = inf // right of the band, which the next row reads
		}
		if rowMin > limit && prevMin > limit {
			return inf
		}
		prevMin = rowMin
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[n-1], inf)
}

// Kind is the kind of a single edit that turns the intended string into
// the typed one.
type Kind uint8

// Kinds of single edit.
const (
	None Kind = iota
	Omission
	Insertion
	Substitution
	Transposition
)

// Edit describes how a typed string differs from the intended one by a
// single edit.
type Edit struct {
	Kind Kind
	// Pos is the byte offset of the edit in the typed string.
	Pos int
	// Typed and Meant are the characters involved: for a substitution the
	// character typed and the one meant; for an insertion the extra
	// character; for an omission the missing one; for a transposition the
	// two meant characters in order.
	Typed, Meant byte
}

// Single classifies the difference between typed and meant when it is one
// edit; ok is false otherwise.
func Single(typed, meant string) (e Edit, ok bool) {
	p := 0
	for p < len(typed) && p < len(meant) && typed[p] == meant[p] {
		p++
	}
	switch len(typed) - len(meant) {
	case -1:
		if typed[p:] == meant[p+1:] {
			return Edit{Kind: Omission, Pos: p, Meant: meant[p]}, true
		}
	case 1:
		if typed[p+1:] == meant[p:] {
			return Edit{Kind: Insertion, Pos: p, Typed: typed[p]}, true
		}
	case 0:
		if p == len(typed) {
			return Edit{}, false
		}
		if typed[p+1:] == meant[p+1:] {
			return Edit{Kind: Substitution, Pos: p, Typed: typed[p], Meant: meant[p]}, true
		}
		if p+1 < len(typed) && typed[p] == meant[p+1] && typed[p+1] == meant[p] && typed[p+2:] == meant[p+2:] {
			return Edit{Kind: Transposition, Pos: p, Typed: typed[p], Meant: meant[p]}, true
		}
	}
	return Edit{}, false
}

// Plausible reports whether a single edit is one people commonly make at a
// keyboard: two letters swapped, a letter left out, a letter doubled or
// struck with its neighbour, a neighbouring key, or a look-alike digit.
func Plausible(e Edit, typed string) bool {
	switch e.Kind {
	case Transposition, Omission:
		return true
	case Substitution:
		return Adjacent(e.Typed, e.Meant) || LookAlike(e.Typed, e.Meant)
	case Insertion:
		x := e.Typed
		if e.Pos > 0 && (typed[e.Pos-1] == x || Adjacent(typed[e.Pos-1], x)) {
			return true
		}
		return e.Pos+1 < len(typed) && (typed[e.Pos+1] == x || Adjacent(typed[e.Pos+1], x))
	}
	return false
}

// Cost weighs a single edit for ranking candidates: the likelier the slip,
// the lower the cost.
func Cost(e Edit, typed string) float64 {
	switch e.Kind {
	case Transposition:
		return 0.7
	case Omission:
		return 0.8
	case Insertion:
		if e.Pos > 0 && typed[e.Pos-1] == e.Typed || e.Pos+1 < len(typed) && typed[e.Pos+1] == e.Typed {
			return 0.6
		}
		if Plausible(e, typed) {
			return 0.8
		}
	case Substitution:
		if Adjacent(e.Typed, e.Meant) {
			return 0.7
		}
		if LookAlike(e.Typed, e.Meant) {
			return 0.75
		}
	}
	return 1
}

// neighbours maps each key to the keys around it on a QWERTY keyboard,
// each row sitting half a key right of the one above (q touches 1, 2, w
// and a), plus y and z, which QWERTZ keyboards swap. TestNeighbours checks
// the table against the key rows.
var neighbours = [128]string{
	'-': "0p",
	'0': "-9op",
	'1': "2q",
	'2': "13qw",
	'3': "24ew",
	'4': "35er",
	'5': "46rt",
	'6': "57ty",
	'7': "68uy",
	'8': "79iu",
	'9': "08io",
	'a': "qswz",
	'b': "ghnv",
	'c': "dfvx",
	'd': "cefrsx",
	'e': "34drsw",
	'f': "cdgrtv",
	'g': "bfhtvy",
	'h': "bgjnuy",
	'i': "89jkou",
	'j': "hikmnu",
	'k': "ijlmo",
	'l': "kop",
	'm': "jkn",
	'n': "bhjm",
	'o': "09iklp",
	'p': "-0lo",
	'q': "12aw",
	'r': "45deft",
	's': "adewxz",
	't': "56fgry",
	'u': "78hijy",
	'v': "bcfg",
	'w': "23aeqs",
	'x': "cdsz",
	'y': "67ghtuz",
	'z': "asxy",
}

// Adjacent reports whether keys a and b touch on a QWERTY keyboard (or are
// y and z, swapped on QWERTZ). Letters compare case-insensitively.
func Adjacent(a, b byte) bool {
	a, b = lower(a), lower(b)
	if a >= 128 || b >= 128 {
		return false
	}
	for i := 0; i < len(neighbours[a]); i++ {
		if neighbours[a][i] == b {
			return true
		}
	}
	return false
}

// LookAlike reports whether a and b are easily mistaken when read or
// copied: 0 and o, 1 and l or i, 5 and s, 8 and b, 2 and z, 6 or 9 and g.
func LookAlike(a, b byte) bool {
	a, b = lower(a), lower(b)
	pair := string([]byte{min(a, b), max(a, b)})
	switch pair {
	case "0o", "1l", "1i", "5s", "8b", "2z", "6g", "9g":
		return true
	}
	return false
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
