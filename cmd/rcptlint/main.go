// Command rcptlint lints email recipient addresses before a send.
package main

import (
	"os"

	"github.com/rcptlint/rcptlint/pkg/cli"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

func main() {
	cli.SetMemoryDefaults()
	os.Exit(cli.Main(os.Args[1:], iostreams.System()))
}
