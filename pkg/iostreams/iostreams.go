// Package iostreams carries the standard streams of one rcptlint invocation,
// with what is known about each (a terminal or not), so that commands never
// touch os.Stdin, os.Stdout or os.Stderr directly and tests can swap them.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"github.com/mattn/go-isatty"
)

// IOStreams holds the streams and the environment a command runs with.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY     bool
	OutTTY    bool
	ErrOutTTY bool

	// Getenv reads an environment variable (NO_COLOR, CI, ...).
	Getenv func(string) string
	// Getwd returns the working directory, used to find the config file.
	Getwd func() (string, error)
	// Exit, when set, ends the process: the last resort when an interrupt
	// finds the program blocked reading a terminal or pipe. Nil in tests.
	Exit func(code int)
}

// System returns the streams of the running process.
func System() *IOStreams {
	return &IOStreams{
		In:        os.Stdin,
		Out:       os.Stdout,
		ErrOut:    os.Stderr,
		InTTY:     isTerminal(os.Stdin),
		OutTTY:    isTerminal(os.Stdout),
		ErrOutTTY: isTerminal(os.Stderr),
		Getenv:    os.Getenv,
		Getwd:     os.Getwd,
		Exit:      os.Exit,
	}
}

// Test returns streams backed by buffers: stdin reads in, stdout and stderr
// are captured. No stream is a terminal and the environment is empty.
func Test(in string) (ios *IOStreams, out, errOut *bytes.Buffer) {
	out, errOut = &bytes.Buffer{}, &bytes.Buffer{}
	ios = &IOStreams{
		In:     bytes.NewBufferString(in),
		Out:    out,
		ErrOut: errOut,
		Getenv: func(string) string { return "" },
		Getwd:  os.Getwd,
	}
	return ios, out, errOut
}

func isTerminal(f *os.File) bool {
	fd := f.Fd()
	return isatty.IsTerminal(fd) || isatty.IsCygwinTerminal(fd)
}
