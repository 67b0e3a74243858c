// Package config reads .rcptlint.yaml: the user's trusted, known, allowed
// and sensitive lists, rule severities, failure threshold and the actions
// of the Postfix policy server. Every problem
// is an error that names the file, line and key.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/idna"

	"github.com/rcptlint/rcptlint/internal/filemode"
	"github.com/rcptlint/rcptlint/pkg/address"
)

// FileNames are the names a configuration file may have, in order of
// preference.
var FileNames = []string{".rcptlint.yaml", ".rcptlint.yml"}

// maxSize bounds the configuration file: it is a list of domains, not data.
const maxSize = 16 << 20

// Entry is one value of a list, with the line it is on.
type Entry struct {
	Value string
	Line  int
}

// Config is the content of a configuration file. The key tag of each
// field but Path and Repeats names the key of the file that sets it (the
// JSON Schema in schema/rcptlint.schema.json describes the same keys).
type Config struct {
	// Path is the file the configuration was read from, "" for none.
	Path string

	Trusted   []Entry `key:"trusted"`
	Known     []Entry `key:"known"`
	Allow     []Entry `key:"allow"`
	Sensitive []Entry `key:"sensitive-tlds"`
	// Rules maps rule IDs to a severity or "off", in file order.
	Rules []RuleSetting `key:"rules"`
	// FailOn is the failure threshold, "" when not set.
	FailOn Entry `key:"fail-on"`
	// DNS turns on DNS evidence for check, as --dns does; its Value is
	// "true", "false", or "" when not set.
	DNS Entry `key:"dns"`
	// Policy configures `rcptlint policy`.
	Policy Policy `key:"policy"`
	// Baseline is the path of the baseline file of accepted findings, as
	// written (relative to the configuration's folder), "" when not set.
	Baseline Entry `key:"baseline"`
	// Repeats are the lists that repeat an entry, in file order: each
	// list keeps an entry once, the first time it is written (see
	// EntryForm), so that a list's memory follows its distinct entries,
	// not its lines.
	Repeats []Repeat
}

// Repeat is a list's first entry that repeats an earlier one, which the
// list keeps instead.
type Repeat struct {
	// Key names the list, as errors do: trusted, policy: exempt-senders.
	Key   string
	Entry Entry
	// Of is the line of the entry it repeats.
	Of int
	// More counts the list's other repeats.
	More int
}

// FailOnLevels are the values of the fail-on key.
var FailOnLevels = []string{"error", "warning", "info", "never"}

// Policy is the policy key: what the Postfix policy server answers for a
// finding of each severity, and whose mail it leaves alone.
type Policy struct {
	// Error, Warning and Info are the actions for findings of that
	// severity, one of Actions in lower case; "" when not set.
	Error   Entry `key:"error"`
	Warning Entry `key:"warning"`
	Info    Entry `key:"info"`
	// ExemptSenders are envelope senders whose mail is not checked: an
	// address, or a domain that covers its subdomains.
	ExemptSenders []Entry `key:"exempt-senders"`
	// ExemptSASLUsers are the SASL login names whose mail is not checked.
	ExemptSASLUsers []Entry `key:"exempt-sasl-users"`
}

// Actions are the actions the policy key accepts, from the most to the
// least disruptive.
var Actions = []string{"reject", "defer", "hold", "prepend", "warn", "dunno"}

// RuleSetting is one entry of the rules key.
type RuleSetting struct {
	Rule     string
	Severity string
	Line     int
}

// Error is a problem in a configuration file.
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Msg)
}

