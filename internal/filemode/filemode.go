// Package filemode names the kinds of file that rcptlint refuses to read as
// a configuration or to fix, for error messages.
package filemode

import "io/fs"

// Kind names what a file that is not regular is: "a directory", "a named
// pipe", "a socket", "a character device", "a device" or "a special file".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
