package resolve

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// Cache bounds: an answer is kept for its TTL but at most MaxTTL, and the
// file holds at most MaxEntries answers (about 40 bytes each), those that
// expire last.
const (
	MaxTTL     = 24 * time.Hour
	MaxEntries = 200_000
)

// cacheHeader starts a cache file; a file without it is not read.
//
// A line is "DOMAIN STATUS EXPIRY", and for a domain that is an alias of
// a name that does not exist "DOMAIN nxdomain EXPIRY NAME" (a reader that
// knows no fourth field skips the line, and asks DNS again).
const cacheHeader = "# rcptlint DNS cache v1: domain, status, expiry (Unix seconds); answers kept for their TTL, at most 24 h"

// statusWords names the statuses a cache keeps; failures ("") are not
// kept.
var statusWords = [...]string{
	domain.Accepts:     "accepts",
	domain.NoDomain:    "nxdomain",
	domain.NullMX:      "null-mx",
	domain.NoRecords:   "no-records",
	domain.NoMXAddress: "mx-no-address",
}

// kept reports whether a cache keeps answers of status st.
func kept(st domain.MailStatus) bool { return int(st) < len(statusWords) && statusWords[st] != "" }

type cached struct {
	status  domain.MailStatus
	expires int64  // Unix seconds
	alias   string // domain.Mail.Alias
}

// Cache is a domain.Resolver that answers from the answers kept in a file
// while they are fresh, and asks another resolver for the rest. Save
// writes what it has back. It is safe for concurrent use.
type Cache struct {
	path  string
	inner domain.Resolver
	now   func() time.Time
	max   int // MaxEntries, but in tests

	mu      sync.RWMutex
	entries map[string]cached
	changed bool
}

// DefaultCachePath returns where the cache lives: rcptlint/dns-cache under
// the user's cache directory ($XDG_CACHE_HOME or ~/.cache on Linux).
func DefaultCachePath() (string, error) {
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("dns cache: %w", err)
	}
	return filepath.Join(dir, "rcptlint", "dns-cache"), nil
}

// OpenCache reads the cache at path, which need not exist, in front of
// inner. Lines it cannot read and expired answers are skipped; a file
// that is no cache is an error, so that it is never overwritten.
func OpenCache(path string, inner domain.Resolver) (*Cache, error) {
	return openCache(path, inner, time.Now)
}

// openCache is OpenCache on the clock now.
func openCache(path string, inner domain.Resolver, now func() time.Time) (*Cache, error) {
	c := &Cache{path: path, inner: inner, now: now, max: MaxEntries, entries: map[string]cached{}}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, fmt.Errorf("dns cache: %w", err)
	}
	// Opening a FIFO waits for a writer, a device may never end: only a
	// regular file is read (and so, later, replaced).
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("dns cache %s: not a regular file (%s), left alone", path, fi.Mode().Type())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dns cache: %w", err)
	}
	defer f.Close()
	// About 40 bytes an answer: room for them at once.
	c.entries = make(map[string]cached, min(fi.Size()/40, int64(c.max)))
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 4096), 4096)
	if !sc.Scan() || sc.Text() != cacheHeader {
		return nil, fmt.Errorf("dns cache %s: line 1 is not %q: not a cache of rcptlint's, left alone", path, cacheHeader)
	}
	unix := c.now().Unix()
	// An answer fresh for longer than MaxTTL was not written by this clock.
	latest := unix + int64(MaxTTL/time.Second)
	for sc.Scan() && len(c.entries) < c.max {
		if name, e, ok := parseEntry(sc.Bytes()); ok && e.expires > unix && e.expires <= latest {
			c.entries[name] = e
		}
	}
	if err := sc.Err(); err != nil && !errors.Is(err, bufio.ErrTooLong) {
		return nil, fmt.Errorf("dns cache %s: %w", path, err)
	}
	return c, nil
}

// storable reports whether a name can stand in a line of the file as
// parseEntry reads it back: at most 253 bytes, no space or control
// character (a hostile server's alias may hold them, escaped or not).
func storable(name string) bool {
	return len(name) <= 253 && strings.IndexFunc(name, func(r rune) bool { return r <= ' ' || r == 0x7f }) < 0
}

