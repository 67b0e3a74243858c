// Package rcptlint is the Go API of rcptlint for programs that send mail:
// check a batch of recipient addresses before the send and get the same
// findings the command line prints.
//
//	l, err := rcptlint.New(rcptlint.Options{Trusted: []string{"example.com"}})
//	...
//	for _, f := range l.Check(recipients...) {
//		log.Printf("%s: %s (did you mean %s?)", f.Address, f.Message, f.Suggestion)
//	}
//
// With a Resolver (Options.Resolver), Check looks the distinct domains of
// its recipients up together, those of a thousand or so addresses at a
// time, so that it waits for the slowest lookup of each, not for the sum:
// give it all of a send's recipients in one call, as a call per recipient
// waits for each lookup in turn. A program that drives the engine of
// package lint itself (lint.Engine.Check waits for its address's lookups)
// prefetches with lint.Engine.Prefetch, or uses a lint.Stream.
//
// To parse or validate a single address, use package address.
package rcptlint

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/rcptlint/rcptlint/pkg/address"
	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// Finding is one problem found at one address. Its Line is the 1-based
// position of the address in the batch and Column its byte column there.
type Finding = lint.Finding

// Severity ranks findings: lint.Info, lint.Warning, lint.Error.
type Severity = lint.Severity

// Options configure a Linter, as the keys of .rcptlint.yaml do.
type Options struct {
	// Trusted domains and suffixes: near misses of these are errors.
	Trusted []string
	// Known domains are never reported as typos.
	Known []string
	// Allow lists addresses and domains that no rule reports.
	Allow []string
	// SensitiveTLDs lists TLDs and preset names.
	SensitiveTLDs []string
	// Rules overrides rule severities by rule ID: "error", "warning",
	// "info" or "off".
	Rules map[string]string
	// Resolver, when not nil, is asked about each distinct domain of a
	// batch, as the command line's --dns does: the no-mail rule reports
	// domains that cannot receive mail, and suspected typos say whether
	// their domain exists. resolve.New gives a DNS client, and
	// resolve.OpenCache a cache on disk in front of it. Nil keeps Check
	// off the network.
	Resolver domain.Resolver
}

// Linter checks batches of addresses. It is safe for concurrent use: each
// Check runs on its own engine.
type Linter struct {
	env      *rules.Env
	severity map[string]lint.Severity
	allow    []string
	resolver domain.Resolver
}

// New validates the options and returns a Linter.
func New(o Options) (*Linter, error) {
	env, err := rules.NewEnv(rules.Options{Trusted: o.Trusted, Known: o.Known, Sensitive: o.SensitiveTLDs})
	if err != nil {
		return nil, err
	}
	l := &Linter{env: env, severity: map[string]lint.Severity{}, allow: o.Allow, resolver: o.Resolver}
	// In name order, so that of several bad entries the error names the
	// same one every time.
	for _, id := range slices.Sorted(maps.Keys(o.Rules)) {
		sev, err := lint.ParseSeverity(o.Rules[id])
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", id, err)
		}
		l.severity[id] = sev
	}
	if _, err := l.engine(context.Background()); err != nil {
		return nil, err
	}
	return l, nil
}

func (l *Linter) engine(ctx context.Context) (*lint.Engine, error) {
	o := lint.Options{Rules: rules.All(l.env), Severity: l.severity, Allow: l.allow}
	if l.resolver != nil {
		o.Resolver, o.Context = l.resolver, ctx
	}
	return lint.New(o)
}

// Check lints a batch of recipients and returns the findings in input
// order. Each string is one address or an RFC 5322 address list
// ("Jane <jane@example.com>, bob@example.org").
func (l *Linter) Check(recipients ...string) []Finding {
	return l.CheckContext(context.Background(), recipients...)
}

// CheckContext is Check with a context that ends the DNS lookups of a
// Linter with a Resolver: once it is done, domains not yet looked up carry
// no evidence.
func (l *Linter) CheckContext(ctx context.Context, recipients ...string) []Finding {
	e, err := l.engine(ctx)
	if err != nil {
		// New has built an engine from the same options already.
		panic(err)
	}
	var out []Finding
	collect := func(f *lint.Finding) { out = append(out, f.Clone()) }
	check := func(raw string, loc lint.Location) { e.Check(raw, loc, collect) }
	var stream *lint.Stream
	if l.resolver != nil {
		// A stream looks the domains of many addresses up at once, where
		// Check would wait for each in turn.
		stream = e.Stream(lint.StreamOptions{}, func(c *lint.Checked) {
			for i := range c.Findings {
				out = append(out, c.Findings[i].Clone())
			}
		})
		check = stream.Check
	}
	for i, r := range recipients {
		address.ScanList(r, func(s address.Span) bool {
			check(r[s.Start:s.End], lint.Location{File: lint.ArgsFile, Source: 0, Line: i + 1, Column: s.Start + 1})
			return true
		})
	}
	if stream != nil {
		stream.Close()
	}
	e.Finish(collect)
	return out
}
