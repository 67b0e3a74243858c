package cli

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/rules"
)

func newExplainCmd(ios *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "explain [RULE]",
		Short: "Explain what a rule checks, how it decides, and when it can be wrong",
		Long: `Explain what a rule checks, how it decides, and when it can be wrong.
Without a rule, list the rules there are to explain.`,
		Args: cobra.MaximumNArgs(1),
		ValidArgsFunction: func(_ *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
			if len(args) > 0 {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			return ruleCompletions(), cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return listExplainable(ios)
			}
			for _, d := range rules.Docs() {
				if d.ID == args[0] {
					fmt.Fprint(ios.Out, d.Text())
					if d.ID == "sensitive-tld" {
						return explainPresets(ios)
					}
					return nil
				}
			}
			return exitcode.Usagef("%s", unknownRule(args[0]))
		},
	}
}

// listExplainable prints the rules, one a line with its summary.
func listExplainable(ios *iostreams.IOStreams) error {
	tw := tabwriter.NewWriter(ios.Out, 0, 4, 2, ' ', 0)
	for _, d := range rules.Docs() {
		fmt.Fprintf(tw, "%s\t%s\n", d.ID, d.Summary)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(ios.Out, "\n'rcptlint explain RULE' explains one of them.")
	return err
}

func explainPresets(ios *iostreams.IOStreams) error {
	env, err := rules.NewEnv(rules.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintln(ios.Out, "\nPresets:")
	for _, name := range env.PresetNames() {
		p := env.Data.Presets[name]
		fmt.Fprintf(ios.Out, "\n  %s: %s\n", p.Name, strings.Join(p.TLDs, " "))
		for _, l := range strings.Split(p.Header, "\n") {
			fmt.Fprintf(ios.Out, "    %s\n", l)
		}
	}
	return nil
}
