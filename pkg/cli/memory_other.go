//go:build !linux

package cli

// adviseHuge does nothing where the kernel takes no advice on huge pages.
func adviseHuge([]byte) error { return nil }
