package report

import (
	"bufio"
	"io"
	"iter"
	"time"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// JSONLines writes one JSON object per finding and line, with the fields
// of the json format, as the findings are found: a consumer sees them
// while a long run goes on, and nothing waits for the end.
type JSONLines struct {
	w         *bufio.Writer
	buf       []byte
	lastFlush time.Time
}

// flushEvery bounds how long a finding may wait in the buffer.
const flushEvery = 200 * time.Millisecond

// Report writes every finding.
func (j *JSONLines) Report(w io.Writer, _ *Run, findings iter.Seq[*lint.Finding]) error {
	if err := j.Begin(w); err != nil {
		return err
	}
	for f := range findings {
		if err := j.Finding(f); err != nil {
			return err
		}
	}
	return j.End()
}

// Begin starts writing to w.
func (j *JSONLines) Begin(w io.Writer) error {
	j.w = bufio.NewWriter(w)
	j.lastFlush = time.Now()
	return nil
}

// Finding writes one finding.
func (j *JSONLines) Finding(f *lint.Finding) error {
	j.buf = append(AppendFinding(j.buf[:0], f), '\n')
	if _, err := j.w.Write(j.buf); err != nil {
		return err
	}
	if now := time.Now(); now.Sub(j.lastFlush) >= flushEvery {
		j.lastFlush = now
		return j.w.Flush()
	}
	return nil
}

// End flushes what is left.
func (j *JSONLines) End() error { return j.w.Flush() }
