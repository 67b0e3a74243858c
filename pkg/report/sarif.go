package report

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"iter"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// SARIF writes a SARIF 2.1.0 log with one run: the rules with their
// documentation, and a result per finding with its location (columns in
// code points), a fix when there is a suggestion --fix would make, and a partial
// fingerprint so that uploading the same findings again does not duplicate
// alerts in GitHub code scanning.
type SARIF struct{}

// sarifLevels maps severities to SARIF result levels.
var sarifLevels = [...]string{lint.Off: "none", lint.Info: "note", lint.Warning: "warning", lint.Error: "error"}

// Report writes the log.
func (SARIF) Report(w io.Writer, run *Run, findings iter.Seq[*lint.Finding]) error {
	bw := bufio.NewWriter(w)
	j := &jsonWriter{w: bw, root: run.Root, dir: run.Dir}
	j.raw(`{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"rcptlint","informationUri":"https://github.com/rcptlint/rcptlint"`)
	j.field("version", run.Tool)
	j.raw(`,"rules":[`)
	index := map[string]int{}
	for i := range run.Rules {
		if i > 0 {
			j.raw(",")
		}
		index[run.Rules[i].ID] = i
		sarifRule(j, &run.Rules[i])
	}
	j.raw(`]}},`)
	if j.root != "" {
		j.raw(`"originalUriBaseIds":{"` + srcRoot + `":{"uri":"`)
		j.esc(strings.TrimSuffix(fileURI(j.root), "/") + "/")
		j.raw(`"}},`)
	}
	j.raw(`"columnKind":"unicodeCodePoints","results":[`)
	first := true
	write := func(f *lint.Finding, fix string) error {
		if !first {
			j.raw(",")
		}
		first = false
		ruleIndex, ok := index[f.Rule]
		if !ok {
			ruleIndex = -1
		}
		sarifResult(j, f, ruleIndex, fix)
		return j.flushIfLarge()
	}
	// A fix is what --fix would make: none for an address whose findings
	// suggest different repairs, or one the likeliest of several. The
	// findings of an address come together; from its first suggestion on
	// they are held until the address's last, when that is known, copied
	// (a finding is valid until the next) into room reused from address
	// to address, so that they make no garbage.
	var held []lint.Finding
	var room []byte
	keep := func(s string) string {
		if s == "" {
			return ""
		}
		at := len(room)
		room = append(room, s...)
		return unsafe.String(&room[at], len(s))
	}
	release := func() error {
		fix := agreed(held)
		for i := range held {
			if err := write(&held[i], fix); err != nil {
				return err
			}
		}
		held, room = held[:0], room[:0]
		return nil
	}
	for f := range findings {
		if len(held) > 0 && !sameAddress(&held[0], f) {
			if err := release(); err != nil {
				return err
			}
		}
		if len(held) == 0 && f.Suggestion == "" {
			if err := write(f, ""); err != nil {
				return err
			}
			continue
		}
		c := *f
		c.Rule, c.Address, c.Message, c.Suggestion = keep(f.Rule), keep(f.Address), keep(f.Message), keep(f.Suggestion)
		c.File, c.AddressAt.File = keep(f.File), keep(f.AddressAt.File)
		held = append(held, c)
	}
	if err := release(); err != nil {
		return err
	}
	j.raw(`],"invocations":[{"executionSuccessful":`)
	j.raw(strconv.FormatBool(!run.Trouble))
	j.raw("}]}]}\n")
	if err := j.flush(); err != nil {
		return err
	}
	return bw.Flush()
}

func sarifRule(j *jsonWriter, d *lint.Doc) {
	j.raw("{")
	j.first("id", d.ID)
	j.field("name", ruleName(d.ID))
	j.raw(`,"shortDescription":{`)
	j.first("text", d.Summary)
	j.raw(`},"fullDescription":{`)
	j.first("text", firstParagraph(d.Explanation))
	j.raw(`},"help":{`)
	j.first("text", d.Text())
	j.raw(`},"helpUri":"https://github.com/rcptlint/rcptlint#rules","defaultConfiguration":{"level":"`)
	j.raw(sarifLevels[d.Severity])
	j.raw(`"},"properties":{"tags":["email","recipients"]}}`)
}