func parseEntry(line []byte) (string, cached, bool) {
	name, rest, ok1 := bytes.Cut(line, []byte{' '})
	word, rest, ok2 := bytes.Cut(rest, []byte{' '})
	exp, alias, _ := bytes.Cut(rest, []byte{' '})
	if !ok1 || !ok2 || len(name) == 0 || !storable(string(name)) || !storable(string(alias)) {
		return "", cached{}, false
	}
	if len(alias) > 0 && string(word) != statusWords[domain.NoDomain] {
		return "", cached{}, false
	}
	st := domain.LookupFailed
	for i, w := range statusWords {
		if w != "" && string(word) == w {
			st = domain.MailStatus(i)
		}
	}
	if st == domain.LookupFailed {
		return "", cached{}, false
	}
	e, err := strconv.ParseInt(string(exp), 10, 64)
	if err != nil {
		return "", cached{}, false
	}
	return strings.ToLower(string(name)), cached{st, e, strings.ToLower(string(alias))}, true
}

// Recall returns the cached answer for name while it is fresh.
func (c *Cache) Recall(name string) (domain.Mail, bool) {
	now := c.now()
	c.mu.RLock()
	e, ok := c.entries[name]
	c.mu.RUnlock()
	if !ok || e.expires <= now.Unix() {
		return domain.Mail{}, false
	}
	return domain.Mail{Status: e.status, TTL: time.Unix(e.expires, 0).Sub(now), Alias: e.alias}, true
}

// LookupMail answers from the cache when it can. An answer that comes
// back once ctx is done is not kept: the run it was for has ended, and
// may be saving the cache.
func (c *Cache) LookupMail(ctx context.Context, name string) domain.Mail {
	if m, ok := c.Recall(name); ok {
		return m
	}
	now := c.now()
	m := c.inner.LookupMail(ctx, name)
	if kept(m.Status) && m.TTL >= time.Second && name != "" && storable(name) && storable(m.Alias) {
		exp := now.Add(min(m.TTL, MaxTTL)).Unix()
		c.mu.Lock()
		// Checked under the lock: a run that ends its lookups and then
		// saves finds every answer kept before the end, and none after.
		if ctx.Err() == nil {
			c.entries[name] = cached{m.Status, exp, m.Alias}
			c.changed = true
			if len(c.entries) >= 2*c.max {
				c.prune(now.Unix())
			}
		}
		c.mu.Unlock()
	}
	return m
}

// prune drops the answers expired at now and, past c.max, those that
// expire first, and returns the names kept. Called with c.mu held, at
// Save and whenever a run's new answers double c.max, so that memory stays
// bounded over endless distinct domains at an amortised n log n.
func (c *Cache) prune(now int64) []string {
	names := make([]string, 0, len(c.entries))
	for n, e := range c.entries {
		if e.expires > now {
			names = append(names, n)
		}
	}
	if len(names) > c.max {
		// Keep those that stay fresh longest.
		slices.SortFunc(names, func(a, b string) int { return cmp.Compare(c.entries[b].expires, c.entries[a].expires) })
		names = names[:c.max]
	}
	if len(names) < len(c.entries) {
		kept := make(map[string]cached, len(names))
		for _, n := range names {
			kept[n] = c.entries[n]
		}
		c.entries = kept
	}
	return names
}

// Save writes the fresh answers to the cache's file, when there is
// anything new, through a temporary file renamed over it.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.changed {
		return nil
	}
	names := c.prune(c.now().Unix())
	slices.Sort(names)
	if err := os.MkdirAll(filepath.Dir(c.path), 0o700); err != nil {
		return fmt.Errorf("dns cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(c.path), ".dns-cache-*")
	if err != nil {
		return fmt.Errorf("dns cache: %w", err)
	}
	w := bufio.NewWriter(tmp)
	fmt.Fprintln(w, cacheHeader)
	for _, n := range names {
		e := c.entries[n]
		fmt.Fprintf(w, "%s %s %d", n, statusWords[e.status], e.expires)
		if e.alias != "" {
			fmt.Fprintf(w, " %s", e.alias)
		}
		fmt.Fprintln(w)
	}
	err = errors.Join(w.Flush(), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), c.path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("dns cache %s: %w", c.path, err)
	}
	c.changed = false
	return nil
}
