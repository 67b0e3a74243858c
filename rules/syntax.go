package rules

import (
	"fmt"
	"strings"

	"github.com/rcptlint/rcptlint/pkg/address"
	"github.com/rcptlint/rcptlint/pkg/lint"
)

// Syntax reports addresses that no mail server would accept.
type Syntax struct{ env *Env }

// Doc documents the syntax rule.
func (Syntax) Doc() lint.Doc {
	return lint.Doc{
		ID:       "syntax",
		Summary:  "The address is not a mailbox a mail server would accept",
		Severity: lint.Error,
		Explanation: `Checks each address against RFC 5321 and RFC 5322, with the
internationalized local parts of RFC 6531 and IDNA domains:

- the local part is a dot-atom (letters, digits and !#$%&'*+-/=?^_` + "`" + `{|}~,
  separated by single dots, none at either end) or a quoted string, and at
  most 64 octets; UTF-8 is allowed, invisible and control characters are not;
- the domain is at least two labels of letters, digits and hyphens, each at
  most 63 octets with no hyphen at either end, at most 255 octets in all, and
  converts to ASCII under IDNA;
- the whole address is at most 254 octets.

Two addresses with only white space or words between them (jane@x.com
bob@y.com) are one finding, at the first space: a list separates them with
',' or ';', a list file puts each on its own line.

The column of a finding points at the offending character. Where the repair
is obvious (a mailto: prefix, stray angle brackets, a trailing dot, a doubled
dot or '@', white space around the '@', a domain whose last dot was left
out when putting it back gives a trusted, well-known, known or registered
domain: gmailcom, irsgov) it is suggested. Each finding suggests its own
part: for ann@@gmial.com, syntax suggests ann@gmial.com and domain-typo
ann@@gmail.com, and --fix makes the two together, ann@gmail.com (an
ignore comment that drops one finding drops its part). The command's
readers take a mailto: link and the quotes and words around an address
apart before the rules see it, so in a file that is no finding; a program
that hands addresses to the rules itself gets one.

Address literals such as user@[192.0.2.1] are valid syntax but are reported
as a warning: bulk recipients are never written that way.`,
		Examples: []lint.Example{
			{Address: "a..b@example.com", Finding: "local part has two dots in a row"},
			{Address: "jane.@example.com", Finding: "local part ends with a dot"},
			{Address: "jane@-example.com", Finding: `domain label "-example" starts with a hyphen`},
			{Address: "jane@@example.com", Finding: "local part contains '@' (allowed only in a quoted local part); did you mean jane@example.com?"},
			{Address: "jane@[192.0.2.1]", Finding: "domain is an address literal (warning)"},
			{Address: `"jane doe"@example.com`},
			{Address: "jörg@müller.de"},
		},
		FalsePositives: `Quoted local parts and UTF-8 are accepted as the RFCs allow, even though
some providers refuse them. A private mail system that accepts one-label
domains (user@localhost) is out of scope: allow such addresses in
.rcptlint.yaml.`,
		Fixable: true,
	}
}

// CheckAddress validates one address.
func (r Syntax) CheckAddress(s *lint.Subject) []lint.Issue {
	if s.Plain {
		// Neither wrapped nor a bad local part: only the domain and the
		// length are left to check.
		if s.Domain.Err == nil && !s.Domain.Literal && len(s.Raw) <= address.MaxAddressLen {
			return nil
		}
	} else if is, ok := wrapping(s.Raw); ok {
		return []lint.Issue{is}
	}
	err := s.SplitErr
	if err == nil && !s.Plain {
		err = address.CheckLocal(s.Addr.Local)
	}
	switch {
	case err != nil:
	case s.Domain.Err != nil:
		e := *s.Domain.Err
		if e.Offset >= 0 {
			e.Offset += len(s.Addr.Local) + 1
		}
		err = &e
	case s.Domain.Literal:
		return []lint.Issue{{
			Message:  "domain is an address literal; bulk recipients are written with a domain name",
			Severity: lint.Warning,
			Offset:   len(s.Addr.Local) + 1,
		}}
	case len(s.Raw) > address.MaxAddressLen:
		err = &address.SyntaxError{Offset: -1, Msg: fmt.Sprintf("address is %d octets long; the limit is %d", len(s.Raw), address.MaxAddressLen)}
	default:
		return nil
	}
	if off, ok := address.Spaced(s.Raw); ok {
		// jane@x.com bob@y.com: the local part's '@' is the first
		// address's, and no repair of one address mends a list.
		return []lint.Issue{{
			Message: "two addresses with no ',' or ';' between them: separate them so, or put each on its own line",
			Offset:  off,
		}}
	}
	sugg := address.Repair(s.Raw)
	if sugg == "" && s.SplitErr == nil {
		sugg = r.dotLeftOut(s.Addr)
	}
	return []lint.Issue{{
		Message:    err.Msg,
		Suggestion: sugg,
		Offset:     max(err.Offset, 0),
	}}
}

// dotLeftOut repairs a domain whose last dot was left out (gmailcom,
// hotmailcouk, irsgov) when putting it back gives a domain someone named:
// trusted, well-known, known or registered (Env.Named; under trusted:
// [mil], tamil is no slip of ta.mil).
// A domain too long to be one with a dot added is not tried at every
// place, which would cost its length squared.
func (r Syntax) dotLeftOut(a address.Address) string {
	if r.env == nil || len(a.Domain) >= address.MaxDomainLen || strings.Contains(a.Domain, ".") || address.CheckLocal(a.Local) != nil {
		return ""
	}
	d := strings.ToLower(a.Domain)
	for i := len(d) - 2; i > 0; i-- {
		for _, cand := range []string{d[:i] + "." + d[i:], d[:i] + "." + d[i:i+2] + "." + d[i+2:]} {
			if r.env.Named(cand) {
				return a.Local + "@" + cand
			}
		}
	}
	return ""
}

// wrapping reports the slips that wrap a whole address: a mailto: prefix
// and angle brackets left over from a header.
func wrapping(raw string) (lint.Issue, bool) {
	msg := ""
	switch {
	case len(raw) >= 7 && strings.EqualFold(raw[:7], "mailto:"):
		msg = "address starts with mailto:, which belongs in links, not in a recipient list"
	case strings.HasPrefix(raw, "<") && !strings.HasSuffix(raw, ">"):
		msg = "address has a '<' with no matching '>'"
	case strings.HasSuffix(raw, ">") && !strings.HasPrefix(raw, "<"):
		msg = "address has a '>' with no matching '<'"
	default:
		return lint.Issue{}, false
	}
	off := 0
	if strings.HasSuffix(raw, ">") && !strings.HasPrefix(raw, "<") {
		off = len(raw) - 1
	}
	return lint.Issue{Message: msg, Suggestion: address.Repair(raw), Offset: off}, true
}
