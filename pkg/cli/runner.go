package cli

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"iter"
	"os"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/gitdiff"
	"github.com/rcptlint/rcptlint/pkg/input"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/report"
	"github.com/rcptlint/rcptlint/pkg/spill"
)

// runner carries one check run: it reads the sources into the engine,
// filters, counts and hands findings to the reporter, and emits addresses.
type runner struct {
	o      *checkOptions
	engine *lint.Engine
	dns    *dnsRun      // nil when DNS is off
	checks *lint.Stream // the engine's, while reading
	// recheck makes an engine that checks an address --fix repaired: the
	// run's is let go before the fixes.
	recheck func() (*lint.Engine, error)
	// batchRules names the rules that judge an address against others
	// (or by DNS evidence), which a recheck does not run.
	batchRules map[string]bool
	format     input.Format
	threshold  lint.Severity
	reporter   report.Reporter
	reportTo   io.Writer
	out        *outputFile // the --output file, until committed
	run        *report.Run

	stream  report.Streamer // set when findings are written as found
	store   *findingStore   // findings, when not streaming
	batch   []lint.Finding
	perAddr []lint.Finding // the findings of the address being checked
	emitOut *bufio.Writer
	held    *held // the addresses --emit clean or flagged holds until the end
	changed map[int]*gitdiff.Lines
	// spanned holds, for --changed, the addresses that start on a
	// line that did not change but run on to one that did (see
	// spanCheck): at most one a changed line.
	spanned map[place]struct{}
	ignores *ignores
	base    *baselineRun // nil without a baseline
	// accepted says that the baseline took a finding of the address
	// being delivered.
	accepted bool
	hashes   map[int][]byte       // SHA-256 of each file as checked, for --fix
	formats  map[int]input.Format // the format each file was read in
	fixes    *fixer               // what --fix and --diff did, once done
	// encoded is where the inputs hold an address in an encoding (see
	// encodedLog), for --fix and --diff.
	encoded *encodedLog
	prog    *progress // nil when no progress is shown
	// hugeLeft counts down the lines to read before the heap moves to
	// huge pages (see hugeHeap).
	hugeLeft int64
	notes    *bufio.Writer // standard error, buffered while --fix reports

	stats     lint.Stats // the engine's, once it is finished
	files     int
	trouble   bool
	unchecked bool // some input, or a line of it, could not be read
	failing   bool
	writeErr  error
	summaryOf report.Summary
}

// begin starts the report (when it streams) and the emitted addresses.
func (r *runner) begin() error {
	fixing := r.o.fix || r.o.diff
	if st, ok := r.reporter.(report.Streamer); ok && !fixing {
		r.stream = st
		if err := st.Begin(r.reportTo); err != nil {
			return err
		}
	}
	if r.o.emit != "" {
		r.emitOut = bufio.NewWriterSize(r.o.io.Out, 64<<10)
	}
	if r.o.emit == "clean" || r.o.emit == "flagged" {
		r.held = newHeld()
	}
	frag, _ := r.reporter.(report.Fragmenter)
	if fixing {
		// The fix reads the findings whole, twice, before the report.
		r.hashes = map[int][]byte{}
		r.encoded = &encodedLog{buf: spill.New(spillAt)}
		frag = nil
	}
	r.store = newFindingStore(frag)
	if r.showProgress() {
		var queries func() int64
		if r.dns != nil {
			queries = r.dns.client.Queries
		}
		r.prog = startProgress(r.o.io.ErrOut, r.o.io.ErrOutTTY, queries)
	}
	return nil
}

// showProgress decides whether to show progress: when asked, or on a
// terminal's standard error for a text report on standard output, outside
// CI.
func (r *runner) showProgress() bool {
	if r.o.progress {
		return true
	}
	ios := r.o.io
	return ios.ErrOutTTY && r.o.format == "text" && r.reportTo == ios.Out && ios.Getenv("CI") == ""
}

// errf writes a message to standard error, below any progress line.
func (r *runner) errf(format string, args ...any) {
	switch {
	case r.prog != nil:
		r.prog.printf(format, args...)
	case r.notes != nil:
		fmt.Fprintf(r.notes, format, args...)
	default:
		fmt.Fprintf(r.o.io.ErrOut, format, args...)
	}
}

