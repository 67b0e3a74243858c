package cli

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/escape"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/fix"
	"github.com/rcptlint/rcptlint/pkg/input"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/spill"
)

// place is where an address starts in one input.
type place struct{ source, line, column int }

// What the fix log says of a group of findings, beside a fix.Outcome.
const (
	logAmbiguous = 0xf0 + iota // the rules suggest different repairs
	logQuoting                 // the repair would need quoting in the input's format
	logUnsure                  // the only suggestion is the likeliest of several
	// logAppliedLeft: the repair was applied, and the repaired address
	// is still flagged: the record carries what the rules that judge an
	// address on its own find in it (they replace the group's findings of
	// those rules), and whether its domain is the one written (a batch
	// rule's finding without a repair stays, no-mail's only then).
	logAppliedLeft
	// logEncoded plus an input.Encoding: the address is encoded in the
	// input, which a fix does not re-encode.
	logEncoded
)

// fixTargets decides, before anything is read, that every input of --fix
// or --diff is a named regular file that can be replaced.
func (o *checkOptions) fixTargets(sources []source) error {
	flag := "--fix"
	if o.diff {
		flag = "--diff"
	}
	var stdin os.FileInfo
	if f, ok := o.io.In.(*os.File); ok {
		stdin, _ = f.Stat()
	}
	for _, s := range sources {
		fi, err := fix.Check(s.name)
		var pe *os.PathError
		if errors.As(err, &pe) {
			// Missing or unreadable: reported when it is read, as
			// without --fix.
			continue
		}
		if err == nil && stdin != nil && os.SameFile(fi, stdin) {
			err = errors.New("it is standard input, which is never fixed")
		}
		if err != nil {
			return &exitcode.Error{Code: exitcode.Trouble, Err: fmt.Errorf("%s: %s: %w", flag, s.name, err)}
		}
	}
	return nil
}

// dropRepeats drops a regular file named again (by another name, or
// through a link), which is checked, and fixed, once; standard error says
// which argument was skipped.
func (o *checkOptions) dropRepeats(sources []source) []source {
	// Files seen, by size and time: only those alike are compared.
	type look struct {
		size int64
		time int64
	}
	type seenFile struct {
		name string
		fi   os.FileInfo
	}
	seen := map[look][]seenFile{}
	out := sources[:0:0]
	for _, s := range sources {
		var fi os.FileInfo
		var err error
		if s.isPath() {
			fi, err = os.Stat(s.name)
		}
		if fi == nil || err != nil || !fi.Mode().IsRegular() {
			out = append(out, s)
			continue
		}
		key := look{fi.Size(), fi.ModTime().UnixNano()}
		i := slices.IndexFunc(seen[key], func(prev seenFile) bool { return os.SameFile(fi, prev.fi) })
		if i >= 0 {
			fmt.Fprintf(o.io.ErrOut, "rcptlint: %s: the same file as %s; skipped\n", escape.String(s.name), escape.String(seen[key][i].name))
			continue
		}
		seen[key] = append(seen[key], seenFile{s.name, fi})
		out = append(out, s)
	}
	return out
}

// fixer applies the unambiguous suggestions of a run (--fix) or prints
// them as a diff (--diff), reading the findings once, in input order, and
// logging what became of each group of findings of one address: the log
// is spilled past spillAt bytes, so nothing here grows in memory with the
// findings.
type fixer struct {
	r       *runner
	sources []source
	log     *spill.Buffer
	ok      []bool // by source: fixed (or diffed) without error
	n       int    // findings read
	logged  int    // findings up to the end of the last group logged
	g       group

	file    applier   // the file being fixed or diffed, or nil
	diff    *fix.Diff // its diff, with --diff
	fileAt  int       // its source
	refused []bool    // by source: not to be fixed (it could not be opened)
	encoded *encodedCursor
	checker *lint.Engine   // checks repaired addresses (recheck), once needed
	found   []lint.Finding // its findings, reused
	rec     []byte         // a record being logged, reused
	blob    []byte         // the recheck's findings of a record, encoded, reused
	files   map[int]string // input names by Location.Source, for the recheck's findings
}

