package lint

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/internal/dnstest"
	"github.com/rcptlint/rcptlint/pkg/domain"
)

// hangingResolver answers the names in answers at once and holds every
// other lookup until its context ends, recording that it did.
type hangingResolver struct {
	answers map[string]domain.Mail
	// Made at the start, each closed once: read by every lookup at once.
	started   map[string]chan struct{}
	cancelled map[string]chan struct{}
}

func newHangingResolver(answers map[string]domain.Mail, hanging ...string) *hangingResolver {
	r := &hangingResolver{answers: answers, started: map[string]chan struct{}{}, cancelled: map[string]chan struct{}{}}
	for _, n := range hanging {
		r.started[n], r.cancelled[n] = make(chan struct{}), make(chan struct{})
	}
	return r
}

func (r *hangingResolver) LookupMail(ctx context.Context, name string) domain.Mail {
	if m, ok := r.answers[name]; ok {
		return m
	}
	close(r.started[name])
	<-ctx.Done()
	close(r.cancelled[name])
	return domain.Mail{Failure: "interrupted"}
}

// awaited waits for c, failing the test with msg if it stays open long
// past any plausible schedule: a guard against a hang, not a timing test.
func awaited(t *testing.T, c <-chan struct{}, msg string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(10 * time.Second):
		t.Fatal(msg)
	}
}

// TestFinishCancelsLookups: the lookup of the domain a slip was taken for
// starts with the slip's, and nobody waits for it when the slip's domain
// does not exist; the end of the run cancels it, so that it cannot
// outlive the run (or write to a cache after it).
func TestFinishCancelsLookups(t *testing.T) {
	r := newHangingResolver(map[string]domain.Mail{"typo.com": {Status: domain.NoDomain}}, "meant.com")
	c := 0
	e, err := New(Options{Rules: []Rule{fakeDomainRule{"a", "typo", "meant.com", &c}}, Resolver: r})
	if err != nil {
		t.Fatal(err)
	}
	var fs []Finding
	e.Check("x@typo.com", Location{File: "f", Line: 1, Column: 1}, func(f *Finding) { fs = append(fs, *f) })
	if len(fs) != 1 || fs[0].Severity != Error {
		t.Fatalf("findings %+v, want the slip as an error (its domain does not exist)", fs)
	}
	awaited(t, r.started["meant.com"], "the domain meant was not looked up")
	select {
	case <-r.cancelled["meant.com"]:
		t.Fatal("the lookup of the domain meant was cancelled before the run ended")
	default:
	}
	e.Finish(func(*Finding) {})
	awaited(t, r.cancelled["meant.com"], "the lookup of the domain meant outlived the run: Finish did not cancel it")
}

// TestPrefetchLooksUpTogether: addresses prefetched, then checked one at
// a time, have their domains looked up at once, not one after another
// (each lookup here answers only once all of them are under way).
func TestPrefetchLooksUpTogether(t *testing.T) {
	const n = 50
	b := dnstest.NewBarrier(n, domain.Mail{Status: domain.NoDomain})
	// A deadline only ends the test if the lookups wait in turn.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c := 0
	e, err := New(Options{Rules: []Rule{fakeDomainRule{"a", "typo", "meant.com", &c}}, Resolver: b, Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for i := range n {
		addrs = append(addrs, fmt.Sprintf("user@company%d.com", i))
	}
	for _, a := range addrs {
		e.Prefetch(a)
	}
	for i, a := range addrs {
		e.Check(a, Location{File: "f", Line: i + 1}, func(f *Finding) { t.Errorf("finding %+v", f) })
	}
	e.Finish(func(*Finding) {})
	if failed := b.Failed(); failed > 0 {
		t.Errorf("%d of %d lookups waited in vain for the others: they were not under way at once", failed, n)
	}
}
