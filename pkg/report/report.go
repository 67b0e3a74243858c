// Package report writes findings in each output format. Every format sits
// behind the Reporter interface, one file each; only the text format knows
// about colour, and it gets the decision as a value.
package report

import (
	"fmt"
	"io"
	"sort"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// Summary counts what a run checked and found.
type Summary struct {
	Files     int `json:"files"`
	Addresses int `json:"addresses"`
	Domains   int `json:"domains"`
	Errors    int `json:"errors"`
	Warnings  int `json:"warnings"`
	Infos     int `json:"infos"`
}

// Run is what a reporter knows about the run besides its findings.
type Run struct {
	// Tool is the version of rcptlint.
	Tool string
	// Rules documents every rule that ran, for formats that describe them.
	Rules []lint.Doc
	// Summary counts the run.
	Summary Summary
}

// Reporter writes a run's findings, in input order, to w.
type Reporter interface {
	Report(w io.Writer, run *Run, findings []lint.Finding) error
}

// Formats lists the names New accepts.
var Formats = []string{"text", "json"}

// New returns the reporter for a format name. color applies to text only.
func New(format string, color bool) (Reporter, error) {
	switch format {
	case "text":
		return &Text{Color: color}, nil
	case "json":
		return JSON{}, nil
	}
	return nil, fmt.Errorf("unknown format %q: want one of %v", format, Formats)
}

// Sort puts findings in input order: input, line, column, then the order
// they were found in.
func Sort(fs []lint.Finding) {
	sort.SliceStable(fs, func(i, j int) bool { return fs[i].Location.Before(fs[j].Location) })
}
