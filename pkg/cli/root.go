// Package cli is rcptlint's command tree. Main runs it and returns the exit
// code, so that every command can be tested in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// Main runs rcptlint with the given arguments and streams and returns the
// process exit code.
//
// An interrupt (Ctrl-C) stops the run at the next address or line and
// exits with 130; a fix being written is abandoned and its temporary file
// removed. If the run is blocked reading input that never comes, it is
// ended after a grace period.
func Main(args []string, ios *iostreams.IOStreams) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	done := make(chan struct{})
	defer close(done)
	go watchInterrupt(ctx, done, ios)
	root := NewRootCmd(ios)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if ctx.Err() != nil && err == nil {
		err = errInterrupted
	}
	if err != nil && !exitcode.IsSilent(err) {
		msg := err.Error()
		var te *textError
		if !errors.As(err, &te) {
			msg = escape.String(msg)
		}
		fmt.Fprintf(ios.ErrOut, "rcptlint: %s\n", msg)
	}
	return int(exitcode.Of(err))
}

// errInterrupted ends a run stopped by a signal.
var errInterrupted = &exitcode.Error{Code: exitcode.Interrupted, Err: errors.New("interrupted")}

// gracePeriod is how long an interrupted run may take to stop by itself.
const gracePeriod = 2 * time.Second

// watchInterrupt ends the process when an interrupted run does not stop
// within the grace period: it is blocked in a read no signal can break.
func watchInterrupt(ctx context.Context, done <-chan struct{}, ios *iostreams.IOStreams) {
	select {
	case <-done:
		return
	case <-ctx.Done():
	}
	select {
	case <-done:
	case <-time.After(gracePeriod):
		if ios.Exit != nil {
			fmt.Fprintln(ios.ErrOut, "rcptlint: interrupted")
			ios.Exit(int(exitcode.Interrupted))
		}
	}
}

// globalOptions are the flags every command shares.
type globalOptions struct {
	configPath string
	noConfig   bool
	color      string
	noColor    bool
	// warn reports a warning about the configuration; nil writes it to
	// standard error as an "rcptlint: warning:" line.
	warn func(msg string)
}

// warning reports a warning about the configuration.
func (g *globalOptions) warning(ios *iostreams.IOStreams, msg string) {
	if g.warn != nil {
		g.warn(msg)
		return
	}
	fmt.Fprintf(ios.ErrOut, "rcptlint: warning: %s\n", escape.String(msg))
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
		// Commands one or two edits from what was typed are suggested.
		SuggestionsMinimumDistance: 2,
		// The root takes arguments only to say which command was meant:
		// cobra's own message for an unknown command is one escaped line.
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cmd.Help()
			}
			return unknownCommand(cmd, args[0])
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			if g.noConfig && cmd.Flags().Changed("config") {
				return exitcode.Usagef("--config and --no-config cannot be combined")
			}
			return nil
		},
		Version: versionLine(),
	}
	// Declared here so that cobra adds no -v shorthand, which check's
	// --verbose may want.
	root.Flags().Bool("version", false, "print the version of rcptlint (the first line of 'rcptlint version')")
	root.SetVersionTemplate("{{.Version}}\n")
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return &exitcode.Error{Code: exitcode.Trouble, Err: err}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&g.configPath, "config", "", "configuration `file` (default: $RCPTLINT_CONFIG, else .rcptlint.yaml here or in a parent, up to the repository root or home directory)")
	pf.BoolVar(&g.noConfig, "no-config", false, "ignore any configuration file")
	pf.StringVar(&g.color, "color", "auto", "colour the text output: auto, always or never (auto honours NO_COLOR)")
	mustRegister(root, "color", completeValues(colorModes...))
	pf.BoolVar(&g.noColor, "no-color", false, "do not colour the output (--color never)")
	root.AddCommand(
		newCheckCmd(ios, g),
		newRulesCmd(ios, g),
		newExplainCmd(ios),
		newInitCmd(ios),
		newPolicyCmd(ios, g),
		newVersionCmd(ios),
	)
	return root
}

// useColor decides whether text output to stdout is coloured.
func (g *globalOptions) useColor(ios *iostreams.IOStreams) (bool, error) {
	if g.noColor {
		if g.color == "always" {
			return false, exitcode.Usagef("--no-color and --color always cannot be combined")
		}
		return false, nil
	}
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

// textError is a message rcptlint wrote itself, over several lines, with
// anything that came from outside already quoted: it is printed as it is,
// where other errors are escaped whole.
type textError struct{ msg string }

func (e *textError) Error() string { return e.msg }

// unknownCommand says that name is no command, and which ones are near it.
func unknownCommand(root *cobra.Command, name string) error {
	var b strings.Builder
	fmt.Fprintf(&b, "unknown command %q for %q", name, root.CommandPath())
	if near := root.SuggestionsFor(name); len(near) > 0 {
		b.WriteString("\n\nDid you mean this?")
		for _, s := range near {
			b.WriteString("\n\t" + s)
		}
	} else {
		fmt.Fprintf(&b, " (see '%s --help')", root.CommandPath())
	}
	return &exitcode.Error{Code: exitcode.Trouble, Err: &textError{b.String()}}
}

var errNoInput = errors.New("no input: give addresses or files as arguments, or pipe a list to standard input")
