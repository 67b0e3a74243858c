package lint

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"

	"github.com/rcptlint/rcptlint/pkg/address"
	"github.com/rcptlint/rcptlint/pkg/domain"
)

// Location is where an address was found.
type Location struct {
	// File is the input's name: a path, "-" for standard input, or
	// ArgsFile for addresses given on the command line.
	File string
	// Source is the input's position among the run's inputs, from 0; it
	// orders findings of different inputs.
	Source int
	// Line is the 1-based line (the argument's 1-based index for ArgsFile).
	Line int
	// Column is the 1-based byte column in the physical line.
	Column int
	// Char is the same column counted in Unicode code points, for formats
	// that count characters (SARIF); 0 when the reader did not count.
	Char int
	// Opaque tells that the address located here is not written on its
	// line as it reads: decoded from an encoding, unescaped, or unfolded
	// across lines. A finding inside it is then located at its start,
	// since an offset into the address is no offset into the line, and
	// its length there is not the address's.
	Opaque bool
}

// CharColumn returns Char, or Column when Char was not counted.
func (l Location) CharColumn() int {
	if l.Char == 0 {
		return l.Column
	}
	return l.Char
}

// ArgsFile is the File of addresses given as command-line arguments.
const ArgsFile = "<args>"

// Before reports whether l comes before m in input order.
func (l Location) Before(m Location) bool {
	if l.Source != m.Source {
		return l.Source < m.Source
	}
	if l.Line != m.Line {
		return l.Line < m.Line
	}
	return l.Column < m.Column
}

// Finding is one problem found at one address.
type Finding struct {
	Location
	// Address is the address as written.
	Address string
	// Rule is the ID of the rule that found the problem.
	Rule string
	// Severity is the effective severity.
	Severity Severity
	// Message says what is wrong.
	Message string
	// Suggestion is the whole address that was probably meant, or "".
	Suggestion string
	// Fixable reports whether the suggestion may be applied unattended.
	Fixable bool
	// AddressAt is where the address itself starts; Location may point
	// inside it, at the character at fault.
	AddressAt Location
}

// Clone returns a copy of f that holds no view of the input or of a rule's
// buffers: a finding handed to a callback (Check, a Stream's deliver) is
// valid only during the call, and one kept past it must be cloned.
func (f *Finding) Clone() Finding {
	c := *f
	c.Address = strings.Clone(f.Address)
	c.Message = strings.Clone(f.Message)
	c.Suggestion = strings.Clone(f.Suggestion)
	return c
}

// Options configure an Engine.
type Options struct {
	// Rules to run, in order of precedence: when two domain rules suggest a
	// different domain for one address, only the earlier one reports it.
	Rules []Rule
	// Severity overrides rules' severities by ID; Off disables a rule.
	Severity map[string]Severity
	// Allow lists addresses and domains that no rule reports. A domain
	// entry covers its subdomains too.
	Allow []string
	// Resolver, when not nil, gathers DNS evidence about every distinct
	// valid domain: it is set in the facts the batch rules see
	// (domain.Facts.Mail) and weighs the domain rules' slips (see weigh).
	// Nil keeps the run off the network.
	Resolver domain.Resolver
	// Context ends the lookups; nil means context.Background. Once it is
	// done, domains not yet known carry no evidence.
	Context context.Context
}

// maxCachedDomains bounds the per-domain cache. Past it the cache starts
// afresh, so that input with endless distinct domains cannot exhaust memory.
const maxCachedDomains = 1 << 16

// Engine runs rules over addresses. Check and Finish are not safe for
// concurrent use; a Stream spreads the per-address work of one Engine over
// several goroutines.
type Engine struct {
	addressRules []boundRule[AddressRule]
	domainRules  []boundRule[DomainRule]
	batches      []boundBatch

	allowAddr   map[string]bool
	allowDomain map[string]bool

	domains   *domainTable
	judges    []*boundBatch // the batch rules that judge each address in order
	alone     int           // how many judges, first, are EvidenceBatches
	observers []Batch       // the other batch rules
	subject   Subject       // Check's, reused
	found     []Finding
	stats     Stats
	ev        *evidence // nil when DNS is off
}

type boundRule[R Rule] struct {
	rule     R
	doc      Doc
	override Severity
}

type boundBatch struct {
	boundRule[BatchRule]
	batch   Batch
	ordered OrderedBatch // the batch, when it judges each address in order
}

// domainResult is everything the engine knows about one written domain.
// It is never changed once made, so any goroutine may read it.
type domainResult struct {
	facts *domain.Facts
	// keyHash is the domain's half of a mailbox key, a hash of its ASCII
	// name (of the domain as written in lower case when it has none); it
	// also tells distinct domains apart for Stats.
	keyHash  uint64
	id       int
	allowed  bool
	issues   []ruleIssue
	suggests bool // an issue suggests another domain
	noMail   bool // Subject.NoMail
	// dns, when DNS evidence is gathered, holds the lookups of the domain
	// and of the domains its issues say were meant, and the facts and
	// issues once weighed with their answers.
	dns *pendingDNS
}

