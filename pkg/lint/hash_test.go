package lint

import (
	"fmt"
	"testing"
)

// Mailbox keys of distinct mailboxes differ: for a few hundred thousand
// similar ones (the same local parts at different domains, local parts
// one character apart, every length around the eight-byte steps), and for
// the same bytes split differently between local part and domain.
func TestMailboxKeysDiffer(t *testing.T) {
	seen := map[uint64]string{}
	add := func(local, domain string) {
		k := mailboxKey(local, domainKeyHash(domain))
		m := local + "@" + domain
		if prev, ok := seen[k]; ok && prev != m {
			t.Fatalf("%s and %s have the same key", prev, m)
		}
		seen[k] = m
	}
	for i := range 20_000 {
		for _, d := range []string{"example.com", "example.org", "examp.le", "x.io"} {
			add(fmt.Sprintf("user%d", i), d)
			add(fmt.Sprintf("first.last%d", i), d)
		}
	}
	for n := range 20 {
		for c := byte('a'); c <= 'z'; c++ {
			b := make([]byte, n+1)
			for i := range b {
				b[i] = 'x'
			}
			b[n/2] = c
			add(string(b), "example.com")
		}
	}
	add("ab", "c.com")
	add("a", "bc.com")
	add("", "abc.com")
}
