package baseline

import (
	"bytes"
	"testing"
)

// FuzzRead: reading never panics, and whatever is written is read back
// to accept the same findings, however odd the bytes of the address.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"version": 1, "findings": [{"file": "a.txt", "rule": "syntax", "address": "x", "count": 2}]}`), "a.txt", "jane@gmial.com")
	f.Add([]byte(`{"version": 1}`), "-", "bad\xff\x1b\u202e\"\\x@y.com")
	f.Fuzz(func(t *testing.T, data []byte, file, address string) {
		_, _ = Read(bytes.NewReader(data))
		if file == "" || address == "" {
			return
		}
		k := NewKey(file, "syntax", address)
		b := NewBuilder()
		if err := b.Add(k); err != nil {
			return
		}
		var out bytes.Buffer
		if _, err := b.WriteTo(&out); err != nil {
			t.Fatal(err)
		}
		s, err := Read(&out)
		if err != nil {
			t.Fatalf("reading what was written: %v\n%s", err, out.String())
		}
		if !s.Accept(k) {
			t.Fatalf("%q in %q not accepted from\n%s", address, file, out.String())
		}
	})
}