type ruleIssue struct {
	rule  int // index into Engine.domainRules
	issue Issue
}

// Stats counts what a run has seen.
type Stats struct {
	Addresses int
	// Domains counts the distinct domains: exactly up to 262,144, and
	// past that as an estimate (a standard error of 0.8%), DomainsEstimated
	// set.
	Domains          int
	DomainsEstimated bool
	Errors           int
	Warnings         int
	Infos            int
}

// New returns an engine for the given options. It fails on a severity
// override for a rule that does not exist.
func New(o Options) (*Engine, error) {
	e := &Engine{
		allowAddr:   map[string]bool{},
		allowDomain: map[string]bool{},
		domains:     newDomainTable(),
	}
	if o.Resolver != nil {
		e.ev = newEvidence(o.Context, o.Resolver)
	}
	known := map[string]bool{}
	for _, r := range o.Rules {
		doc := r.Doc()
		known[doc.ID] = true
		override, set := o.Severity[doc.ID]
		if set && override == Off {
			continue
		}
		if err := e.add(r, doc, override); err != nil {
			return nil, err
		}
	}
	// In name order, so that of several unknown rules the error names the
	// same one every time.
	for _, id := range slices.Sorted(maps.Keys(o.Severity)) {
		if !known[id] {
			return nil, fmt.Errorf("unknown rule %q", id)
		}
	}
	for _, a := range o.Allow {
		e.addAllow(a)
	}
	for i := range e.batches {
		if b := &e.batches[i]; b.ordered != nil {
			if _, alone := b.batch.(EvidenceBatch); alone {
				e.judges = slices.Insert(e.judges, e.alone, b)
				e.alone++
				continue
			}
			e.judges = append(e.judges, b)
		} else {
			e.observers = append(e.observers, b.batch)
		}
	}
	return e, nil
}

func (e *Engine) add(r Rule, doc Doc, override Severity) error {
	switch r := r.(type) {
	case AddressRule:
		e.addressRules = append(e.addressRules, boundRule[AddressRule]{r, doc, override})
	case DomainRule:
		e.domainRules = append(e.domainRules, boundRule[DomainRule]{r, doc, override})
	case BatchRule:
		b := r.NewBatch()
		ordered, _ := b.(OrderedBatch)
		e.batches = append(e.batches, boundBatch{boundRule[BatchRule]{r, doc, override}, b, ordered})
	default:
		return fmt.Errorf("rule %q implements no check", doc.ID)
	}
	return nil
}

func (e *Engine) addAllow(entry string) {
	entry = strings.ToLower(strings.TrimSpace(entry))
	if a, err := address.Split(entry); err == nil && strings.Contains(entry, "@") {
		e.allowAddr[a.Local+"@"+asciiDomain(a.Domain)] = true
		return
	}
	e.allowDomain[asciiDomain(strings.TrimPrefix(entry, "@"))] = true
}

func asciiDomain(d string) string {
	if a, err := idna.Lookup.ToASCII(d); err == nil {
		return a
	}
	return d
}

// Check lints one address found at loc and calls emit for each finding, in
// rule order. The finding is valid only during the call.
//
// raw may be a view of a buffer the caller reuses: the engine copies what
// it keeps, and rules must not keep the Subject or its strings past the
// call (batch rules copy what they store).
//
// With a Resolver, Check waits for the DNS lookups of raw's domain: see
// Prefetch to check many addresses one at a time.
func (e *Engine) Check(raw string, loc Location, emit func(*Finding)) {
	// One Subject for every call: rules take it through an interface, which
	// would otherwise move it to the heap for each address.
	s := &e.subject
	e.found = e.check(raw, 0, nil, &loc, s, e.found[:0])
	e.found, _ = e.see(s, &loc, e.found)
	e.stats.Addresses++
	for i := range e.found {
		e.count(&e.found[i])
		emit(&e.found[i])
	}
}

// Prefetch starts the DNS lookups of raw's domain, and of the domains its
// slips were taken for, when the engine has a Resolver and the domain is
// new, and returns at once: a later Check of an address of that domain
// finds them under way. Check waits for its domain's lookups, so a caller
// that checks many addresses one at a time should prefetch them first (a
// window of a few thousand ahead, as each lookup under way holds a
// goroutine), and the checks then wait for the slowest lookup, not for
// the sum of them. A Stream does this by itself. Without a Resolver,
// Prefetch does nothing.
func (e *Engine) Prefetch(raw string) {
	if e.ev != nil {
		e.prefetch(raw, 0)
	}
}

