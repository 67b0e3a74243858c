package cli

import (
	"os"
	"syscall"
	"unsafe"
)

// adviseHuge asks the kernel to back the whole pages of b with huge pages
// when it can (transparent huge pages in "madvise" mode, the usual
// default). b is fresh from the heap and untouched, so this costs nothing
// until the pages are used; a kernel that cannot (built without
// transparent huge pages: EINVAL) is no worse off, and the error is only
// for tests.
func adviseHuge(b []byte) error {
	page := uintptr(os.Getpagesize())
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start, end := (p+page-1)&^(page-1), (p+uintptr(len(b)))&^(page-1)
	if start >= end {
		return nil
	}
	return syscall.Madvise(b[start-p:end-p], syscall.MADV_HUGEPAGE)
}
