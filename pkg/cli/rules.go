package cli

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

func newRulesCmd(ios *iostreams.IOStreams, g *globalOptions) *cobra.Command {
	return &cobra.Command{
		Use:   "rules",
		Short: "List every rule with its default and effective severity",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			s, err := loadSettings(g, ios, listFlags{})
			if err != nil {
				return err
			}
			return listRules(ios, s.severity)
		},
	}
}

// listRules prints one rule a line: ID, default severity, effective
// severity under the configuration, summary.
func listRules(ios *iostreams.IOStreams, overrides map[string]lint.Severity) error {
	tw := tabwriter.NewWriter(ios.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tDEFAULT\tEFFECTIVE\tSUMMARY")
	for _, d := range rules.Docs() {
		eff := d.Severity
		if o, ok := overrides[d.ID]; ok {
			eff = o
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", d.ID, d.Severity, eff, d.Summary)
	}
	return tw.Flush()
}