// group is the findings of one address, which come together.
type group struct {
	at        place
	first     int // index of its first finding
	size      int
	fixAt     int // index of its first fixable finding in the group, or -1
	old, new  string
	combined  bool // new combines suggestions of several findings
	ambiguous bool
	unsureAt  int           // index of its first suggestion that is not fixable, or -1
	file      string        // the input's name in its findings
	addressAt lint.Location // where its address is, as its findings say
	batchKept bool          // it has a batch rule's finding without a repair
	noMail    bool          // it has a no-mail finding
}

// applier is a fix of one file under way, in place or as a diff.
type applier interface {
	Apply(fix.Edit) (fix.Outcome, error)
	SetSpelling(fix.Spelling)
}

// encodedLog records, in input order, the places of the addresses that
// the inputs encode (see input.Encoding): a fix leaves them alone and
// says why. It is spilled past spillAt bytes, so that it does not grow in
// memory with them.
type encodedLog struct {
	buf *spill.Buffer
}

// add records that the address at p is encoded in enc.
func (l *encodedLog) add(p place, enc input.Encoding) {
	var rec []byte
	for _, n := range []int{p.source, p.line, p.column} {
		rec = binary.AppendUvarint(rec, uint64(n))
	}
	l.buf.Write(append(rec, byte(enc)))
}

// encodedCursor reads an encodedLog back, in input order.
type encodedCursor struct {
	r    *bufio.Reader
	next place
	enc  input.Encoding
	err  error // the log could not be read, or ended in a record
	eof  bool
}

func (l *encodedLog) cursor() *encodedCursor {
	c := &encodedCursor{}
	r, err := l.buf.Reader()
	if err != nil {
		c.err, c.eof = err, true
		return c
	}
	c.r = bufio.NewReader(r)
	c.read()
	return c
}

// read reads the next record.
func (c *encodedCursor) read() {
	var ns [3]uint64
	for k := range ns {
		v, err := binary.ReadUvarint(c.r)
		if err != nil {
			c.eof = true
			if err != io.EOF || k > 0 {
				c.err = errors.New("the temporary file of encoded addresses was cut short")
			}
			return
		}
		ns[k] = v
	}
	enc, err := c.r.ReadByte()
	if err != nil {
		c.eof, c.err = true, errors.New("the temporary file of encoded addresses was cut short")
		return
	}
	c.next, c.enc = place{int(ns[0]), int(ns[1]), int(ns[2])}, input.Encoding(enc)
}

// at returns the encoding of the address at p, or input.Written; p grows
// from call to call.
func (c *encodedCursor) at(p place) input.Encoding {
	for !c.eof && before(c.next, p) {
		c.read()
	}
	if !c.eof && c.next == p {
		return c.enc
	}
	return input.Written
}

// before reports whether place a comes before b in input order.
func before(a, b place) bool {
	if a.source != b.source {
		return a.source < b.source
	}
	if a.line != b.line {
		return a.line < b.line
	}
	return a.column < b.column
}

// applyFixes fixes or diffs the files, then says on standard error what
// was done, and takes the fixed findings out of the summary; finish
// leaves them out of the report.
func (r *runner) applyFixes(sources []source) {
	fx := &fixer{r: r, sources: sources, log: spill.New(spillAt), ok: make([]bool, len(sources)),
		refused: make([]bool, len(sources)), fileAt: -1, files: map[int]string{}}
	r.fixes = fx
	fx.encoded = r.encoded.cursor()
	all, err := r.store.all()
	if err != nil {
		r.trouble = true
		r.errf("rcptlint: %s\n", escape.String(err.Error()))
		return
	}
	for f := range all {
		if r.stopped() {
			break
		}
		fx.add(f)
	}
	fx.closeGroup()
	fx.closeFile()
	if r.stopped() {
		return
	}
	if err := fx.encoded.err; err != nil {
		r.trouble = true
		r.errf("rcptlint: %s\n", escape.String(err.Error()))
	}
	if err := fx.tell(); err != nil {
		r.trouble = true
		r.errf("rcptlint: %s\n", escape.String(err.Error()))
	}
}

