package policy

import (
	"bufio"
	"strings"
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
)

// FuzzReadRequest holds the parser to its bounds on any input: it never
// panics, never reads a request past MaxRequest, and answers every
// request it returns with one well-formed action line.
func FuzzReadRequest(f *testing.F) {
	f.Add("request=smtpd_access_policy\nprotocol_state=RCPT\nrecipient=j.smith@army.ml\n\n")
	f.Add("recipient=a=b\n\nrecipient\n\n")
	f.Add("a=1\r\nb=2\r\n\r\n")
	f.Add(strings.Repeat("x", 100) + "\n\n")
	l := Limits{MaxLine: 64, MaxAttributes: 8, MaxRequest: 512}
	p := testPolicy(f, Options{Actions: map[lint.Severity]Action{lint.Error: Reject}})
	f.Fuzz(func(t *testing.T, in string) {
		br := bufio.NewReaderSize(strings.NewReader(in), l.MaxLine)
		for {
			r, err := ReadRequest(br, l)
			if err != nil {
				return
			}
			if r.Attributes > l.MaxAttributes && r.Malformed == "" {
				t.Fatalf("%d attributes and not malformed", r.Attributes)
			}
			if len(r.Recipient) > l.MaxLine {
				t.Fatalf("a recipient of %d bytes passed a line limit of %d", len(r.Recipient), l.MaxLine)
			}
			checkResponse(t, p.Decide(r).Response())
		}
	})
}
