package resolve

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// fakeResolver answers from a table and counts what it is asked.
type fakeResolver struct {
	mu      sync.Mutex
	answers map[string]domain.Mail
	asked   map[string]int
}

func (f *fakeResolver) LookupMail(_ context.Context, name string) domain.Mail {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.asked[name]++
	return f.answers[name]
}

func newFake() *fakeResolver {
	return &fakeResolver{asked: map[string]int{}, answers: map[string]domain.Mail{
		"live.test":   {Status: domain.Accepts, TTL: time.Hour},
		"gone.test":   {Status: domain.NoDomain, TTL: 10 * time.Minute},
		"null.test":   {Status: domain.NullMX, TTL: 48 * time.Hour},
		"broken.test": {Failure: "SERVFAIL"},
		"nottl.test":  {Status: domain.Accepts},
	}}
}

func TestCacheAcrossRuns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "dns-cache")
	names := []string{"live.test", "gone.test", "null.test", "broken.test", "nottl.test"}
	now := time.Unix(1_800_000_000, 0)
	run := func(at time.Time) *fakeResolver {
		t.Helper()
		f := newFake()
		c, err := openCache(path, f, func() time.Time { return at })
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if got, want := c.LookupMail(context.Background(), n), f.answers[n]; got.Status != want.Status {
				t.Errorf("%s: status %d, want %d", n, got.Status, want.Status)
			}
		}
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		return f
	}
	run(now)
	// Within every TTL, only what is never kept is asked again: the
	// failure and the answer without a TTL.
	f := run(now.Add(5 * time.Minute))
	for _, n := range names {
		want := 0
		if n == "broken.test" || n == "nottl.test" {
			want = 1
		}
		if f.asked[n] != want {
			t.Errorf("second run asked %s %d times, want %d", n, f.asked[n], want)
		}
	}
	// Past the negative TTL of gone.test (10 minutes), it is asked again;
	// null.test's 48 h are cut to MaxTTL, so it is asked after 25 h.
	if f := run(now.Add(15 * time.Minute)); f.asked["gone.test"] != 1 || f.asked["live.test"] != 0 {
		t.Errorf("after 15 minutes: asked %v, want gone.test alone of those kept", f.asked)
	}
	if f := run(now.Add(25 * time.Hour)); f.asked["null.test"] != 1 {
		t.Errorf("after 25 hours: null.test asked %d times, want 1 (TTL capped at %s)", f.asked["null.test"], MaxTTL)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), cacheHeader+"\n") || strings.Contains(string(data), "broken.test") {
		t.Errorf("cache file:\n%s", data)
	}
}

func TestCacheRefusesOtherFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	if err := os.WriteFile(path, []byte("my notes\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := OpenCache(path, newFake())
	if err == nil || !strings.Contains(err.Error(), path) || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("OpenCache of another file: %v, want an error naming it and its line 1", err)
	}
}

func TestCacheSkipsBadLines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dns-cache")
	future := time.Now().Add(time.Hour).Unix()
	lines := []string{cacheHeader,
		"live.test accepts " + itoa(future),
		"bad.test unknown-status " + itoa(future),
		"short.test accepts",
		"long.test accepts notanumber",
		strings.Repeat("x", 10000) + " accepts " + itoa(future),
		"after.test accepts " + itoa(future),
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := OpenCache(path, newFake())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.entries) != 1 || c.entries["live.test"].status != domain.Accepts {
		t.Errorf("entries %v, want live.test alone (a line too long ends the read)", c.entries)
	}
}

// TestCacheSkipsFarExpiries: an answer the file says stays fresh longer
// than MaxTTL from now was not written by rcptlint's clock (a file edited,
// or copied from a machine whose clock was ahead): it is skipped, not
// trusted for years.
func TestCacheSkipsFarExpiries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dns-cache")
	now := time.Now()
	lines := []string{cacheHeader,
		"fresh.test nxdomain " + itoa(now.Add(MaxTTL-time.Minute).Unix()),
		"later.test nxdomain " + itoa(now.Add(MaxTTL+time.Hour).Unix()),
		"forever.test nxdomain 9223372036854775807",
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := OpenCache(path, newFake())
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"fresh.test": true, "later.test": false, "forever.test": false} {
		if _, ok := c.Recall(name); ok != want {
			t.Errorf("Recall(%s) = %v, want %v", name, ok, want)
		}
	}
}

// cacheOfThree opens a new cache in front of a fake resolver, capped at
// three answers, and returns its path.
func cacheOfThree(t *testing.T) (string, *fakeResolver, *Cache) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dns-cache")
	f := &fakeResolver{asked: map[string]int{}, answers: map[string]domain.Mail{}}
	c, err := OpenCache(path, f)
	if err != nil {
		t.Fatal(err)
	}
	c.max = 3
	return path, f, c
}