// add takes the next finding.
func (fx *fixer) add(f *lint.Finding) {
	at := place{f.AddressAt.Source, f.AddressAt.Line, f.AddressAt.Column}
	if fx.n == 0 || at != fx.g.at {
		fx.closeGroup()
		fx.g = group{at: at, first: fx.n, fixAt: -1, unsureAt: -1}
	}
	fx.n++
	fx.g.size++
	fx.g.file, fx.g.addressAt = f.File, f.AddressAt
	if _, ok := fx.files[f.Source]; !ok {
		fx.files[f.Source] = f.File
	}
	if f.Suggestion == "" {
		switch {
		case f.Rule == noMailRule:
			fx.g.noMail = true
		case fx.r.batchRules[f.Rule]:
			fx.g.batchKept = true
		}
		return
	}
	if !f.Fixable {
		if fx.g.unsureAt < 0 {
			fx.g.unsureAt = fx.n - 1 - fx.g.first
		}
		return
	}
	if fx.g.fixAt < 0 {
		// A finding read back from the store is valid until the next one:
		// the group outlives it.
		fx.g.fixAt, fx.g.old, fx.g.new = fx.n-1-fx.g.first, strings.Clone(f.Address), strings.Clone(f.Suggestion)
	} else if c, ok := lint.Combine(f.Address, fx.g.new, f.Suggestion); ok {
		// Each mends its own part (ann@@gmial.com: the '@', the domain).
		if c != fx.g.new {
			fx.g.new, fx.g.combined = strings.Clone(c), true
		}
	} else {
		fx.g.ambiguous = true
	}
}

// closeGroup decides the fix of the group read, tries it, and logs what
// became of it.
func (fx *fixer) closeGroup() {
	g := &fx.g
	if fx.refused[g.at.source] || g.fixAt < 0 && g.unsureAt < 0 {
		return
	}
	var code byte
	switch enc := fx.encoded.at(g.at); {
	case g.fixAt < 0:
		// Only a suggestion the rule itself is unsure of (the likeliest
		// of several): said, at it, and left.
		g.fixAt, code = g.unsureAt, logUnsure
	case enc != input.Written:
		code = logEncoded + byte(enc)
	case g.ambiguous || g.unsureAt >= 0:
		// A repair beside another the rule is unsure of (ann@@hotmail.fe:
		// the '@' doubled, and hotmail.de or hotmail.fr) would leave the
		// doubt in the file unsaid.
		code = logAmbiguous
	case !input.EditFits(fx.r.formats[g.at.source], g.old, g.new):
		code = logQuoting
	default:
		out, ok := fx.apply(fix.Edit{Line: g.at.line, Column: g.at.column, Old: g.old, New: g.new})
		if !ok {
			return
		}
		code = byte(out)
	}
	rec := binary.AppendUvarint(fx.rec[:0], uint64(g.first-fx.logged))
	rec = binary.AppendUvarint(rec, uint64(g.size))
	rec = binary.AppendUvarint(rec, uint64(g.fixAt))
	if code == byte(fix.Applied) && fx.r.o.fix {
		// The repaired address is checked again: what is still wrong with
		// it (ann@@acme.qqqq, repaired to ann@acme.qqqq, whose '.qqqq' no
		// repair mends) stays in the report, the counts and the exit code.
		same := sameDomain(g.old, g.new)
		if found := fx.recheck(g); len(found) > 0 || g.batchKept || g.noMail && same {
			code = logAppliedLeft
			rec = append(rec, code)
			flags := byte(0)
			if same {
				flags = 1
			}
			rec = append(rec, flags)
			blob := fx.blob[:0]
			for i := range found {
				blob = encodeFinding(blob, &found[i])
			}
			fx.blob = blob
			rec = binary.AppendUvarint(rec, uint64(len(blob)))
			rec = append(rec, blob...)
		}
	}
	if code != logAppliedLeft {
		rec = append(rec, code)
	}
	// The repair made, when it combines several findings' suggestions
	// (each says only its own part); else none, the fixable one's.
	combined := ""
	if g.combined {
		combined = g.new
	}
	rec = binary.AppendUvarint(rec, uint64(len(combined)))
	rec = append(rec, combined...)
	fx.rec = rec
	fx.log.Write(rec)
	fx.logged = g.first + g.size
}

// maxRecheck bounds the findings of one repaired address a record holds:
// a few findings, each the address (a line at most) a few times.
const maxRecheck = 64 * input.MaxLineLen

// noMailRule is the rule whose findings say what DNS told of a domain:
// they stay with a repair of the local part alone.
const noMailRule = "no-mail"

// sameDomain reports whether a repair kept the address's domain, in any
// case.
func sameDomain(old, new string) bool {
	return strings.EqualFold(old[strings.LastIndexByte(old, '@')+1:], new[strings.LastIndexByte(new, '@')+1:])
}

