package policy

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// testPolicy returns a policy with the real rules, mil trusted.
func testPolicy(tb testing.TB, o Options) *Policy {
	tb.Helper()
	env, err := rules.NewEnv(rules.Options{Trusted: []string{"mil"}, Sensitive: []string{"ru"}})
	if err != nil {
		tb.Fatal(err)
	}
	o.Engine, err = lint.New(lint.Options{Rules: rules.All(env), Allow: []string{"allowed.ml"}})
	if err != nil {
		tb.Fatal(err)
	}
	p, err := New(o)
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// checkResponse fails unless resp is one action line of printable ASCII,
// within the text bound, and an empty line.
func checkResponse(t *testing.T, resp string) {
	t.Helper()
	line, ok := strings.CutSuffix(resp, "\n\n")
	if !ok || !strings.HasPrefix(line, "action=") {
		t.Fatalf("response %q is not an action line and an empty line", resp)
	}
	for i := 0; i < len(line); i++ {
		if c := line[i]; c < 0x20 || c > 0x7e {
			t.Fatalf("response %q has byte %#x", resp, c)
		}
	}
	if len(line) > len("action=PREPEND X-Rcptlint: ")+maxText {
		t.Fatalf("response of %d bytes: %q", len(line), line)
	}
}

func rcpt(recipient string) *Request {
	return &Request{Request: "smtpd_access_policy", ProtocolState: "RCPT", Recipient: recipient, Sender: "me@example.com"}
}

func TestDecide(t *testing.T) {
	p := testPolicy(t, Options{
		ExemptSenders:   []string{"boss@example.org", "@partner.example", "exempt.example"},
		ExemptSASLUsers: []string{"robot"},
	})
	with := func(r *Request, f func(*Request)) *Request { f(r); return r }
	for _, tc := range []struct {
		name     string
		req      *Request
		action   Action
		rule     string
		response string
	}{
		{"slip of a trusted .mil is held", rcpt("j.smith@army.ml"), Hold, "tld-typo",
			"action=HOLD rcptlint tld-typo error: '.ml' is the country domain of Mali, one letter from '.mil' (army.mil is a trusted domain); did you mean j.smith@army.mil?\n\n"},
		{"warning is logged by Postfix", rcpt("someone@gmial.com"), Warn, "domain-typo", "action=WARN rcptlint domain-typo warning: "},
		{"clean", rcpt("someone@example.com"), Dunno, "", "action=DUNNO\n\n"},
		{"allow list", rcpt("x@allowed.ml"), Dunno, "", "action=DUNNO\n\n"},
		{"lower-case state", with(rcpt("j.smith@army.ml"), func(r *Request) { r.ProtocolState = "rcpt" }), Hold, "tld-typo", "action=HOLD"},
		{"not RCPT", with(rcpt("j.smith@army.ml"), func(r *Request) { r.ProtocolState = "DATA" }), Dunno, "", "action=DUNNO\n\n"},
		{"missing request=", with(rcpt("j.smith@army.ml"), func(r *Request) { r.Request = "" }), Dunno, "", "action=DUNNO\n\n"},
		{"malformed", with(rcpt("j.smith@army.ml"), func(r *Request) { r.Malformed = "x" }), Dunno, "", "action=DUNNO\n\n"},
		{"no recipient", rcpt(""), Dunno, "", "action=DUNNO\n\n"},
		{"local recipient", rcpt("root@localhost"), Dunno, "", "action=DUNNO\n\n"},
		{"bare local recipient", rcpt("postmaster"), Dunno, "", "action=DUNNO\n\n"},
		{"host name with a final dot", rcpt("root@mailhost."), Dunno, "", "action=DUNNO\n\n"},
		{"exempt sender", with(rcpt("j.smith@army.ml"), func(r *Request) { r.Sender = "Boss@Example.org" }), Dunno, "", "action=DUNNO\n\n"},
		{"exempt sender domain", with(rcpt("j.smith@army.ml"), func(r *Request) { r.Sender = "a@mail.partner.example" }), Dunno, "", "action=DUNNO\n\n"},
		{"exempt sender domain without @", with(rcpt("j.smith@army.ml"), func(r *Request) { r.Sender = "a@exempt.example" }), Dunno, "", "action=DUNNO\n\n"},
		{"other sender at an exempt name", with(rcpt("j.smith@army.ml"), func(r *Request) { r.Sender = "boss@example.org.evil" }), Hold, "tld-typo", "action=HOLD"},
		{"exempt SASL user", with(rcpt("j.smith@army.ml"), func(r *Request) { r.SASLUsername = "robot" }), Dunno, "", "action=DUNNO\n\n"},
		{"SASL user case matters", with(rcpt("j.smith@army.ml"), func(r *Request) { r.SASLUsername = "Robot" }), Hold, "tld-typo", "action=HOLD"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := p.Decide(tc.req)
			if d.Action != tc.action {
				t.Errorf("action %v, want %v (%+v)", d.Action, tc.action, d)
			}
			rule := ""
			if d.Finding != nil {
				rule = d.Finding.Rule
			}
			if rule != tc.rule {
				t.Errorf("rule %q, want %q", rule, tc.rule)
			}
			resp := d.Response()
			checkResponse(t, resp)
			if !strings.HasPrefix(resp, tc.response) {
				t.Errorf("response %q, want it to start with %q", resp, tc.response)
			}
		})
	}
}

