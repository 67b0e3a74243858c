package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// schemaURL is where editors find the JSON Schema of the configuration
// (schema/rcptlint.schema.json on the main branch).
const schemaURL = "https://raw.githubusercontent.com/rcptlint/rcptlint/main/schema/rcptlint.schema.json"

// starterConfig is what 'rcptlint init' writes. Its first line tells editors
// that use yaml-language-server where the schema is. Each example line
// becomes a setting when its leading '# ' is removed (TestStarterExamples).
const starterConfig = `# yaml-language-server: $schema=` + schemaURL + `
# rcptlint configuration: https://github.com/rcptlint/rcptlint#configuration
# rcptlint finds this file in the current folder or a parent, up to the
# repository root or your home folder. Every key is optional. To use an
# example line, remove its leading '# '.

# Domains and public suffixes you mean to write to. Near misses of these are
# errors, not warnings. A bare suffix trusts every domain under it.
trusted:
#   - example.com
#   - mil            # army.mil, us.af.mil, ...

# Legitimate domains that must never be reported as typos of another.
known:
#   - example.ml

# Addresses or domains (with their subdomains) that no rule reports.
allow:
#   - odd@domain.example

# Top-level domains your policy treats as sensitive, and named presets:
# us-ofac-comprehensive, us-dsp-countries-of-concern, eu-broad-sanctions,
# us-dod-ml-block. 'rcptlint explain sensitive-tld' shows their sources.
sensitive-tlds:
#   - us-ofac-comprehensive
#   - ru

# Severity per rule: error, warning, info or off. 'rcptlint rules' lists them.
rules:
#   domain-typo: error

# Exit with code 1 on findings at or above: error, warning, info or never.
fail-on: warning

# Findings accepted once, relative to this file: only findings it does not
# hold are reported. Write it before using this line (a missing baseline is
# an error): rcptlint check --write-baseline .rcptlint-baseline.json FILES
# baseline: .rcptlint-baseline.json

# Look each domain up in DNS, as --dns does: domains that cannot receive
# mail, and typo domains that can. Off, a run touches no network and gives
# the same answers every day: keep it off in hooks and CI.
dns: false
`

func newInitCmd(ios *iostreams.IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:   "init",
		Short: "Write a commented starter .rcptlint.yaml in the current folder",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			wd, err := ios.Getwd()
			if err != nil {
				return err
			}
			return writeStarter(ios, wd)
		},
	}
}

func writeStarter(ios *iostreams.IOStreams, dir string) error {
	for _, n := range config.FileNames {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return exitcode.Usagef("%s already exists; not overwriting it", n)
		}
	}
	path := filepath.Join(dir, config.FileNames[0])
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return exitcode.Usagef("%s already exists; not overwriting it", config.FileNames[0])
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(starterConfig); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(ios.Out, "wrote %s\n", config.FileNames[0])
	return nil
}
