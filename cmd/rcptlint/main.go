// Command rcptlint lints email recipient addresses before a send.
package main

import (
	"os"
	"runtime/debug"

	"github.com/rcptlint/rcptlint/pkg/cli"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

func main() {
	if os.Getenv("GOMEMLIMIT") == "" {
		// A run holds per-domain state and a bounded table, not the list:
		// a soft limit keeps the garbage collector from letting the heap
		// grow to twice that before it collects. GOMEMLIMIT overrides it.
		debug.SetMemoryLimit(52 << 20)
	}
	if os.Getenv("GOGC") == "" {
		// Under that limit, collect less often than by default: what a run
		// allocates is mostly short-lived, and a long list then spends a
		// few percent less on collection (scripts/bench.sh). GOGC
		// overrides it.
		debug.SetGCPercent(400)
	}
	os.Exit(cli.Main(os.Args[1:], iostreams.System()))
}