// check runs the address and domain rules on raw, filling s for the batch
// rules, and appends the findings to out. An at above 0 says raw is a
// plain address split there; a res not nil is the result of its domain,
// found already. A Stream's workers call it at once: it only reads the
// engine, but for the domain table, which guards itself.
func (e *Engine) check(raw string, at int, res *domainResult, loc *Location, s *Subject, out []Finding) []Finding {
	*s = Subject{Raw: raw}
	switch {
	case at > 0:
		s.Addr, s.Plain = address.Address{Local: raw[:at], Domain: raw[at+1:]}, true
	default:
		if s.Addr, s.Plain = address.SplitPlain(raw); !s.Plain {
			s.Addr, s.SplitErr = address.Split(raw)
		}
	}
	if s.SplitErr == nil {
		if res == nil {
			res = e.domains.get(s.Addr.Domain, e)
		}
		if res.dns != nil {
			res = res.dns.weighed(res)
		}
		s.Domain = res.facts
		s.DomainID = res.id
		s.Suggested = res.suggests
		s.NoMail = res.noMail
		s.Mailbox = mailboxKey(s.Addr.Local, res.keyHash)
		if res.allowed || e.allowedAddress(s) {
			s.Allowed = true
			return out
		}
	}
	from := len(out)
	for i := range e.addressRules {
		// By pointer: a bound rule holds its whole Doc, and a copy of it
		// for each address cost 33 instructions an address in all.
		br := &e.addressRules[i]
		for _, is := range br.rule.CheckAddress(s) {
			out = append(out, e.finding(&br.doc, br.override, is, raw, is.Suggestion, *loc))
		}
	}
	if from < len(out) && !s.Plain {
		if _, spaced := address.Spaced(raw); spaced {
			// Two addresses, said once: a domain rule would take
			// "ann@x.com bob" for the local part of the second.
			return out
		}
	}
	if len(e.allowAddr) > 0 && e.repairAllowed(out[from:], s) {
		// A repair to an address the user allows (ann@@gmial.com, with
		// --allow ann@gmial.com): its domain is theirs, no slip.
		return out
	}
	if res != nil {
		for _, ri := range res.issues {
			br := &e.domainRules[ri.rule]
			sugg := ""
			if ri.issue.Suggestion != "" {
				sugg = s.Addr.Local + "@" + ri.issue.Suggestion
			}
			out = append(out, e.finding(&br.doc, br.override, ri.issue, raw, sugg, *loc))
		}
	}
	return out
}

// prefetch finds the domain of raw, and so starts its DNS lookup when it
// is new. It returns where raw's '@' is when raw is a plain address (at
// when it was known, else 0), and the domain's result (nil when raw has
// no domain), for check not to look again.
func (e *Engine) prefetch(raw string, at int) (int, *domainResult) {
	if at == 0 {
		a, plain := address.SplitPlain(raw)
		if !plain {
			if a, err := address.Split(raw); err == nil {
				return 0, e.domains.get(a.Domain, e)
			}
			return 0, nil
		}
		at = len(a.Local)
	}
	return at, e.domains.get(raw[at+1:], e)
}

// see lets the batch rules see one address, in input order: the ordered
// ones judge it, and their findings are appended to out; the others
// observe it. It also returns how many of the findings it appended judge
// the address on its own (those of the EvidenceBatches, first). The
// caller counts the address in e.stats.
func (e *Engine) see(s *Subject, loc *Location, out []Finding) ([]Finding, int) {
	for _, b := range e.observers {
		b.Observe(s, *loc)
	}
	from, alone := len(out), 0
	for i, b := range e.judges {
		for _, is := range b.ordered.Judge(s, *loc) {
			out = append(out, e.finding(&b.doc, b.override, is, s.Raw, is.Suggestion, *loc))
		}
		if i < e.alone {
			alone = len(out) - from
		}
	}
	return out, alone
}

// Finish ends the run: batch rules report what they found. The DNS
// lookups still running, which no address waits for, are cancelled, and
// the per-domain cache is let go, for the batch rules to have its memory.
func (e *Engine) Finish(emit func(*Finding)) {
	if e.ev != nil {
		e.ev.end()
	}
	e.domains.release()
	for i := range e.batches {
		b := &e.batches[i]
		b.batch.Finish(func(loc Location, addr string, is Issue) {
			f := e.finding(&b.doc, b.override, is, strings.Clone(addr), is.Suggestion, loc)
			e.count(&f)
			emit(&f)
		})
	}
}

// Stats returns the counts so far.
func (e *Engine) Stats() Stats {
	st := e.stats
	e.domains.mu.Lock()
	st.Domains, st.DomainsEstimated = e.domains.names.count()
	e.domains.mu.Unlock()
	return st
}

func (e *Engine) count(f *Finding) {
	switch f.Severity {
	case Error:
		e.stats.Errors++
	case Warning:
		e.stats.Warnings++
	case Info:
		e.stats.Infos++
	}
}

