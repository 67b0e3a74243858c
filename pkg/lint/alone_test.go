package lint

import (
	"sync"
	"testing"
)

func TestCheckAloneSkipsBatchRules(t *testing.T) {
	calls, seen := 0, 0
	e, err := New(Options{Rules: []Rule{
		fakeDomainRule{"a", "typo", "fixed.com", &calls},
		countBatch{&seen},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := e.CheckAlone("x@typo.com", Location{File: "f", Line: 1, Column: 1}, nil)
	if len(got) != 1 || got[0].Rule != "a" || got[0].Suggestion != "x@fixed.com" {
		t.Fatalf("CheckAlone = %+v, want one finding of rule a suggesting x@fixed.com", got)
	}
	if seen != 0 {
		t.Errorf("the batch rule saw %d addresses, want none", seen)
	}
	if got := e.CheckAlone("y@ok.com", Location{}, got[:0]); len(got) != 0 {
		t.Errorf("CheckAlone(y@ok.com) = %+v, want nothing", got)
	}
}

// TestCheckAloneConcurrent is for the race detector: many goroutines check
// at once through one engine and its shared per-domain cache.
func TestCheckAloneConcurrent(t *testing.T) {
	e, err := New(Options{Rules: []Rule{policyRule{}}, Allow: []string{"ok.com"}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				addr := "x@d" + string(rune('a'+(g+i)%26)) + ".com"
				if got := e.CheckAlone(addr, Location{}, nil); len(got) != 1 {
					t.Errorf("CheckAlone(%s) = %d findings, want 1", addr, len(got))
					return
				}
				if got := e.CheckAlone("y@ok.com", Location{}, nil); len(got) != 0 {
					t.Errorf("CheckAlone(y@ok.com) = %d findings, want none", len(got))
					return
				}
			}
		}()
	}
	wg.Wait()
}
