// Package cli is rcptlint's command tree. Main runs it and returns the exit
// code, so that every command can be tested in-process.
package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// Main runs rcptlint with the given arguments and streams and returns the
// process exit code.
func Main(args []string, ios *iostreams.IOStreams) int {
	root := NewRootCmd(ios)
	root.SetArgs(args)
	err := root.Execute()
	if err != nil && !exitcode.IsSilent(err) {
		fmt.Fprintf(ios.ErrOut, "rcptlint: %s\n", escape.String(err.Error()))
	}
	return int(exitcode.Of(err))
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	configPath string
	noConfig   bool
	color      string
}

// NewRootCmd builds the command tree.
func NewRootCmd(ios *iostreams.IOStreams) *cobra.Command {
	g := &globalOptions{}
	root := &cobra.Command{
		Use:   "rcptlint",
		Short: "Lint email recipient addresses before you send",
		Long: `rcptlint catches misdirected mail before the send: malformed addresses,
top-level domains that do not exist, country domains one slip from the one
meant (.ml for .mil), near misses of trusted and well-known mail domains
(gmial.com), and recipients under sensitive top-level domains.

Exit codes: 0 no finding at or above --fail-on; 1 such findings; 2 usage
error, unreadable input or bad configuration.`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitcode.Error{Code: exitcode.Trouble, Err: err}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.configPath, "config", "", "configuration `file` (default: .rcptlint.yaml here or in a parent, up to the repository root)")
	pf.BoolVar(&g.noConfig, "no-config", false, "ignore any configuration file")
	pf.StringVar(&g.color, "color", "auto", "colour the text output: auto, always or never (auto honours NO_COLOR)")
	root.AddCommand(
		newCheckCmd(ios, g),
		newRulesCmd(ios, g),
		newExplainCmd(ios),
		newInitCmd(ios),
		newVersionCmd(ios),
	)
	return root
}

// useColor decides whether text output to stdout is coloured.
func (g *globalOptions) useColor(ios *iostreams.IOStreams) (bool, error) {
	switch g.color {
	case "always":
		return true, nil
	case "never":
		return false, nil
	case "auto":
		return ios.OutTTY && ios.Getenv("NO_COLOR") == "" && ios.Getenv("TERM") != "dumb", nil
	}
	return false, exitcode.Usagef("--color %q: want auto, always or never", g.color)
}

var errNoInput = errors.New("no input: give addresses or files as arguments, or pipe a list to standard input")
