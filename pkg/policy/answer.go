package policy

import (
	"strings"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// maxText bounds the text of an answer, in bytes. Postfix puts it in an
// SMTP reply behind the code and the recipient, and a reply line may be
// 512 bytes (RFC 5321); in a header it is far below the 998 of RFC 5322.
const maxText = 200

// Response is the answer to send Postfix: one action line and the empty
// line that ends it. Its text is printable ASCII of at most maxText bytes,
// whatever the request held.
//
// A refusal carries an enhanced status code: X.1.1 (bad destination
// mailbox) when the finding suggests the address meant, X.7.1 (refused by
// policy) otherwise.
func (d Decision) Response() string {
	if d.Action == Dunno || d.Finding == nil {
		return "action=DUNNO\n\n"
	}
	text := d.Text()
	detail := "7.1"
	if d.Finding.Suggestion != "" {
		detail = "1.1"
	}
	switch d.Action {
	case Reject:
		return "action=550 5." + detail + " " + text + "\n\n"
	case Defer:
		return "action=450 4." + detail + " " + text + "\n\n"
	case Hold:
		return "action=HOLD " + text + "\n\n"
	case Prepend:
		return "action=PREPEND X-Rcptlint: " + text + "\n\n"
	case Warn:
		return "action=WARN " + text + "\n\n"
	}
	return "action=DUNNO\n\n"
}

// Text says what was found, for Postfix's reply, log or header: the
// rule, its message and the suggestion, escaped to printable ASCII and cut
// to maxText bytes: the message is cut ("...") to keep the suggestion whole,
// unless the suggestion alone would take half of it. The message is
// escaped text already (a control character in it reads \x1b), so only
// what is not printable ASCII is escaped in it, and its backslashes are
// kept; the suggestion is an address as written, so its backslashes are
// doubled, and an escape in it is always one of a character it holds.
func (d Decision) Text() string {
	if d.Finding == nil {
		return ""
	}
	f := d.Finding
	if f.Fixable || f.Suggestion == "" {
		return text(f, "; did you mean ", "?")
	}
	// The likeliest of several (Fixable false: hotmail.fe, hotmail.de or
	// hotmail.fr) keeps its doubt however the message is cut: the message
	// says it when it is whole, the suggestion's words when it is not.
	const doubt = "check which was meant"
	if t := text(f, "; perhaps ", ""); !strings.Contains(t, "...; perhaps") && strings.Contains(f.Message, doubt) {
		return t
	}
	t := text(f, "; "+doubt+": perhaps ", "")
	if strings.Count(t, doubt) > 1 {
		// The suggestion too long to show, the words alone were left, and
		// the message, whole, says them already.
		t = strings.TrimSuffix(t, "; "+doubt)
	}
	return t
}

// text writes a finding's rule, severity and message, and its suggestion
// between before and after: the suggestion is what a sender acts on, so
// it is kept whole and the message cut to make room for it, unless it is
// itself too long, when the words before it stay alone if they make a
// doubt of it.
func text(f *lint.Finding, before, after string) string {
	var tail asciiBuilder
	if f.Suggestion != "" {
		tail.limit = maxText / 2
		tail.raw(before)
		tail.escaped(f.Suggestion, true)
		tail.raw(after)
		if tail.cut {
			tail = asciiBuilder{limit: maxText / 2}
			if doubt, ok := strings.CutSuffix(before, ": perhaps "); ok {
				tail.raw(doubt)
			}
		}
	}
	var b asciiBuilder
	b.limit = maxText - len("...") - tail.sb.Len()
	b.raw("rcptlint " + f.Rule + " " + f.Severity.String() + ": ")
	b.escaped(f.Message, false)
	if b.cut {
		b.sb.WriteString("...")
	}
	b.sb.WriteString(tail.sb.String())
	return b.sb.String()
}

// asciiBuilder writes printable ASCII up to a limit: every other byte or
// character is written as a \xNN, \uNNNN or \UNNNNNNNN escape, and a
// piece that would pass the limit is dropped with everything after it.
type asciiBuilder struct {
	sb    strings.Builder
	limit int
	cut   bool
}

func (b *asciiBuilder) raw(s string) {
	if b.cut || b.sb.Len()+len(s) > b.limit {
		b.cut = true
		return
	}
	b.sb.WriteString(s)
}

// escaped writes s escaped, a backslash as \\ when backslashes is set.
func (b *asciiBuilder) escaped(s string, backslashes bool) {
	const hex = "0123456789abcdef"
	var esc [10]byte
	for i := 0; i < len(s) && !b.cut; {
		c := s[i]
		if c >= 0x20 && c < 0x7f && (c != '\\' || !backslashes) {
			b.raw(s[i : i+1])
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		piece := esc[:0]
		switch {
		case c == '\\':
			piece = append(piece, '\\', '\\')
		case r == utf8.RuneError && size <= 1, r < 0x80:
			piece = append(piece, '\\', 'x', hex[c>>4], hex[c&0xf])
		case r > 0xffff:
			piece = append(piece, '\\', 'U')
			for shift := 28; shift >= 0; shift -= 4 {
				piece = append(piece, hex[(r>>shift)&0xf])
			}
		default:
			piece = append(piece, '\\', 'u')
			for shift := 12; shift >= 0; shift -= 4 {
				piece = append(piece, hex[(r>>shift)&0xf])
			}
		}
		b.raw(string(piece))
		i += size
	}
}