// read queues every address of one source for checking. It runs on the
// goroutine that feeds r.checks: whatever touches the state that delivery
// changes goes through r.checks.Do, in input order.
func (r *runner) read(idx int, src source) {
	if !src.file {
		// The spans come in order: their code-point columns are counted
		// on from the last, not from the argument's start each time.
		char, counted := 1, 0
		input.EachAddress(src.text, func(start, end int) {
			char += utf8.RuneCountInString(src.text[counted:start])
			counted = start
			loc := lint.Location{File: src.name, Source: idx, Line: src.arg, Column: start + 1, Char: char}
			r.checks.Check(src.text[start:end], loc)
		})
		return
	}
	if r.o.skipUnrecognized && len(r.o.columns) == 0 && src.isPath() && !r.holdsAt(src.name) {
		return
	}
	r.files++
	if src.err != nil {
		r.fail(src.name, src.err)
		return
	}
	in, closeIn, err := r.open(src.name)
	if err != nil {
		r.fail(src.name, err)
		return
	}
	defer closeIn()
	huge := &hugeHeapReader{r: in, left: &r.hugeLeft, grow: growHeap}
	if f, ok := in.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			huge.size = st.Size()
		}
	}
	in = huge
	if r.prog != nil {
		in = countingReader{in, &r.prog.bytes}
	}
	var sum hash.Hash
	if r.hashes != nil {
		sum = sha256.New()
		in = io.TeeReader(in, sum)
	}
	name := r.displayName(src.name)
	opts := input.Options{Format: r.format, Name: name, Columns: r.o.columns}
	handler := func(check func(string, int, lint.Location), do func(func())) input.Handler {
		var span spanCheck
		changed := r.changed[idx]
		return input.Handler{
			Address: func(a input.Address) {
				if a.Encoded != input.Written && r.encoded != nil {
					r.encoded.add(place{idx, a.Line, a.Column}, a.Encoded)
				}
				if changed != nil && span.changedLater(changed, a) {
					at := place{idx, a.Line, a.Column}
					do(func() { r.spanned[at] = struct{}{} })
				}
				check(a.Text, a.At, lint.Location{File: name, Source: idx, Line: a.Line, Column: a.Column, Char: a.Char, Opaque: a.Opaque})
			},
			Problem: func(p input.Problem) {
				do(func() {
					r.trouble, r.unchecked = true, true
					r.errf("%s:%d: error: %s\n", escape.String(name), p.Line, escape.String(p.Msg))
				})
			},
			Directive: func(d input.Directive) {
				do(func() { r.directive(src.name, idx, d) })
			},
		}
	}
	// A block is read whole once started (it is small); the reader asks
	// whether to stop before each block and each line it reads itself.
	inPlace := handler(func(text string, _ int, loc lint.Location) { r.checks.Check(text, loc) }, r.checks.Do)
	address := inPlace.Address
	inPlace.Address = func(a input.Address) { huge.address(); address(a) }
	inPlace.Stop = r.stopped
	inPlace.Format = func(f input.Format, why string) {
		r.formats[idx] = f
		huge.decided(f == input.Text)
		r.verbose(name, fmt.Sprintf("read as %s (%s)", f, why))
	}
	inPlace.Note = func(note string) { r.verbose(name, note) }
	err = input.ReadBlocks(in, opts, input.Blocks{
		Block: func(b *input.Block) {
			r.checks.Go(func(check func(string, int, lint.Location), do func(func())) {
				_ = b.Read(handler(check, do))
			}, b.Release)
		},
		Handler: inPlace,
	})
	if errors.Is(err, input.ErrStopped) {
		return
	}
	if err != nil && r.o.skipUnrecognized && errors.Is(err, input.ErrNoAddressColumn) {
		r.files-- // --skip-unrecognized: not a list of addresses
		return
	}
	if err != nil {
		r.fail(name, err)
		return
	}
	if sum != nil {
		// Hash what is left unread too: the fix compares whole files.
		if _, err := io.Copy(io.Discard, in); err == nil {
			r.hashes[idx] = sum.Sum(nil)
		}
	}
}

