package cli

import (
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/input"
	"github.com/rcptlint/rcptlint/pkg/report"
	"github.com/rcptlint/rcptlint/rules"
)

// Values that flags take, completed by the shell. Each is accepted by the
// flag's parser (TestCompletedValuesAreAccepted).
var (
	emitModes  = []string{"clean", "flagged", "all"}
	colorModes = []string{"auto", "always", "never"}
)

// completeValues completes a flag with a fixed set of values, never with
// file names.
func completeValues(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// ruleCompletions are the rule IDs, each with its summary for the shells
// that show one.
func ruleCompletions() []cobra.Completion {
	var out []cobra.Completion
	for _, d := range rules.Docs() {
		out = append(out, cobra.CompletionWithDesc(d.ID, d.Summary))
	}
	return out
}

// ruleIDs are the rule IDs, in the order rcptlint rules lists them.
func ruleIDs() []string {
	var out []string
	for _, d := range rules.Docs() {
		out = append(out, d.ID)
	}
	return out
}

// completeList completes a comma-separated list flag with the values not
// yet in it, each after what is typed up to the last comma.
func completeList(values func() []string) cobra.CompletionFunc {
	return func(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		typed := ""
		if i := strings.LastIndexByte(toComplete, ','); i >= 0 {
			typed = toComplete[:i+1]
		}
		have := strings.Split(typed, ",")
		var out []cobra.Completion
		for _, v := range values() {
			if !slices.Contains(have, v) {
				out = append(out, typed+v)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// presetNames are the names of the sensitive-TLD presets, sorted; any TLD
// is a value too, but too many to offer.
func presetNames() []string {
	data, err := rules.LoadData()
	if err != nil {
		return nil
	}
	var out []string
	for name := range data.Presets {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}

// registerCheckCompletions completes the values of check's flags.
func registerCheckCompletions(cmd *cobra.Command) {
	for flag, complete := range map[string]cobra.CompletionFunc{
		"format":         completeValues(report.Formats...),
		"fail-on":        completeValues(config.FailOnLevels...),
		"emit":           completeValues(emitModes...),
		"input-format":   completeValues(input.FormatNames()...),
		"sensitive-tlds": completeList(presetNames),
		"disable":        completeList(ruleIDs),
		"enable":         completeList(ruleIDs),
	} {
		mustRegister(cmd, flag, complete)
	}
}

// mustRegister registers a flag's completion; it fails only for a flag
// that does not exist or is registered twice, a mistake in this package.
func mustRegister(cmd *cobra.Command, flag string, complete cobra.CompletionFunc) {
	if err := cmd.RegisterFlagCompletionFunc(flag, complete); err != nil {
		panic(err)
	}
}
