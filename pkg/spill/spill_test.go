package spill

import (
	"bytes"
	"io"
	"testing"
)

func TestBufferReadsBackWhatWasWritten(t *testing.T) {
	for _, limit := range []int{1, 7, 1 << 20} {
		b := New(limit)
		var want bytes.Buffer
		for i := range 1000 {
			chunk := bytes.Repeat([]byte{byte('a' + i%26)}, i%13)
			b.Write(chunk)
			b.WriteByte('\n')
			b.WriteString("x")
			want.Write(chunk)
			want.WriteString("\nx")
		}
		for range 2 { // it can be read twice
			r, err := b.Reader()
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(r)
			if !bytes.Equal(got, want.Bytes()) || b.Len() != int64(want.Len()) {
				t.Fatalf("limit %d: read back %d bytes (Len %d), want %d", limit, len(got), b.Len(), want.Len())
			}
		}
		if limit < want.Len() && b.file == nil {
			t.Errorf("limit %d: nothing was spilled", limit)
		}
		if len(b.mem) > limit {
			t.Errorf("limit %d: %d bytes kept in memory", limit, len(b.mem))
		}
		b.Reset()
		b.WriteString("again")
		r, _ := b.Reader()
		if got, _ := io.ReadAll(r); string(got) != "again" {
			t.Errorf("limit %d: after Reset, read %q", limit, got)
		}
		b.Close()
	}
}