// displayName is the name of an input in locations and messages:
// --stdin-filename for standard input, when given.
func (r *runner) displayName(name string) string {
	if name == "-" && r.o.stdinName != "" {
		return r.o.stdinName
	}
	return name
}

// verbose writes what was decided about input name for --verbose, in
// its place among the findings.
func (r *runner) verbose(name, msg string) {
	if r.o.verbose {
		r.checks.Do(func() { r.errf("rcptlint: %s: %s\n", escape.String(name), escape.String(msg)) })
	}
}

// holdsAt reports whether a regular file holds an '@' anywhere, for
// --skip-unrecognized: a file without one, in any format, has no address.
// It reads the file in pieces; anything but a regular file it can read
// (a pipe would lose what is read here) counts as holding one, and is
// read as usual.
func (r *runner) holdsAt(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return true
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return true
	}
	buf := make([]byte, 64<<10)
	for !r.stopped() {
		n, err := f.Read(buf)
		if bytes.IndexByte(buf[:n], '@') >= 0 || err != nil && err != io.EOF {
			return true
		}
		if err == io.EOF {
			return false
		}
	}
	return true
}

// deliver reports the findings of one checked address and emits it.
func (r *runner) deliver(c *lint.Checked) {
	if r.prog != nil {
		r.prog.addresses.Add(1)
	}
	flagged := false
	r.perAddr, r.accepted = r.perAddr[:0], false
	for i := range c.Findings {
		f := &c.Findings[i]
		if !r.keep(f) {
			continue
		}
		flagged = flagged || f.Severity >= r.threshold
		r.perAddr = append(r.perAddr, *f)
	}
	if r.accepted {
		// The baseline names the address as written: a repair of its
		// other findings would leave the accepted one naming an address
		// no longer there, reported anew and repaired on the next run.
		// Their suggestions are for a person to apply, in every output.
		for i := range r.perAddr {
			r.perAddr[i].Fixable = false
		}
	}
	text := c.Text
	if len(r.perAddr) > 1 {
		// A syntax finding points inside the address, after the address's
		// own column: order the address's findings as the report is.
		sort.SliceStable(r.perAddr, func(i, j int) bool { return r.perAddr[i].Location.Before(r.perAddr[j].Location) })
	}
	for i := range r.perAddr {
		r.add(&r.perAddr[i], false)
	}
	switch {
	case r.held != nil:
		r.held.add(text, c.Location, flagged)
	case r.emitOut != nil:
		r.emit(text, c.Location)
	}
}

// emit writes an address to standard output, one a line. An address
// holding a line break, another control character (a quoted local part of
// a CSV field can run across lines) or an invisible format character (a
// bidirectional override) is not written: it would break the
// one-address-a-line output, drive a terminal or show as another address,
// and no mail server accepts it, while an escaped form could read as
// another, valid address. Standard error says so instead.
func (r *runner) emit(text string, at lint.Location) {
	if i := unsafeIndex(text); i >= 0 {
		r.notEmitted(text[i:], at)
		return
	}
	r.emitOut.WriteString(text)
	r.emitOut.WriteByte('\n')
}

// emitBytes is emit for an address held as bytes.
func (r *runner) emitBytes(text []byte, at lint.Location) {
	if i := unsafeIndexBytes(text); i >= 0 {
		r.notEmitted(string(text[i:]), at)
		return
	}
	r.emitOut.Write(text)
	r.emitOut.WriteByte('\n')
}

// notEmitted says on standard error why the address at a place was not
// emitted; from starts with the character at fault.
func (r *runner) notEmitted(from string, at lint.Location) {
	c, size := utf8.DecodeRuneInString(from)
	what := "an invisible format character"
	switch {
	case unicode.IsControl(c):
		what = "a control character"
	case c == '\u2028' || c == '\u2029':
		what = "a line or paragraph separator"
	}
	r.errf("%s:%d:%d: address not emitted: it holds %s (%s)\n",
		escape.String(at.File), at.Line, at.Column, what, escape.String(from[:size]))
}

// unsafeIndex returns the index of the first character of text that
// unsafeToEmit reports, or -1; ASCII is looked at a byte at a time.
func unsafeIndex(text string) int {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c >= utf8.RuneSelf:
			if j := strings.IndexFunc(text[i:], unsafeToEmit); j >= 0 {
				return i + j
			}
			return -1
		case c < 0x20 || c == 0x7f:
			return i
		}
	}
	return -1
}

