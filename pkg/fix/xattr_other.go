//go:build !linux

package fix

import "os"

// keepXattrs does nothing: extended attributes are kept on Linux only.
func keepXattrs(*os.File, string) error { return nil }