// Errorf returns an *Error at a line of the configuration.
func (c *Config) Errorf(line int, format string, args ...any) error {
	return &Error{Path: c.Path, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// Find looks for a configuration file in dir and its parents. The search
// stops at the root of the git repository dir is in (the first folder
// holding .git), at the home directory home (which is searched; "" for
// none), or at the root of the file system, whichever comes first. It
// returns "" when there is none.
func Find(dir, home string) (string, error) {
	var homeInfo fs.FileInfo
	if home != "" {
		homeInfo, _ = os.Stat(home)
	}
	for {
		for _, n := range FileNames {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return "", err
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		if st, err := os.Stat(dir); err == nil && homeInfo != nil && os.SameFile(st, homeInfo) {
			return "", nil
		}
		up := filepath.Dir(dir)
		if up == dir {
			return "", nil
		}
		dir = up
	}
}

// Discover finds the configuration file that applies in dir (see Find)
// and reads it. A file found there that another user owns, or that others
// may write to, could switch rules off for whoever runs rcptlint below it
// (or, a FIFO or device, stop every run): it is ignored, warn is told
// which file and why, and the configuration is empty. It returns an empty
// configuration when there is no file.
func Discover(dir, home string, warn func(string)) (*Config, error) {
	path, err := Find(dir, home)
	if err != nil || path == "" {
		return &Config{}, err
	}
	raw, ok, err := read(path, func(risk string) bool {
		warn(fmt.Sprintf("%s: %s; ignored (the run uses no configuration file; name it with --config to use it anyway)", path, risk))
		return false
	})
	if err != nil || !ok {
		return &Config{}, err
	}
	return parseWarning(path, raw, warn)
}

// Load reads and validates the configuration file at path, which the user
// named. A file that another user owns or others may write to is read all
// the same, since naming it is a choice, and warn is told why it is a risk.
func Load(path string, warn func(string)) (*Config, error) {
	raw, _, err := read(path, func(risk string) bool {
		warn(fmt.Sprintf("%s: %s; read because --config names it", path, risk))
		return true
	})
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("configuration file %s does not exist", path)
	case errors.As(err, &pe):
		return nil, fmt.Errorf("configuration file %s: %w", path, pe.Err)
	case err != nil:
		return nil, err
	}
	return parseWarning(path, raw, warn)
}

// parseWarning parses configuration text, and tells warn of each list
// that repeats an entry.
func parseWarning(path string, raw []byte, warn func(string)) (*Config, error) {
	c, err := Parse(path, raw)
	if err != nil {
		return nil, err
	}
	for _, r := range c.Repeats {
		warn(r.warning(path))
	}
	return c, nil
}

// warning says which entry repeats which, and how many more repeats the
// list holds: one line for a list however many.
func (r Repeat) warning(path string) string {
	msg := fmt.Sprintf("%s:%d: %s: %q repeats the entry of line %d", path, r.Entry.Line, r.Key, r.Entry.Value, r.Of)
	if r.More > 0 {
		return msg + fmt.Sprintf(", the first of %d repeats in the list; each counts once", r.More+1)
	}
	return msg + "; it counts once"
}

// read returns the content of the configuration file at path. When
// trusting the file is a risk, accept is told why, and ok is false unless
// it accepts the file. Only a regular file (after symbolic links) is read,
// and at most maxSize bytes of it: the size is not taken from Stat, which
// a device or a pipe does not have. The file is opened without blocking,
// so that a FIFO is refused rather than waited on, and checked once open,
// so that it cannot be swapped in between.
func read(path string, accept func(risk string) bool) (raw []byte, ok bool, err error) {
	f, err := openNonBlocking(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, false, err
	}
	if risk := ownerRisk(st); risk != "" && !accept(risk) {
		return nil, false, nil
	}
	if !st.Mode().IsRegular() {
		return nil, false, &Error{Path: path, Msg: fmt.Sprintf("is %s, not a regular file; a configuration must be a file (--no-config runs without one)", filemode.Kind(st.Mode()))}
	}
	raw, err = io.ReadAll(io.LimitReader(f, maxSize+1))
	if err != nil {
		return nil, false, err
	}
	if len(raw) > maxSize {
		return nil, false, &Error{Path: path, Msg: fmt.Sprintf("is larger than %d bytes, the most a configuration file may be", maxSize)}
	}
	return raw, true, nil
}

// Parse validates configuration text; path names it in errors.
func Parse(path string, raw []byte) (*Config, error) {
	c := &Config{Path: path}
	if line := aliasLine(raw); line > 0 {
		// An alias is a few bytes that the parser makes a whole node of:
		// two million of them, in 8 MB, took 377 MB before any check.
		return nil, c.Errorf(line, "YAML aliases (*name) are not accepted in a configuration; write the entries out")
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil
		}
		return nil, &Error{Path: path, Msg: "not valid YAML: " + err.Error()}
	}
	if len(doc.Content) == 0 {
		return c, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, c.Errorf(root.Line, "the configuration must be a mapping of keys (trusted:, known:, ...)")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if seen[k.Value] {
			return nil, c.Errorf(k.Line, "key %q is set twice", k.Value)
		}
		seen[k.Value] = true
		if err := c.setKey(k, v); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (c *Config) setKey(k, v *yaml.Node) error {
	var err error
	switch k.Value {
	case "trusted":
		c.Trusted, err = c.list(k, v)
	case "known":
		c.Known, err = c.list(k, v)
	case "allow":
		c.Allow, err = c.list(k, v)
	case "sensitive-tlds":
		c.Sensitive, err = c.list(k, v)
	case "rules":
		c.Rules, err = c.rules(k, v)
	case "fail-on":
		levels := strings.Join(FailOnLevels, ", ")
		if v.Kind != yaml.ScalarNode {
			return c.Errorf(v.Line, "fail-on: want one of %s", levels)
		}
		if !slices.Contains(FailOnLevels, v.Value) {
			return c.Errorf(v.Line, "fail-on: %q is not one of %s", v.Value, levels)
		}
		c.FailOn = Entry{Value: v.Value, Line: v.Line}
	case "dns":
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" {
			return c.Errorf(v.Line, "dns: want true or false")
		}
		c.DNS = Entry{Value: strings.ToLower(v.Value), Line: v.Line}
	case "policy":
		return c.policy(v)
	case "baseline":
		if v.Kind != yaml.ScalarNode || v.Tag != "!!str" || v.Value == "" {
			return c.Errorf(v.Line, "baseline: want the path of a baseline file")
		}
		c.Baseline = Entry{Value: v.Value, Line: v.Line}
	default:
		return c.Errorf(k.Line, "unknown key %q (known keys: trusted, known, allow, sensitive-tlds, rules, fail-on, dns, policy, baseline)", k.Value)
	}
	return err
}

// list reads a sequence of strings; a single string is a list of one.
func (c *Config) list(k, v *yaml.Node) ([]Entry, error) {
	switch v.Kind {
	case yaml.ScalarNode:
		if v.Tag == "!!null" {
			return nil, nil
		}
		if v.Tag != "!!str" {
			return nil, c.Errorf(v.Line, "%s: want a list of strings, got %s", k.Value, v.Value)
		}
		return []Entry{{Value: v.Value, Line: v.Line}}, nil
	case yaml.SequenceNode:
		// As long as the list while it is read, as its nodes are: grown by
		// appending, a list of 700,000 left 85 MB of old arrays.
		out := make([]Entry, 0, len(v.Content))
		first := map[string]int{} // an entry's form: its line
		var rep *Repeat
		for _, item := range v.Content {
			if item.Kind != yaml.ScalarNode || item.Tag == "!!null" {
				return nil, c.Errorf(item.Line, "%s: every entry must be a string", k.Value)
			}
			form := EntryForm(k.Value, item.Value)
			line, seen := first[form]
			switch {
			case !seen:
				first[form] = item.Line
				out = append(out, Entry{Value: item.Value, Line: item.Line})
			case rep == nil:
				c.Repeats = append(c.Repeats, Repeat{Key: k.Value, Entry: Entry{Value: item.Value, Line: item.Line}, Of: line})
				rep = &c.Repeats[len(c.Repeats)-1]
			default:
				rep.More++
			}
		}
		if rep != nil {
			// Kept for the run: as long as the distinct entries only.
			out = slices.Clone(out)
		}
		return out, nil
	}
	return nil, c.Errorf(v.Line, "%s: want a list of strings", k.Value)
}

// EntryForm returns the form in which the entries of the list key
// (trusted, known, allow, sensitive-tlds, policy: exempt-senders, policy:
// exempt-sasl-users) are compared where they are used: two entries of one
// form mean the same. A domain of the trusted and known lists is in its
// ASCII form, in lower case and without a leading dot (an entry that is
// no domain as written); allow and exempt-senders entries are in lower
// case; a sensitive-tlds entry, which may name a preset, and a SASL login
// name keep their case. Each form is taken with no more than the use
// does, so that entries of one form never behave differently.
func EntryForm(key, value string) string {
	switch key {
	case "trusted", "known":
		s := strings.TrimPrefix(strings.TrimSpace(value), ".")
		if !strings.Contains(s, ".") {
			// A top-level domain (mil, .MIL): its lower-case A-label, as
			// the rules read it; a fullwidth dot stays no dot.
			if a, err := idna.Lookup.ToASCII(s); err == nil && a != "" && !strings.Contains(a, ".") {
				return a
			}
			return value
		}
		ascii, err := address.CheckDomain(s)
		// A name without a dot is read as a top-level domain, and one
		// dotted only in its ASCII form (a fullwidth dot) is no such name.
		if err != nil || ascii == "" || strings.Contains(ascii, ".") != strings.Contains(s, ".") {
			return value
		}
		return ascii
	case "allow", "policy: exempt-senders":
		return strings.ToLower(strings.TrimSpace(value))
	case "sensitive-tlds":
		return strings.TrimSpace(value)
	}
	return value
}

func (c *Config) rules(k, v *yaml.Node) ([]RuleSetting, error) {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil, nil
	}
	if v.Kind != yaml.MappingNode {
		return nil, c.Errorf(v.Line, "rules: want a mapping of rule IDs to a severity (error, warning, info) or off")
	}
	var out []RuleSetting
	for i := 0; i+1 < len(v.Content); i += 2 {
		rk, rv := v.Content[i], v.Content[i+1]
		if rv.Kind != yaml.ScalarNode {
			return nil, c.Errorf(rv.Line, "rules: %s: want a severity (error, warning, info) or off", rk.Value)
		}
		sev := rv.Value
		if rv.Tag == "!!bool" && (sev == "false" || sev == "False" || sev == "FALSE") {
			sev = "off"
		}
		out = append(out, RuleSetting{Rule: rk.Value, Severity: sev, Line: rk.Line})
	}
	return out, nil
}

// policy reads the policy key, a mapping of severities to actions and of
// the exemption lists.
func (c *Config) policy(v *yaml.Node) error {
	if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		return c.Errorf(v.Line, "policy: want a mapping (error:, warning:, info:, exempt-senders:, exempt-sasl-users:)")
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		pk, pv := v.Content[i], v.Content[i+1]
		if seen[pk.Value] {
			return c.Errorf(pk.Line, "policy: key %q is set twice", pk.Value)
		}
		seen[pk.Value] = true
		var err error
		p := &c.Policy
		switch pk.Value {
		case "error":
			p.Error, err = c.action(pk, pv)
		case "warning":
			p.Warning, err = c.action(pk, pv)
		case "info":
			p.Info, err = c.action(pk, pv)
		case "exempt-senders":
			p.ExemptSenders, err = c.list(&yaml.Node{Value: "policy: exempt-senders"}, pv)
		case "exempt-sasl-users":
			p.ExemptSASLUsers, err = c.list(&yaml.Node{Value: "policy: exempt-sasl-users"}, pv)
		default:
			return c.Errorf(pk.Line, "policy: unknown key %q (known keys: error, warning, info, exempt-senders, exempt-sasl-users)", pk.Value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// action reads the action for one severity.
func (c *Config) action(k, v *yaml.Node) (Entry, error) {
	want := strings.Join(Actions, ", ")
	if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
		return Entry{}, c.Errorf(v.Line, "policy: %s: want an action: %s", k.Value, want)
	}
	a := strings.ToLower(v.Value)
	if !slices.Contains(Actions, a) {
		return Entry{}, c.Errorf(v.Line, "policy: %s: %q is not an action: want %s", k.Value, v.Value, want)
	}
	return Entry{Value: a, Line: v.Line}, nil
}

// aliasLine returns the line of the first YAML alias (*name) in raw, or 0:
// a '*' that starts a token, outside quotes and comments.
func aliasLine(raw []byte) int {
	line := 1
	for len(raw) > 0 {
		end := bytes.IndexByte(raw, '\n')
		if end < 0 {
			end = len(raw)
		}
		if hasAlias(raw[:end]) {
			return line
		}
		raw = raw[min(end+1, len(raw)):]
		line++
	}
	return 0
}

// hasAlias reports whether a line holds a '*' at the start of a token,
// outside quoted scalars and comments.
func hasAlias(l []byte) bool {
	for i := 0; i < len(l); i++ {
		switch c := l[i]; {
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(l) && l[j] != c {
				if c == '"' && l[j] == '\\' {
					j++
				}
				j++
			}
			i = j
		case c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
			return false
		case c == '*' && (i == 0 || bytes.IndexByte([]byte(" \t[{,"), l[i-1]) >= 0):
			return true
		}
	}
	return false
}
