//go:build linux

package main

import (
	"os"
	"syscall"
	"unsafe"
)

// adviseHuge asks the kernel to back the whole pages of b with huge pages,
// as rcptlint does (pkg/cli/memory_linux.go).
func adviseHuge(b []byte) {
	page := uintptr(os.Getpagesize())
	p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	start, end := (p+page-1)&^(page-1), (p+uintptr(len(b)))&^(page-1)
	if start < end {
		_ = syscall.Madvise(b[start-p:end-p], syscall.MADV_HUGEPAGE)
	}
}