// recheck returns what the rules that judge an address on its own find in
// the group's repaired address, as the run would report it (ignore
// comments and the baseline apply): without DNS evidence, which no-mail's
// findings of an unchanged domain carry over.
func (fx *fixer) recheck(g *group) []lint.Finding {
	if fx.r.recheck == nil {
		return nil
	}
	if fx.checker == nil {
		e, err := fx.r.recheck()
		if err != nil {
			fx.r.recheck = nil
			return nil
		}
		fx.checker = e
	}
	loc := g.addressAt
	loc.File = g.file
	found := fx.checker.CheckAlone(g.new, loc, fx.found[:0])
	fx.found = found
	kept := found[:0]
	for i := range found {
		if fx.r.shown(&found[i]) {
			kept = append(kept, found[i])
		}
	}
	return kept
}

// apply applies one edit to its file, opening it first when it is the
// next; ok is false when the file could not be opened or the edit tried.
func (fx *fixer) apply(e fix.Edit) (out fix.Outcome, ok bool) {
	src := fx.g.at.source
	if fx.fileAt != src {
		fx.closeFile()
		if !fx.openFile(src) {
			return 0, false
		}
	}
	out, err := fx.file.Apply(e)
	if err != nil {
		fx.failFile(err)
		return 0, false
	}
	return out, true
}

// diffName is the name of file name in a diff header, as git shows it:
// relative to the working directory wd when below it, else the path
// cleaned and without the slash that starts an absolute path, so that
// "a/" and "b/" are never followed by another.
func diffName(name, wd string) string {
	name = filepath.Clean(name)
	if filepath.IsAbs(name) && wd != "" {
		if rel, err := filepath.Rel(wd, name); err == nil && filepath.IsLocal(rel) {
			name = rel
		}
	}
	name = name[len(filepath.VolumeName(name)):]
	return strings.TrimLeft(filepath.ToSlash(name), "/")
}

func (fx *fixer) openFile(src int) bool {
	r := fx.r
	name := fx.sources[src].name
	var err error
	if r.o.diff {
		wd, _ := r.o.io.Getwd()
		fx.diff = fix.NewDiff(r.o.io.Out, diffName(name, wd), r.o.io.OutTTY)
		fx.file, err = fix.NewPreview(r.o.ctx, name, fx.diff)
	} else {
		fx.file, err = fix.Open(r.o.ctx, name, r.hashes[src])
	}
	if err == nil {
		f := r.formats[src]
		fx.file.SetSpelling(fix.Spelling{Folds: input.Folds(f), Escapes: input.Escapes(f)})
	}
	if err != nil {
		fx.file = nil
		fx.refused[src] = true
		r.trouble = true
		r.note(name, 0, 0, "not fixed: "+errText(err))
		return false
	}
	fx.fileAt = src
	return true
}

// failFile gives up the file being fixed.
func (fx *fixer) failFile(err error) {
	switch f := fx.file.(type) {
	case *fix.File:
		f.Abort()
	case *fix.Preview:
		f.Abort()
	}
	fx.file = nil
	fx.gaveUp(err)
}

// gaveUp says why the file being fixed was left as it was.
func (fx *fixer) gaveUp(err error) {
	r := fx.r
	fx.refused[fx.fileAt] = true
	switch {
	case r.stopped() && errors.Is(err, r.o.ctx.Err()):
	case fx.diff != nil && fx.diff.Err() != nil:
		// Standard output is closed: the run ends quietly.
		if r.writeErr == nil {
			r.writeErr = fx.diff.Err()
		}
	default:
		r.trouble = true
		r.note(fx.sources[fx.fileAt].name, 0, 0, "not fixed: "+errText(err))
	}
}

// closeFile finishes the file being fixed: it is replaced, or its diff
// written out.
func (fx *fixer) closeFile() {
	if fx.file == nil {
		return
	}
	var err error
	switch f := fx.file.(type) {
	case *fix.File:
		_, err = f.Commit()
	case *fix.Preview:
		err = f.Close()
	}
	fx.file = nil
	if err != nil {
		fx.gaveUp(err)
		return
	}
	fx.ok[fx.fileAt] = true
}

// errText is an error without the path that the note names already.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return err.Error()
}