func TestCacheCapped(t *testing.T) {
	path, f, c := cacheOfThree(t)
	for i, n := range []string{"a.test", "b.test", "c.test", "d.test", "e.test"} {
		f.answers[n] = domain.Mail{Status: domain.Accepts, TTL: time.Duration(i+1) * time.Hour}
		c.LookupMail(context.Background(), n)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c2, err := OpenCache(path, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(c2.entries) != 3 || c2.entries["e.test"].status != domain.Accepts || c2.entries["a.test"].status != 0 {
		t.Errorf("entries kept %v, want the 3 that expire last (c, d, e)", c2.entries)
	}
}

// TestCacheBoundedInRun: a run over endless distinct domains keeps at most
// twice MaxEntries answers in memory, the engine's own bound being moot
// if the cache under it keeps them all; the file still gets those that
// expire last.
func TestCacheBoundedInRun(t *testing.T) {
	path, f, c := cacheOfThree(t)
	for i := range 100 {
		n := "d" + strconv.Itoa(i) + ".test"
		f.answers[n] = domain.Mail{Status: domain.Accepts, TTL: time.Duration(i+1) * time.Minute}
		c.LookupMail(context.Background(), n)
		if len(c.entries) > 2*c.max {
			t.Fatalf("after %d domains the cache holds %d answers, want at most %d", i+1, len(c.entries), 2*c.max)
		}
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	c2, err := OpenCache(path, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(c2.entries) != 3 || c2.entries["d99.test"].status != domain.Accepts {
		t.Errorf("entries kept %v, want the 3 that expire last (d97 to d99)", c2.entries)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// lateResolver holds each lookup until its context ends and then answers
// anyway, as a lookup whose answer came in just as the run ended.
type lateResolver struct{}

func (lateResolver) LookupMail(ctx context.Context, _ string) domain.Mail {
	<-ctx.Done()
	return domain.Mail{Status: domain.Accepts, TTL: time.Hour}
}

// TestCacheKeepsNothingAfterTheEnd: an answer that comes back once the
// lookup's context is done (the run has ended, and may be saving the
// cache) is not kept.
func TestCacheKeepsNothingAfterTheEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dns-cache")
	c, err := OpenCache(path, lateResolver{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan domain.Mail)
	go func() { done <- c.LookupMail(ctx, "late.test") }()
	cancel()
	<-done
	if m, ok := c.Recall("late.test"); ok {
		t.Errorf("the answer that came after the end was kept: %+v", m)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the cache was written for an answer that came after the end")
	}
}

// TestCacheKeepsAlias: the name a domain is an alias of, which does not
// exist, is kept with its answer; a fourth field on another answer, or
// one with a blank, is a bad line.
func TestCacheKeepsAlias(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dns-cache")
	f := &fakeResolver{asked: map[string]int{}, answers: map[string]domain.Mail{
		"alias.test": {Status: domain.NoDomain, TTL: time.Hour, Alias: "gone.test"},
	}}
	c, err := OpenCache(path, f)
	if err != nil {
		t.Fatal(err)
	}
	c.LookupMail(context.Background(), "alias.test")
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	exp := strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, "live.test accepts "+exp+" gone.test\nnull.test nxdomain "+exp+" a b\n"...)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = OpenCache(path, f)
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := c.Recall("alias.test"); !ok || m.Status != domain.NoDomain || m.Alias != "gone.test" {
		t.Errorf("alias.test recalled as %+v, %v; want NXDOMAIN through gone.test", m, ok)
	}
	for _, n := range []string{"live.test", "null.test"} {
		if m, ok := c.Recall(n); ok {
			t.Errorf("the bad line of %s was read: %+v", n, m)
		}
	}
}

// An answer whose alias the cache file could not hold as it reads it (a
// space or a control character in a name from a hostile server, a name
// past 253 bytes) is not kept: a line written that the next run skips
// would be asked again on every run while the file says it is known.
func TestCacheKeepsOnlyWhatItReadsBack(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dns-cache")
	long := strings.Repeat("a", 250) + ".test"
	f := &fakeResolver{asked: map[string]int{}, answers: map[string]domain.Mail{
		"space.test": {Status: domain.NoDomain, TTL: time.Hour, Alias: `x\ y.test`},
		"ctl.test":   {Status: domain.NoDomain, TTL: time.Hour, Alias: "x\x1b[31m.test"},
		"long.test":  {Status: domain.NoDomain, TTL: time.Hour, Alias: long},
		"fine.test":  {Status: domain.NoDomain, TTL: time.Hour, Alias: "gone.test"},
	}}
	c, err := OpenCache(path, f)
	if err != nil {
		t.Fatal(err)
	}
	for n := range f.answers {
		c.LookupMail(context.Background(), n)
	}
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "fine.test ") {
		t.Errorf("cache file:\n%s\nwant its header and fine.test alone", data)
	}
	c, err = OpenCache(path, f)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Recall("fine.test"); !ok {
		t.Error("fine.test was not read back")
	}
}