// unsafeIndexBytes is unsafeIndex for bytes.
func unsafeIndexBytes(text []byte) int {
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c >= utf8.RuneSelf:
			if j := bytes.IndexFunc(text[i:], unsafeToEmit); j >= 0 {
				return i + j
			}
			return -1
		case c < 0x20 || c == 0x7f:
			return i
		}
	}
	return -1
}

// unsafeToEmit reports a character an emitted address must not hold: a
// control character (C0, DEL, C1 with NEL), a line or paragraph separator,
// or a format character (bidirectional controls, zero-width characters).
func unsafeToEmit(c rune) bool {
	return unicode.IsControl(c) || c == '\u2028' || c == '\u2029' || unicode.Is(unicode.Cf, c)
}

// spanCheck tells, for --changed, whether an address that runs across
// lines changed after its first line. The addresses decoded from one
// value share its lines: the answer for the last span asked about is
// kept, so that a value of many addresses is looked at once.
type spanCheck struct {
	line, end int
	changed   bool
}

// changedLater reports whether address a starts on a line that lines
// does not hold and runs on to one that it does: its findings, located
// at its start, are then on a changed line too. lines is nil without
// --changed.
func (s *spanCheck) changedLater(lines *gitdiff.Lines, a input.Address) bool {
	if lines == nil || a.EndLine <= a.Line {
		return false
	}
	if s.line != a.Line || s.end != a.EndLine {
		s.line, s.end = a.Line, a.EndLine
		s.changed = !lines.Has(a.Line) && lines.HasIn(a.Line+1, a.EndLine)
	}
	return s.changed
}

// keep applies --changed (only findings on changed lines are reported),
// the ignore comments and the baseline, counting the findings these two
// accept on the lines reported. The baseline sees every finding, changed
// line or not, so that its count of a repeated finding is spent in input
// order: a copy added below an accepted one is new.
func (r *runner) keep(f *lint.Finding) bool {
	reported := r.onChangedLine(f)
	if r.ignores.covers(f) || r.base != nil && r.accept(f) {
		if reported {
			r.summaryOf.Ignored++
		}
		return false
	}
	return reported
}

// onChangedLine reports whether a finding is on a line --changed reports
// (every line without it).
func (r *runner) onChangedLine(f *lint.Finding) bool {
	if r.changed != nil {
		if lines := r.changed[f.Source]; lines != nil && !lines.Has(f.Line) {
			_, ok := r.spanned[place{f.Source, f.AddressAt.Line, f.AddressAt.Column}]
			return ok
		}
	}
	return true
}

// accept reports whether the baseline takes a finding, and notes it for
// the address being delivered.
func (r *runner) accept(f *lint.Finding) bool {
	if !r.base.takes(f) {
		return false
	}
	r.accepted = true
	return true
}

// suppressed reports whether an ignore comment or the baseline takes a
// finding (the baseline counts it as taken).
func (r *runner) suppressed(f *lint.Finding) bool {
	return r.ignores.covers(f) || r.base != nil && r.base.takes(f)
}

// shown reports whether a finding would be reported, as keep does, without
// counting it: for the findings of an address --fix repaired.
func (r *runner) shown(f *lint.Finding) bool {
	return r.onChangedLine(f) && !r.suppressed(f)
}

// add counts a finding and writes or stores it; batch tells a batch
// rule's finding, which the store merges in at its place.
func (r *runner) add(f *lint.Finding, batch bool) {
	r.count(f, 1)
	if r.prog != nil {
		r.prog.findings.Add(1)
	}
	switch {
	case r.stream != nil:
		if err := r.stream.Finding(f); err != nil && r.writeErr == nil {
			r.writeErr = err
		}
	case batch:
		r.store.addBatch(*f)
	default:
		r.store.add(f)
	}
}

func (r *runner) count(f *lint.Finding, n int) {
	switch f.Severity {
	case lint.Error:
		r.summaryOf.Errors += n
	case lint.Warning:
		r.summaryOf.Warnings += n
	case lint.Info:
		r.summaryOf.Infos += n
	}
}