func TestResponseActions(t *testing.T) {
	for _, tc := range []struct {
		action Action
		rcpt   string
		want   string
	}{
		{Reject, "j.smith@army.ml", "action=550 5.1.1 rcptlint tld-typo error: "},
		{Defer, "j.smith@army.ml", "action=450 4.1.1 rcptlint tld-typo error: "},
		{Hold, "j.smith@army.ml", "action=HOLD rcptlint tld-typo error: "},
		{Prepend, "j.smith@army.ml", "action=PREPEND X-Rcptlint: rcptlint tld-typo error: "},
		{Warn, "j.smith@army.ml", "action=WARN rcptlint tld-typo error: "},
		{Dunno, "j.smith@army.ml", "action=DUNNO\n\n"},
		// No suggestion: refused by policy, not a bad mailbox.
		{Reject, "x@example.ru", "action=550 5.7.1 rcptlint sensitive-tld warning: "},
		{Defer, "x@example.ru", "action=450 4.7.1 rcptlint sensitive-tld warning: "},
	} {
		p := testPolicy(t, Options{Actions: map[lint.Severity]Action{lint.Error: tc.action, lint.Warning: tc.action}})
		resp := p.Decide(rcpt(tc.rcpt)).Response()
		checkResponse(t, resp)
		if !strings.HasPrefix(resp, tc.want) {
			t.Errorf("%v %s: %q, want it to start with %q", tc.action, tc.rcpt, resp, tc.want)
		}
	}
}

// TestResponseEscapedAndBounded: whatever the recipient holds, the answer
// is one line of printable ASCII within the bound.
func TestResponseEscapedAndBounded(t *testing.T) {
	p := testPolicy(t, Options{Actions: map[lint.Severity]Action{lint.Error: Reject, lint.Warning: Reject, lint.Info: Reject}})
	for _, r := range []string{
		"x@раураl.com",
		"a\nb@army.ml",
		"a\r\naction=OK\n\n@army.ml",
		"\xff\xfe@army.ml",
		"a\\b@army.ml",
		strings.Repeat("é", 300) + "@army.ml",
		strings.Repeat("a", 5000) + "@army.ml",
		"x@" + strings.Repeat("\u202e", 100) + ".ml",
	} {
		d := p.Decide(rcpt(r))
		if d.Action != Reject {
			t.Errorf("%q: action %v, want a finding rejected", r, d.Action)
		}
		checkResponse(t, d.Response())
	}
}

// TestTextKeepsTheSuggestion: a long message is cut, not the address the
// sender should write instead.
func TestTextKeepsTheSuggestion(t *testing.T) {
	f := &lint.Finding{Rule: "tld-typo", Severity: lint.Error, Message: strings.Repeat("a long explanation ", 20), Suggestion: "x@hotmail.com", Fixable: true}
	text := Decision{Action: Reject, Finding: f}.Text()
	if len(text) > maxText || !strings.HasSuffix(text, "...; did you mean x@hotmail.com?") {
		t.Errorf("text (%d bytes) %q: want at most %d bytes ending in the suggestion", len(text), text, maxText)
	}
	// The likeliest of several keeps its doubt, which the cut message
	// may have held.
	f.Fixable = false
	text = Decision{Action: Reject, Finding: f}.Text()
	if len(text) > maxText || !strings.HasSuffix(text, "...; check which was meant: perhaps x@hotmail.com") {
		t.Errorf("text (%d bytes) %q: want at most %d bytes ending in the doubt and the suggestion", len(text), text, maxText)
	}
	// Whole, the message says the doubt itself, once.
	short := &lint.Finding{Rule: "unknown-tld", Severity: lint.Error, Message: "'.fe' does not exist; '.de' and '.fr' are each one slip away: check which was meant", Suggestion: "x@acme.de"}
	if text := (Decision{Action: Reject, Finding: short}).Text(); text != "rcptlint unknown-tld error: "+short.Message+"; perhaps x@acme.de" {
		t.Errorf("a whole message with its doubt: %q", text)
	}
	// A suggestion too long to show leaves the doubt alone: the message's,
	// or, cut, the words that say it.
	short.Suggestion = strings.Repeat("x", 150) + "@acme.de"
	if text := (Decision{Action: Reject, Finding: short}).Text(); len(text) > maxText || !strings.Contains(text, "check which was meant") || strings.Contains(text, "perhaps") {
		t.Errorf("an unsure suggestion too long to show: %q", text)
	}
	f.Suggestion = short.Suggestion
	if text := (Decision{Action: Reject, Finding: f}).Text(); len(text) > maxText || !strings.HasSuffix(text, "...; check which was meant") {
		t.Errorf("an unsure suggestion too long to show, its message cut: %q", text)
	}
	// Whatever the lengths, the doubt is said once.
	for n := range 120 {
		for _, m := range []int{40, 80, 120} {
			g := &lint.Finding{Rule: "unknown-tld", Severity: lint.Error, Message: strings.Repeat("m", m) + "; check which was meant", Suggestion: strings.Repeat("x", n) + "@yahoo.de"}
			if text := (Decision{Action: Reject, Finding: g}).Text(); len(text) > maxText || strings.Count(text, "check which was meant") != 1 {
				t.Errorf("suggestion of %d bytes, message of %d: %q", n, m, text)
			}
		}
	}
	f.Suggestion = "x@hotmail.com"
	f.Fixable = true
	f.Suggestion = strings.Repeat("x", 150) + "@hotmail.com"
	if text := (Decision{Action: Reject, Finding: f}).Text(); len(text) > maxText || strings.Contains(text, "did you mean") {
		t.Errorf("a suggestion too long to show: %q", text)
	}
}

