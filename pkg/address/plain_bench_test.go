package address

import (
	"bytes"
	"testing"

	"github.com/rcptlint/rcptlint/internal/corpus"
)

// BenchmarkPlainPrefix reads a realistic list the way the text reader
// does: each line by PlainPrefix on the rest of the buffer.
func BenchmarkPlainPrefix(b *testing.B) {
	var buf bytes.Buffer
	if err := corpus.Write(&buf, corpus.Options{N: 20000, Domains: 1000, Typos: 0.01, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	data := buf.String()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		for s := data; len(s) > 0; {
			_, end := PlainPrefix(s)
			for end < len(s) && s[end] != '\n' {
				end++
			}
			s = s[min(end+1, len(s)):]
		}
	}
}