// logCursor reads the fix log beside the findings, in the same order.
type logCursor struct {
	r          *bufio.Reader
	start, end int // the findings of the current record
	fixAt      int
	code       byte
	eof        bool
	err        error
	// With logAppliedLeft: whether the repair kept the domain, and the
	// repaired address's findings, encoded.
	same  bool
	found []byte
	// repair is the address made of several findings' suggestions, or
	// empty when it is the fixable finding's own.
	repair []byte
}

// rechecked calls fn with each finding of the repaired address of the
// current record (logAppliedLeft), in order.
func (c *logCursor) rechecked(files map[int]string, fn func(*lint.Finding)) {
	var f lint.Finding
	for b := c.found; len(b) > 0; {
		n := decodeFinding(b, &f, files)
		if n == 0 {
			return
		}
		fn(&f)
		b = b[n:]
	}
}

func (fx *fixer) cursor() (*logCursor, error) {
	lr, err := fx.log.Reader()
	if err != nil {
		return nil, err
	}
	return &logCursor{r: bufio.NewReader(lr), start: -1, end: -1}, nil
}

// at returns the record of the i-th finding, if it has one; i grows from
// call to call.
func (c *logCursor) at(i int) (code byte, first bool, ok bool) {
	for i >= c.end && !c.eof {
		c.next()
	}
	if i < c.start || i >= c.end {
		return 0, false, false
	}
	return c.code, i == c.start+c.fixAt, true
}

func (c *logCursor) next() {
	var ns [3]uint64
	for k := range ns {
		v, err := binary.ReadUvarint(c.r)
		if err != nil {
			c.stop(err, k > 0)
			return
		}
		ns[k] = v
	}
	code, err := c.r.ReadByte()
	if err != nil {
		c.stop(err, true)
		return
	}
	c.same, c.found = false, c.found[:0]
	if code == logAppliedLeft {
		flags, err := c.r.ReadByte()
		if err != nil {
			c.stop(err, true)
			return
		}
		n, err := binary.ReadUvarint(c.r)
		if err != nil || n > maxRecheck {
			c.stop(err, true)
			return
		}
		c.same = flags&1 != 0
		c.found = slices.Grow(c.found, int(n))[:n]
		if _, err := io.ReadFull(c.r, c.found); err != nil {
			c.stop(err, true)
			return
		}
	}
	n, err := binary.ReadUvarint(c.r)
	if err != nil || n > input.MaxLineLen {
		c.stop(err, true)
		return
	}
	c.repair = slices.Grow(c.repair[:0], int(n))[:n]
	if _, err := io.ReadFull(c.r, c.repair); err != nil {
		c.stop(err, true)
		return
	}
	c.start = c.end + int(ns[0])
	if c.end < 0 {
		c.start = int(ns[0])
	}
	c.end, c.fixAt, c.code = c.start+int(ns[1]), int(ns[2]), code
}

// repaired returns the address the current record's repair made of f's,
// the record's fixable finding.
func (c *logCursor) repaired(f *lint.Finding) string {
	if len(c.repair) > 0 {
		return string(c.repair)
	}
	return f.Suggestion
}

func (c *logCursor) stop(err error, inRecord bool) {
	c.eof = true
	c.start, c.end = -1, -1
	if err != io.EOF || inRecord {
		c.err = errors.New("the temporary file of fixes was cut short")
	}
}

// dropped reports whether a record's findings were fixed.
func (fx *fixer) dropped(c *logCursor, code byte, f *lint.Finding) bool {
	if !fx.r.o.fix || !fx.ok[f.AddressAt.Source] {
		return false
	}
	switch code {
	case byte(fix.Applied):
		return true
	case logAppliedLeft:
		// The recheck's findings stand for the rules that judge an
		// address on its own; a batch rule's without a repair stays,
		// no-mail's only for the domain written.
		switch {
		case f.Suggestion != "":
			return true
		case f.Rule == noMailRule:
			return !c.same
		}
		return !fx.r.batchRules[f.Rule]
	}
	return false
}

