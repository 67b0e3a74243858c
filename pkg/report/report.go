// Package report writes findings in each output format. Every format sits
// behind the Reporter interface, one file each; only the text format knows
// about colour, and it gets the decision as a value.
package report

import (
	"fmt"
	"io"
	"iter"
	"slices"
	"strings"

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

	// DomainsEstimated says that Domains is an estimate: past 262,144
	// distinct domains, they are no longer counted one by one.
	DomainsEstimated bool `json:"domains_estimated,omitempty"`

	// Incomplete says that some input could not be read, or had a line
	// that could not be checked: the counts are of what was checked.
	Incomplete bool `json:"-"`
	// Ignored counts the findings an ignore comment or the baseline
	// accepted, which are not reported.
	Ignored int `json:"ignored,omitempty"`
	// BaselineUnwritten says that the baseline --write-baseline was to
	// accept the findings into was not written: they are neither reported
	// nor accepted.
	BaselineUnwritten bool `json:"-"`
}

// Run is what a reporter knows about the run besides its findings.
type Run struct {
	// Tool is the version of rcptlint.
	Tool string
	// Rules documents every rule that ran, for formats that describe them.
	Rules []lint.Doc
	// Summary counts the run.
	Summary Summary
	// Trouble is set when an input could not be read or a line was
	// skipped: the run did not check everything.
	Trouble bool
	// Root and Dir, absolute paths, are the repository's root and the
	// folder relative file names are in: SARIF names a file below Root
	// relative to it (uriBaseId %SRCROOT%), wherever rcptlint ran. With
	// Root empty, file names are written as given.
	Root, Dir string
}

// Reporter writes a run's findings, in input order, to w. The findings
// come as a sequence, so that a long run need not hold them all.
type Reporter interface {
	Report(w io.Writer, run *Run, findings iter.Seq[*lint.Finding]) error
}

// Slice returns the findings of a slice as a sequence.
func Slice(fs []lint.Finding) iter.Seq[*lint.Finding] {
	return func(yield func(*lint.Finding) bool) {
		for i := range fs {
			if !yield(&fs[i]) {
				return
			}
		}
	}
}

// Streamer is implemented by reporters that write each finding as soon as
// it is found (JSON Lines), instead of the whole run at its end.
type Streamer interface {
	Reporter
	Begin(w io.Writer) error
	Finding(f *lint.Finding) error
	End() error
}

// Fragmenter is implemented by reporters whose report is a header, one
// piece a finding, and a footer, so that a caller can render each finding
// as it is found and join the pieces at the end without holding findings:
// WriteFragments writes the same report as Report would, given the pieces
// AppendFinding renders, in input order.
type Fragmenter interface {
	Reporter
	AppendFinding(buf []byte, f *lint.Finding) []byte
	WriteFragments(w io.Writer, run *Run, pieces iter.Seq[Piece]) error
}

// Piece is one finding for WriteFragments, rendered by AppendFinding
// already or not.
type Piece struct {
	Rendered []byte        // the finding as AppendFinding renders it
	Finding  *lint.Finding // the finding, when Rendered is nil
}

// Formats lists the names New accepts.
var Formats = []string{"text", "json", "jsonl", "sarif", "github"}

// New returns the reporter for a format name. color applies to text only.
func New(format string, color bool) (Reporter, error) {
	switch format {
	case "text":
		return &Text{Color: color}, nil
	case "json":
		return JSON{}, nil
	case "jsonl":
		return &JSONLines{}, nil
	case "sarif":
		return SARIF{}, nil
	case "github":
		return GitHub{}, nil
	}
	return nil, fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
}

// Sort puts findings in input order: input, line, column, then the order
// they were found in. It sorts their positions and then moves each finding
// once: a stable sort of the findings themselves moves them, some two
// hundred bytes each, many times over (1,400 findings took a millisecond).
func Sort(fs []lint.Finding) {
	before := func(a, b *lint.Finding) int {
		switch {
		case a.Location.Before(b.Location):
			return -1
		case b.Location.Before(a.Location):
			return 1
		}
		return 0
	}
	sorted := true
	for i := 1; i < len(fs) && sorted; i++ {
		sorted = !fs[i].Location.Before(fs[i-1].Location)
	}
	if sorted {
		return
	}
	order := make([]int32, len(fs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(i, j int32) int { return before(&fs[i], &fs[j]) })
	moved := make([]lint.Finding, len(fs))
	for i, j := range order {
		moved[i] = fs[j]
	}
	copy(fs, moved)
}
