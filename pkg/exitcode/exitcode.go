// Package exitcode defines the process exit codes of rcptlint in one place.
//
// The codes never depend on the output format: a SARIF or JSON run fails
// exactly when a text run would.
package exitcode

import (
	"errors"
	"fmt"
)

// Code is a process exit status.
type Code int

const (
	// OK means no finding at or above the --fail-on level.
	OK Code = 0
	// Findings means at least one finding at or above the --fail-on level.
	Findings Code = 1
	// Trouble means a usage error, unreadable input or bad configuration.
	Trouble Code = 2
	// Interrupted means the run was stopped by SIGINT (128 + 2).
	Interrupted Code = 130
)

// Error carries an exit code with the error that caused it.
type Error struct {
	Code Code
	Err  error
}

func (e *Error) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Usagef returns an error that exits with Trouble, for a bad flag or argument.
func Usagef(format string, args ...any) error {
	return &Error{Code: Trouble, Err: fmt.Errorf(format, args...)}
}

// Of returns the exit code an error stands for: the code of the first *Error
// in its chain, or Trouble for any other error, or OK for nil.
func Of(err error) Code {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Trouble
}

// Silent returns an error that exits with code and prints nothing: the
// command has already said what went wrong, or has only findings to report.
func Silent(code Code) error { return &Error{Code: code, Err: errSilent} }

var errSilent = errors.New("")

// IsSilent reports whether err is one of Silent's.
func IsSilent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Err == errSilent
}