// TestTextEscapesOnce: a rule's message is escaped text already, so only
// what is not printable ASCII is escaped in it, and a backslash it holds
// (an escape, or the character quoted) is kept; the suggestion, an address
// as written, has its backslashes doubled, so that "\x1b" in it is the
// escape of ESC and "\\x1b" the four characters.
func TestTextEscapesOnce(t *testing.T) {
	for _, tc := range []struct {
		msg, sugg, want string
	}{
		{"local part contains the control character \\x1b", "", `rcptlint r error: local part contains the control character \x1b`},
		{"local part contains '\\'", "", `rcptlint r error: local part contains '\'`},
		{"\x1b[31m\u0440\U0001F600", "", `rcptlint r error: \x1b[31m\u0440\U0001f600`},
		{"m", "\"a\x1b\"@gmail.com", `rcptlint r error: m; did you mean "a\x1b"@gmail.com?`},
		{"m", "\"a\\x1b\"@gmail.com", `rcptlint r error: m; did you mean "a\\x1b"@gmail.com?`},
	} {
		f := &lint.Finding{Rule: "r", Severity: lint.Error, Message: tc.msg, Suggestion: tc.sugg, Fixable: tc.sugg != ""}
		if got := (Decision{Action: Warn, Finding: f}).Text(); got != tc.want {
			t.Errorf("Text of %q, %q = %q, want %q", tc.msg, tc.sugg, got, tc.want)
		}
	}
	p := testPolicy(t, Options{Actions: map[lint.Severity]Action{lint.Error: Reject, lint.Warning: Reject, lint.Info: Reject}})
	for _, r := range []string{"a\x1bb@example.com", "a\x1bb@army.ml"} {
		resp := p.Decide(rcpt(r)).Response()
		if strings.Contains(resp, `\\x1b`) || !strings.Contains(resp, `\x1b`) {
			t.Errorf("%q: answer %q, want ESC escaped once, as \\x1b", r, resp)
		}
	}
}

func TestNewRejectsBadActions(t *testing.T) {
	e, _ := lint.New(lint.Options{})
	for _, m := range []map[lint.Severity]Action{{lint.Off: Hold}, {lint.Error + 1: Hold}, {lint.Error: Reject + 1}} {
		if _, err := New(Options{Engine: e, Actions: m}); err == nil {
			t.Errorf("New accepted actions %v", m)
		}
	}
	if _, err := New(Options{}); err == nil {
		t.Error("New accepted no engine")
	}
}

func TestParseAction(t *testing.T) {
	for _, n := range []string{"reject", "DEFER", "Hold", "prepend", "warn", "dunno"} {
		a, err := ParseAction(n)
		if err != nil || !strings.EqualFold(a.String(), n) {
			t.Errorf("ParseAction(%q) = %v, %v", n, a, err)
		}
	}
	if _, err := ParseAction("bounce"); err == nil {
		t.Error("ParseAction(bounce) succeeded")
	}
}

// TestNewNamesTheFirstBadAction checks that, of several actions out of
// range, the error names the one of the lowest severity on every call,
// not whichever the map yields first.
func TestNewNamesTheFirstBadAction(t *testing.T) {
	e, err := lint.New(lint.Options{})
	if err != nil {
		t.Fatal(err)
	}
	actions := map[lint.Severity]Action{}
	for sev := lint.Error; sev < 20; sev++ {
		actions[sev] = Reject + 1
	}
	want := fmt.Sprintf("policy: action %v for severity %v: out of range", Reject+1, lint.Error)
	for range 50 {
		if _, err := New(Options{Engine: e, Actions: actions}); err == nil || err.Error() != want {
			t.Fatalf("error %v, want %s", err, want)
		}
	}
}