// finding stamps a rule's issue with the rule, its effective severity and
// the location.
func (e *Engine) finding(doc *Doc, override Severity, is Issue, raw, sugg string, loc Location) Finding {
	sev := doc.Severity
	switch {
	case override != Off:
		sev = override
	case is.Severity != Off:
		sev = is.Severity
	}
	at := loc
	if loc.Opaque {
		is.Offset = 0
	}
	loc.Column += is.Offset
	if is.Offset > 0 && loc.Char > 0 {
		loc.Char += utf8.RuneCountInString(raw[:min(is.Offset, len(raw))])
	}
	return Finding{
		AddressAt:  at,
		Location:   loc,
		Address:    raw,
		Rule:       doc.ID,
		Severity:   sev,
		Message:    is.Message,
		Suggestion: sugg,
		Fixable:    doc.Fixable && sugg != "" && !is.Unsure,
	}
}

// repairAllowed reports whether one of fs, an address's findings, repairs
// it to an allowed address with the domain as written.
func (e *Engine) repairAllowed(fs []Finding, s *Subject) bool {
	for i := range fs {
		r := fs[i].Suggestion
		at := strings.LastIndexByte(r, '@')
		if at >= 0 && strings.EqualFold(r[at+1:], s.Addr.Domain) && e.allowedLocal(r[:at], s) {
			return true
		}
	}
	return false
}

func (e *Engine) allowedAddress(s *Subject) bool {
	return len(e.allowAddr) > 0 && e.allowedLocal(s.Addr.Local, s)
}

// allowedLocal reports whether local at s's domain is an allowed address.
func (e *Engine) allowedLocal(local string, s *Subject) bool {
	name := s.Domain.Name
	if name == "" {
		name = strings.ToLower(s.Addr.Domain)
	}
	return e.allowAddr[strings.ToLower(local)+"@"+name]
}

// analyze computes what the engine knows about a written domain: its facts
// and every domain rule's issues.
func (e *Engine) analyze(written string) *domainResult {
	f := domain.Analyze(written)
	key := f.Name
	if key == "" {
		key = strings.ToLower(written)
	}
	r := &domainResult{facts: f, keyHash: domainKeyHash(key)}
	r.allowed = e.allowedDomain(f.Name)
	if f.Valid() && !r.allowed {
		r.issues = e.checkDomain(f)
		for _, ri := range r.issues {
			r.suggests = r.suggests || ri.issue.Suggestion != ""
		}
	}
	if e.ev != nil && f.Valid() && !r.allowed {
		r.dns = e.ev.pending(f.Name, r.issues)
	}
	return r
}

func (e *Engine) allowedDomain(name string) bool {
	for name != "" {
		if e.allowDomain[name] {
			return true
		}
		dot := strings.IndexByte(name, '.')
		if dot < 0 {
			return false
		}
		name = name[dot+1:]
	}
	return false
}

// checkDomain runs the domain rules on f. A domain rule's suggestion says
// which domain was meant instead, so two suggesting rules see one slip:
// only the first, in precedence order, reports it, at the highest severity
// any rule that suggested the same repair gave it; a rule suggesting
// another repair contradicts it and is dropped. Issues without a
// suggestion (policy findings) are kept, but for a remark that names a
// domain it takes for meant without suggesting it (Meant: tld-typo's
// "'.cm' is one letter from '.com'; x.com is no domain rcptlint knows"),
// which a suggestion of another rule for the same domain makes one
// finding too many: the slip is reported once.
func (e *Engine) checkDomain(f *domain.Facts) []ruleIssue {
	var out []ruleIssue
	kept, remarks := -1, 0
	for i := range e.domainRules {
		br := &e.domainRules[i]
		for _, is := range br.rule.CheckDomain(f) {
			if is.Suggestion == "" {
				if is.Meant != "" {
					remarks++
				}
				out = append(out, ruleIssue{i, is})
				continue
			}
			if kept < 0 {
				kept = len(out)
				out = append(out, ruleIssue{i, is})
				continue
			}
			if first := &out[kept]; first.issue.Suggestion == is.Suggestion {
				sev := e.issueSeverity(first.rule, first.issue)
				first.issue.Severity = max(sev, e.issueSeverity(i, is))
			}
		}
	}
	if kept >= 0 && remarks > 0 {
		out = slices.DeleteFunc(out, func(ri ruleIssue) bool {
			return ri.issue.Suggestion == "" && ri.issue.Meant != ""
		})
	}
	return out
}

// issueSeverity is the severity a domain rule's issue has before any
// configured override.
func (e *Engine) issueSeverity(rule int, is Issue) Severity {
	if is.Severity != Off {
		return is.Severity
	}
	return e.domainRules[rule].doc.Severity
}