// collectBatch keeps the findings of batch rules, which come at the end.
func (r *runner) collectBatch(f *lint.Finding) {
	if r.keep(f) {
		r.batch = append(r.batch, *f)
		if r.held != nil && f.Severity >= r.threshold {
			r.held.flag(f.AddressAt)
		}
	}
}

// releaseHeld writes the addresses --emit clean or flagged held back, now
// that every rule has judged them.
func (r *runner) releaseHeld(sources []source) error {
	want := r.o.emit == "flagged"
	err := r.held.each(func(i int) string { return sources[i].name }, func(text []byte, at lint.Location, flagged bool) {
		if flagged == want {
			r.emitBytes(text, at)
		}
	})
	r.held = nil
	return err
}

// flushBatch adds the batch rules' findings in input order.
func (r *runner) flushBatch() {
	report.Sort(r.batch)
	if r.stream == nil {
		// The store takes them as they are, sorted, without a copy.
		for i := range r.batch {
			r.count(&r.batch[i], 1)
		}
		if r.prog != nil {
			r.prog.findings.Add(int64(len(r.batch)))
		}
		r.store.addBatch(r.batch...)
		r.batch = nil
		return
	}
	for i := range r.batch {
		r.add(&r.batch[i], false)
	}
	r.batch = nil
}

// finish writes the report, the emitted addresses and the summary line,
// and decides the exit code.
func (r *runner) finish() error {
	if r.prog != nil {
		r.prog.end()
		r.prog = nil
	}
	st := r.stats
	r.summaryOf.Files, r.summaryOf.Addresses = r.files, st.Addresses
	r.summaryOf.Domains, r.summaryOf.DomainsEstimated = st.Domains, st.DomainsEstimated
	r.summaryOf.Incomplete = r.unchecked
	r.run.Summary, r.run.Trouble = r.summaryOf, r.trouble
	var err error
	if r.stream != nil {
		err = r.stream.End()
	} else {
		defer r.store.close()
		if r.fixes != nil {
			defer r.fixes.log.Close()
		}
		if r.encoded != nil {
			defer r.encoded.buf.Close()
		}
		if frag := r.store.frag; frag != nil {
			var pieces iter.Seq[report.Piece]
			if pieces, err = r.store.pieces(); err == nil {
				err = frag.WriteFragments(r.reportTo, r.run, pieces)
			}
		} else {
			var all iter.Seq[*lint.Finding]
			if all, err = r.store.all(); err == nil {
				err = r.reporter.Report(r.reportTo, r.run, r.unfixed(all))
			}
		}
		if err == nil {
			err = r.store.err
		}
	}
	if err == nil {
		err = r.writeErr
	}
	if err == nil && r.emitOut != nil {
		err = r.emitOut.Flush()
	}
	if err == nil && r.out != nil {
		if err = r.out.commit(); err != nil {
			err = fmt.Errorf("--output %s: %w", r.o.output, err)
		}
	}
	if err != nil {
		return fmt.Errorf("writing the output: %w", err)
	}
	if err := r.base.finish(r); err != nil {
		return err
	}
	if r.o.format == "text" && !r.o.quiet {
		fmt.Fprintln(r.o.io.ErrOut, report.SummaryLine(r.summaryOf))
	}
	r.failing = r.threshold <= lint.Error && r.countAtLeast(r.threshold) > 0
	return nil
}

func (r *runner) countAtLeast(sev lint.Severity) int {
	n := r.summaryOf.Errors
	if sev <= lint.Warning {
		n += r.summaryOf.Warnings
	}
	if sev <= lint.Info {
		n += r.summaryOf.Infos
	}
	return n
}

func (r *runner) open(name string) (io.Reader, func(), error) {
	if name == "-" {
		return r.o.io.In, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, nil, errors.New("is a directory")
	}
	return f, func() { f.Close() }, nil
}

// fail reports an input that cannot be read, in its place among the
// findings.
func (r *runner) fail(name string, err error) {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	r.checks.Do(func() {
		r.trouble, r.unchecked = true, true
		r.errf("rcptlint: %s: %s\n", escape.String(name), escape.String(err.Error()))
	})
}

// stopped reports whether the run was interrupted.
func (r *runner) stopped() bool {
	return r.o.ctx != nil && r.o.ctx.Err() != nil
}