// sameAddress reports whether two findings are of one address (a finding
// that does not say where its address is stands alone).
func sameAddress(a, b *lint.Finding) bool {
	return a.AddressAt.Line > 0 && a.AddressAt.File == b.AddressAt.File && a.AddressAt.Source == b.AddressAt.Source &&
		a.AddressAt.Line == b.AddressAt.Line && a.AddressAt.Column == b.AddressAt.Column
}

// agreed returns the repair --fix would make of an address from its
// findings' suggestions, or "" when it makes none: every one fixable, and
// all the same or each mending its own part of the address (lint.Combine).
func agreed(fs []lint.Finding) string {
	repair := ""
	for i := range fs {
		switch f := &fs[i]; {
		case f.Suggestion == "":
		case !f.Fixable:
			return ""
		case repair == "":
			repair = f.Suggestion
		default:
			r, ok := lint.Combine(f.Address, repair, f.Suggestion)
			if !ok {
				return ""
			}
			repair = r
		}
	}
	return repair
}

// sarifResult writes one result; fix, when not "", is the repair --fix
// would make of its address, which the result carries when it suggests
// one.
func sarifResult(j *jsonWriter, f *lint.Finding, ruleIndex int, fix string) {
	j.raw("{")
	j.first("ruleId", f.Rule)
	if ruleIndex >= 0 {
		j.raw(`,"ruleIndex":`)
		j.int(ruleIndex)
	}
	j.raw(`,"level":"`)
	j.raw(sarifLevels[f.Severity])
	j.raw(`","message":{"text":"`)
	j.esc(f.Message)
	if f.Suggestion != "" {
		j.raw("; did you mean ")
		j.esc(f.Suggestion)
		j.raw("?")
	}
	j.raw(`"},"locations":[{"physicalLocation":{"artifactLocation":`)
	j.artifact(f.Location)
	j.raw(`,"region":`)
	j.region(f.Line, f.CharColumn(), 0)
	j.raw(`}}],"partialFingerprints":{"rcptlintFinding/v1":"`)
	j.fingerprint(f)
	j.raw(`"}`)
	if fix != "" && hasFix(f, fix) {
		j.raw(`,"fixes":[{"description":{"text":"Replace `)
		j.esc(f.Address)
		j.raw(" with ")
		j.esc(fix)
		j.raw(`"},"artifactChanges":[{"artifactLocation":`)
		j.artifact(f.Location)
		j.raw(`,"replacements":[{"deletedRegion":`)
		at := f.AddressAt
		j.region(at.Line, at.CharColumn(), at.CharColumn()+utf8.RuneCountInString(f.Address))
		j.raw(`,"insertedContent":{`)
		j.first("text", fix)
		j.raw("}}]}]}]")
	}
	j.raw("}")
}

// artifact writes an artifactLocation: a relative or file URI for a file,
// "-" for standard input, a description for a command-line argument.
func (j *jsonWriter) artifact(l lint.Location) {
	if l.File == lint.ArgsFile {
		j.raw(`{"description":{"text":"command-line argument `)
		j.int(l.Line)
		j.raw(`"}}`)
		return
	}
	if l.File != j.uriOf {
		j.uriOf = l.File
		j.uri, j.underRoot = j.locate(l.File)
	}
	j.raw(`{"uri":"`)
	j.esc(j.uri)
	if j.underRoot {
		j.raw(`","uriBaseId":"` + srcRoot)
	}
	j.raw(`"}`)
}

// srcRoot is the base of the URIs of files in the repository, which code
// scanning resolves against the checkout.
const srcRoot = "%SRCROOT%"

// locate returns the URI of a file: relative to the repository's root
// when it is below it (under says so), else as fileURI writes it.
func (j *jsonWriter) locate(name string) (uri string, under bool) {
	if j.root == "" || name == "-" {
		return fileURI(name), false
	}
	abs := name
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(j.dir, name)
	}
	rel, err := filepath.Rel(j.root, abs)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fileURI(abs), false
	}
	return fileURI(rel), true
}

