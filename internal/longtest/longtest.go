// Package longtest marks the tests that take seconds, hundreds of
// megabytes or a build of the binary: they run only when
// RCPTLINT_LONG_TESTS=1, as .ci/run sets it, so that `go test ./...` stays
// under a minute on a small machine.
package longtest

import (
	"os"
	"testing"
)

// Env is the environment variable that asks for the long tests.
const Env = "RCPTLINT_LONG_TESTS"

// Skip skips t, saying why it is long, unless the long tests were asked
// for; -short skips it always.
func Skip(t testing.TB, why string) {
	t.Helper()
	if os.Getenv(Env) != "1" || testing.Short() {
		t.Skipf("%s; %s=1 runs it", why, Env)
	}
}