// tell says on standard error what became of each fixable address, in
// input order, and takes the fixed findings out of the counts.
func (fx *fixer) tell() error {
	r := fx.r
	if r.prog != nil {
		// Every address was checked: what is left is to say so.
		r.prog.end()
		r.prog = nil
	}
	r.notes = bufio.NewWriterSize(r.o.io.ErrOut, 64<<10)
	defer func() {
		r.notes.Flush()
		r.notes = nil
	}()
	all, err := r.store.all()
	if err != nil {
		return err
	}
	c, err := fx.cursor()
	if err != nil {
		return err
	}
	i := 0
	for f := range all {
		code, first, ok := c.at(i)
		i++
		if !ok {
			continue
		}
		src := f.AddressAt.Source
		if code == logAppliedLeft && i-1 == c.start && fx.ok[src] {
			c.rechecked(fx.files, func(f *lint.Finding) { r.count(f, 1) })
		}
		if fx.dropped(c, code, f) {
			r.count(f, -1)
		}
		if !first {
			continue
		}
		name := fx.sources[src].name
		switch {
		case code == logAmbiguous:
			r.note(name, f.AddressAt.Line, f.AddressAt.Column, "not fixed: the rules suggest different repairs; choose one by hand")
		case code == logUnsure:
			why := "the suggestion is the likeliest of several the finding names; choose one by hand"
			if r.base != nil {
				why = "the report leaves the suggestion to you (the likeliest of several it names, or the baseline accepts a finding of the address as written); choose by hand"
			}
			r.note(name, f.AddressAt.Line, f.AddressAt.Column, "not fixed: "+why)
		case code == logQuoting:
			r.note(name, f.AddressAt.Line, f.AddressAt.Column, "not fixed: the repair would need "+input.Escaping(fx.r.formats[src]))
		case code > logEncoded:
			r.note(name, f.AddressAt.Line, f.AddressAt.Column, "not fixed: the address is in "+input.Encoding(code-logEncoded).String()+", which a fix does not encode again; repair it by hand")
		case !fx.ok[src]:
		case code == byte(fix.Applied):
			if r.o.fix {
				r.note(name, f.AddressAt.Line, f.AddressAt.Column, fmt.Sprintf("fixed %s -> %s", f.Address, c.repaired(f)))
			}
		case code == logAppliedLeft:
			// Still flagged by what the recheck found, or by a batch rule's
			// finding that stays (a repeat, what DNS said of the domain).
			msg := fmt.Sprintf("fixed %s -> %s, which is still flagged (see the report)", f.Address, c.repaired(f))
			r.note(name, f.AddressAt.Line, f.AddressAt.Column, msg)
		default:
			r.note(name, f.AddressAt.Line, f.AddressAt.Column, "not fixed: "+fix.Outcome(code).String())
		}
	}
	if err := r.store.err; err != nil {
		return err
	}
	return c.err
}

// unfixed leaves the fixed findings out of all.
func (r *runner) unfixed(all iter.Seq[*lint.Finding]) iter.Seq[*lint.Finding] {
	fx := r.fixes
	if fx == nil || !r.o.fix {
		return all
	}
	return func(yield func(*lint.Finding) bool) {
		c, err := fx.cursor()
		if err != nil {
			r.store.err = err
			return
		}
		// The findings of a repaired address that is still flagged go in
		// at its place, among what stays of its group's.
		var pending []lint.Finding
		pendingEnd := -1
		flush := func(before *lint.Finding) bool {
			for len(pending) > 0 && (before == nil || !before.Location.Before(pending[0].Location)) {
				if !yield(&pending[0]) {
					return false
				}
				pending = pending[1:]
			}
			return true
		}
		i := 0
		for f := range all {
			if i >= pendingEnd && !flush(nil) {
				return
			}
			code, _, ok := c.at(i)
			i++
			if ok && code == logAppliedLeft && i-1 == c.start && fx.ok[f.AddressAt.Source] {
				pending, pendingEnd = pending[:0], c.end
				c.rechecked(fx.files, func(f *lint.Finding) {
					// Views of the record, which the next one overwrites.
					c := f.Clone()
					c.Rule = strings.Clone(f.Rule)
					pending = append(pending, c)
				})
			}
			if ok && fx.dropped(c, code, f) {
				continue
			}
			if !flush(f) || !yield(f) {
				return
			}
		}
		if !flush(nil) {
			return
		}
		if c.err != nil && r.store.err == nil {
			r.store.err = c.err
		}
	}
}

// note tells the user on standard error what --fix did or did not do.
func (r *runner) note(file string, line, col int, msg string) {
	where := escape.String(file)
	if line > 0 {
		where = fmt.Sprintf("%s:%d:%d", where, line, col)
	}
	r.errf("%s: %s\n", where, escape.String(msg))
}
