package cli

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
	"unsafe"
)

// adviseHuge marks the pages it is given for huge pages (the kernel's
// "hg" flag on their mapping), which is what lets a long run fault its
// heap in 2 MiB at a time.
func TestAdviseHugeMarksThePages(t *testing.T) {
	b := make([]byte, 8<<20)
	if err := adviseHuge(b); err != nil {
		t.Skipf("the kernel takes no advice on huge pages (built without transparent huge pages?): %v", err)
	}
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps to read the mapping's flags from: %v", err)
	}
	defer f.Close()
	mid := uintptr(unsafe.Pointer(&b[len(b)/2]))
	inside := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var lo, hi uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 && !strings.Contains(line, ": ") {
			inside = lo <= mid && mid < hi
			continue
		}
		if inside && strings.HasPrefix(line, "VmFlags:") {
			if !strings.Contains(line, " hg") {
				t.Errorf("the mapping holding the slice is not marked for huge pages: %s", line)
			}
			return
		}
	}
	t.Fatalf("no mapping holds the slice at %#x", mid)
}