func (j *jsonWriter) region(line, col, end int) {
	j.raw(`{"startLine":`)
	j.int(max(line, 1))
	j.raw(`,"startColumn":`)
	j.int(max(col, 1))
	if end > col {
		j.raw(`,"endColumn":`)
		j.int(end)
	}
	j.raw("}")
}

// hasFix reports whether a SARIF fix can say exactly what to change (one
// --fix would make: agreed): a suggestion for an address in a file,
// written there as it reads (not opaque: the region it takes is then not
// its length), both valid UTF-8.
// SARIF's inserted
// text and code-point columns cannot carry bytes that are not UTF-8, so a
// fix would write their escaped form (the four characters \xff) instead
// of the bytes: such a finding has no fix, and its message still shows the
// suggestion.
func hasFix(f *lint.Finding, fix string) bool {
	return f.Suggestion != "" && !f.AddressAt.Opaque && isFile(f.File) && utf8.ValidString(f.Address) && utf8.ValidString(fix)
}

func isFile(name string) bool { return name != lint.ArgsFile && name != "-" }

// fileURI turns a path into a URI reference: relative paths stay relative
// (as code scanning resolves them against the repository), absolute ones
// become file URIs; each segment is percent-encoded.
func fileURI(name string) string {
	if name == "-" {
		return "-"
	}
	p := filepath.ToSlash(name)
	segs := strings.Split(p, "/")
	for i, s := range segs {
		segs[i] = url.PathEscape(s)
	}
	u := strings.Join(segs, "/")
	if filepath.IsAbs(name) {
		if !strings.HasPrefix(u, "/") {
			u = "/" + u
		}
		return "file://" + u
	}
	return u
}

// fingerprint writes what identifies a finding across runs and line
// moves: a hash of the rule and the address, whatever line it is on.
func (j *jsonWriter) fingerprint(f *lint.Finding) {
	key := append(append(append(j.scratch[:0], f.Rule...), 0), f.Address...)
	for i := len(f.Rule) + 1; i < len(key); i++ {
		if c := key[i]; c >= 'A' && c <= 'Z' {
			key[i] = c + 'a' - 'A'
		}
	}
	j.scratch = key
	sum := sha256.Sum256(key)
	j.buf = hex.AppendEncode(j.buf, sum[:16])
}

// ruleName turns a rule ID into the PascalCase name SARIF viewers show.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func firstParagraph(s string) string {
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(s), " ")
}

// jsonWriter appends JSON to a buffer and hands it to w in chunks.
type jsonWriter struct {
	w   io.Writer
	buf []byte
	err error
	// uriOf, uri and underRoot cache the URI of the last file seen.
	uriOf, uri string
	underRoot  bool
	root, dir  string // see Run
	scratch    []byte
}

func (j *jsonWriter) esc(s string) { j.buf = appendEscaped(j.buf, s) }

func (j *jsonWriter) int(n int) { j.buf = strconv.AppendInt(j.buf, int64(n), 10) }

func (j *jsonWriter) raw(s string) { j.buf = append(j.buf, s...) }

// first writes "key":"value" as the first member of an object.
func (j *jsonWriter) first(key, value string) {
	j.buf = append(j.buf, '"')
	j.buf = append(j.buf, key...)
	j.buf = append(j.buf, `":`...)
	j.buf = AppendString(j.buf, value)
}

// field writes ,"key":"value".
func (j *jsonWriter) field(key, value string) {
	j.buf = append(j.buf, ',')
	j.first(key, value)
}

func (j *jsonWriter) flushIfLarge() error {
	if len(j.buf) < 32<<10 {
		return nil
	}
	return j.flush()
}

func (j *jsonWriter) flush() error {
	if j.err == nil && len(j.buf) > 0 {
		_, j.err = j.w.Write(j.buf)
		j.buf = j.buf[:0]
	}
	return j.err
}
