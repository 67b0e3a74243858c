// Command rcptlint lints email recipient addresses before a send.
package main

import (
	"os"
	"runtime/debug"

	"github.com/rcptlint/rcptlint/pkg/cli"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

func main() {
	limited := os.Getenv("GOMEMLIMIT") == ""
	if limited {
		// A run holds per-domain state and a bounded table, not the list:
		// a soft limit keeps the heap under 52 MiB whatever the input.
		// GOMEMLIMIT overrides it.
		debug.SetMemoryLimit(52 << 20)
	}
	if os.Getenv("GOGC") == "" {
		if limited {
			// Under that limit, collect only when the heap nears it: what
			// a run allocates is mostly short-lived, and most runs then
			// never collect (a million addresses: 95 to 92 ms), while a
			// long one collects as before, at the limit. GOGC overrides
			// it.
			debug.SetGCPercent(-1)
		} else {
			// With a limit of the user's, which may be none, collect
			// less often than by default but still by the heap's growth.
			debug.SetGCPercent(400)
		}
	}
	os.Exit(cli.Main(os.Args[1:], iostreams.System()))
}
