package dnstest

import (
	"context"
	"sync"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// Barrier is a domain.Resolver for tests of lookups that must be under
// way at once: it holds every lookup until want of them wait together,
// then gives each the answer; a lookup whose context ends first fails
// ("not together") and is counted (Failed). A test that sets no deadline
// of its own waits for ever when the lookups run one after another.
type Barrier struct {
	want    int
	answer  domain.Mail
	mu      sync.Mutex
	waiting int
	failed  int
	all     chan struct{}
}

// NewBarrier returns a Barrier for want lookups, answered with answer.
func NewBarrier(want int, answer domain.Mail) *Barrier {
	return &Barrier{want: want, answer: answer, all: make(chan struct{})}
}

// LookupMail waits for the others, or for ctx to end.
func (b *Barrier) LookupMail(ctx context.Context, _ string) domain.Mail {
	b.mu.Lock()
	if b.waiting++; b.waiting == b.want {
		close(b.all)
	}
	b.mu.Unlock()
	select {
	case <-b.all:
		return b.answer
	case <-ctx.Done():
		b.mu.Lock()
		b.failed++
		b.mu.Unlock()
		return domain.Mail{Failure: "not together"}
	}
}

// Failed returns how many lookups waited in vain for the others.
func (b *Barrier) Failed() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.failed
}
