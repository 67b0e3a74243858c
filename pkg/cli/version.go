package cli

import (
	"fmt"
	"runtime"
	"unicode"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/homoglyph"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
	"github.com/rcptlint/rcptlint/pkg/version"
	"github.com/rcptlint/rcptlint/rules"
)

func newVersionCmd(ios *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of rcptlint and of the data built into it",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			fmt.Fprintf(ios.Out, "%s\n%s %s/%s\n", versionLine(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			fmt.Fprintf(ios.Out, "public suffix list: %s\n", domain.PSLVersion())
			fmt.Fprintf(ios.Out, "unicode: %s (IDNA and scripts); confusables: Unicode %s (github.com/mtibben/confusables)\n", unicode.Version, homoglyph.ConfusablesVersion)
			data, err := rules.LoadData()
			if err != nil {
				return err
			}
			fmt.Fprintf(ios.Out, "well-known mail domains: %d; country TLDs: %d; sensitive-TLD presets: %d\n",
				len(data.WellKnownList), len(data.Countries), len(data.Presets))
			for _, r := range data.Registries {
				kind := "partial list"
				if r.Complete {
					kind = "complete registry"
				}
				fmt.Fprintf(ios.Out, ".%s names: %d, %s of %s\n", r.TLD, len(r.Names), kind, r.Date)
			}
			return nil
		},
	}
}

// versionLine is the first line of `rcptlint version`, which --version
// prints alone.
func versionLine() string {
	line := "rcptlint " + version.String()
	if version.Commit != "" {
		line += fmt.Sprintf(" (commit %s, built %s)", version.Commit, version.Date)
	}
	return line
}
