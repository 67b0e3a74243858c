// Command genregistry writes rules/data/registries/gov.txt and mil.txt, the
// names registered under the closed government suffixes, from the public
// registries kept in the shared reference folder (see SOURCES.md there):
// the official .gov registry's export and the partial list of .mil domains.
//
// Run it from the repository root after refreshing those files, then
// regenerate the tables:
//
//	go -C scripts run ./genregistry
//	go test ./rules -run TestGeneratedData -update-data
package main

import (
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// registry describes one source file and the header its data file carries.
type registry struct {
	tld, csv, out string
	// complete says that the source lists every name under tld on its date.
	complete bool
	source   string
	date     string
	licence  string
}

var registries = []registry{
	{
		tld: "gov", csv: "dotgov.csv", out: "gov.txt", complete: true,
		source:  "the official .gov registry's public export (current-full.csv of the repository cisagov/dotgov-data)",
		date:    "2026-08-22",
		licence: "CC0 1.0 (public domain)",
	},
	{
		tld: "mil", csv: "dotmil.csv", out: "mil.txt", complete: false,
		source:  "data/dataset/dotmil_domains.csv of the repository GSA/federal-website-index (US General Services Administration), plus the DoD's public mail domains mail.mil, usmc.mil and socom.mil",
		date:    "2026",
		licence: "US government work (public domain)",
	},
}

func main() {
	from := flag.String("from", "../../shared/data/registries", "folder holding dotgov.csv and dotmil.csv (go -C scripts runs it in scripts/)")
	to := flag.String("to", "../rules/data/registries", "folder to write the data files to")
	flag.Parse()
	for _, r := range registries {
		if err := write(r, *from, *to); err != nil {
			fmt.Fprintln(os.Stderr, "genregistry:", err)
			os.Exit(1)
		}
	}
}

func write(r registry, from, to string) error {
	names, err := readNames(filepath.Join(from, r.csv), r.tld)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Names registered under .%s.\n", r.tld)
	fmt.Fprintf(&b, "# Source: %s.\n", r.source)
	fmt.Fprintf(&b, "# Date: %s\n", r.date)
	fmt.Fprintf(&b, "# Licence: %s\n", r.licence)
	fmt.Fprintf(&b, "# Complete: %v\n", r.complete)
	b.WriteString("# Refresh: go -C scripts run ./genregistry && go test ./rules -run TestGeneratedData -update-data\n")
	for _, n := range names {
		b.WriteString(n + "\n")
	}
	return os.WriteFile(filepath.Join(to, r.out), []byte(b.String()), 0o644)
}

// readNames returns the first column of a registry's CSV, lower case,
// sorted and each once; every name must be one label under tld.
func readNames(file, tld string) ([]string, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rd := csv.NewReader(f)
	rd.FieldsPerRecord = -1
	if _, err := rd.Read(); err != nil {
		return nil, fmt.Errorf("%s: header: %w", file, err)
	}
	seen := map[string]bool{}
	var names []string
	for {
		rec, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", file, err)
		}
		name := strings.ToLower(strings.TrimSpace(rec[0]))
		label, ok := strings.CutSuffix(name, "."+tld)
		if !ok || label == "" || strings.Contains(label, ".") {
			line, _ := rd.FieldPos(0)
			return nil, fmt.Errorf("%s:%d: %q is not a name directly under .%s", file, line, rec[0], tld)
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names, nil
}
