package typo

// Index finds, among many stored words, those within a small edit distance
// of a query word without comparing the query to each of them: a
// symmetric-delete index. Every stored word is filed under itself and the
// strings made by deleting up to Depth(word) of its characters; a query
// looks up its own deletions. Two words within distance d share a deletion
// of depth at most d, so the lookups find every candidate, and Distance
// then confirms each.
type Index struct {
	words []string
	keys  map[string][]int32
}

// NewIndex returns an empty index.
func NewIndex() *Index {
	return &Index{keys: map[string][]int32{}}
}

// MaxDistance is the largest edit distance the index answers for a word of
// length n: none for one or two characters, one up to eight, two beyond.
func MaxDistance(n int) int {
	switch {
	case n <= 2:
		return 0
	case n <= 8:
		return 1
	default:
		return 2
	}
}

// Add stores word and returns its id, the order of addition from 0.
func (x *Index) Add(word string) int {
	id := int32(len(x.words))
	x.words = append(x.words, word)
	depth := MaxDistance(len(word))
	seen := map[string]bool{}
	deletions(word, depth, func(k string) {
		if !seen[k] {
			seen[k] = true
			x.keys[k] = append(x.keys[k], id)
		}
	})
	return int(id)
}

// Word returns the word stored under id.
func (x *Index) Word(id int) string { return x.words[id] }

// Len returns the number of stored words.
func (x *Index) Len() int { return len(x.words) }

// Near calls fn with the id and distance of every stored word within the
// distance that word's length allows (MaxDistance) of query, at most once
// each. The query itself, if stored, comes with distance 0.
func (x *Index) Near(query string, fn func(id, dist int)) {
	depth := 2
	if len(query) < 7 {
		depth = 1
	}
	seen := map[int32]bool{}
	deletions(query, depth, func(k string) {
		for _, id := range x.keys[k] {
			if seen[id] {
				continue
			}
			seen[id] = true
			w := x.words[id]
			max := MaxDistance(len(w))
			if d := Distance(query, w, max); d <= max {
				fn(int(id), d)
			}
		}
	})
}

// deletions calls fn with s and every string made by deleting up to depth
// of its bytes (with repeats).
func deletions(s string, depth int, fn func(string)) {
	fn(s)
	if depth == 0 || len(s) == 0 {
		return
	}
	for i := 0; i < len(s); i++ {
		deletions(s[:i]+s[i+1:], depth-1, fn)
	}
}
