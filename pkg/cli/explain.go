package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/rules"
)

func newExplainCmd(ios *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "explain RULE",
		Short: "Explain what a rule checks, how it decides, and when it can be wrong",
		Args:  cobra.ExactArgs(1),
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, d := range rules.Docs() {
				ids = append(ids, d.ID)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
		RunE: func(_ *cobra.Command, args []string) error {
			for _, d := range rules.Docs() {
				if d.ID == args[0] {
					fmt.Fprint(ios.Out, d.Text())
					if d.ID == "sensitive-tld" {
						return explainPresets(ios)
					}
					return nil
				}
			}
			return exitcode.Usagef("unknown rule %q (see 'rcptlint rules')", args[0])
		},
	}
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
