package policy

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

func read(t *testing.T, in string, l Limits) ([]*Request, error) {
	t.Helper()
	br := bufio.NewReaderSize(strings.NewReader(in), l.MaxLine)
	var out []*Request
	for {
		r, err := ReadRequest(br, l)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		out = append(out, r)
	}
}

func TestReadRequest(t *testing.T) {
	small := Limits{MaxLine: 32, MaxAttributes: 3, MaxRequest: 200}
	for _, tc := range []struct {
		name, in string
		limits   Limits
		want     []Request
		wantErr  error
	}{
		{name: "postfix request", in: "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\nclient_address=192.0.2.1\nqueue_id=8045F2AB23\nsender=a@example.com\nrecipient=j.smith@army.ml\nsasl_username=jane\ninstance=123.456.7\n\n",
			want: []Request{{Request: "smtpd_access_policy", ProtocolState: "RCPT", ClientAddress: "192.0.2.1", QueueID: "8045F2AB23", Sender: "a@example.com", Recipient: "j.smith@army.ml", SASLUsername: "jane", Instance: "123.456.7", Attributes: 9}}},
		{name: "empty values", in: "request=smtpd_access_policy\nsender=\nsasl_username=\n\n",
			want: []Request{{Request: "smtpd_access_policy", Attributes: 3}}},
		{name: "= in a value", in: "recipient=a=b@x.com\nsender==\n\n",
			want: []Request{{Recipient: "a=b@x.com", Sender: "=", Attributes: 2}}},
		{name: "no request attribute", in: "recipient=x@y.com\n\n",
			want: []Request{{Recipient: "x@y.com", Attributes: 1}}},
		{name: "unknown attributes counted", in: "foo=bar\nccert_subject=x y\nrecipient=x@y.com\n\n",
			want: []Request{{Recipient: "x@y.com", Attributes: 3}}},
		{name: "CRLF lines", in: "recipient=x@y.com\r\n\r\n",
			want: []Request{{Recipient: "x@y.com", Attributes: 1}}},
		{name: "non-UTF-8 kept as bytes", in: "recipient=\xff\xfe@y.com\n\n",
			want: []Request{{Recipient: "\xff\xfe@y.com", Attributes: 1}}},
		{name: "line without =", in: "recipient x@y.com\nrecipient=a@b.c\n\n",
			want: []Request{{Recipient: "a@b.c", Attributes: 1, Malformed: "a line without '='"}}},
		{name: "empty request", in: "\n", want: []Request{{}}},
		{name: "pipelined", in: "recipient=a@x.com\n\nrecipient=b@x.com\n\nrecipient=c@x.com\n\n",
			want: []Request{{Recipient: "a@x.com", Attributes: 1}, {Recipient: "b@x.com", Attributes: 1}, {Recipient: "c@x.com", Attributes: 1}}},
		{name: "long line skipped, connection kept", limits: small,
			in:   "recipient=" + strings.Repeat("a", 60) + "@x.com\nsender=s@x.com\n\nrecipient=b@x.com\n\n",
			want: []Request{{Sender: "s@x.com", Attributes: 1, Malformed: "a line longer than 32 bytes"}, {Recipient: "b@x.com", Attributes: 1}}},
		{name: "line of exactly the limit", limits: small,
			in:   "recipient=" + strings.Repeat("a", 15) + "@x.com\n\n",
			want: []Request{{Recipient: strings.Repeat("a", 15) + "@x.com", Attributes: 1}}},
		{name: "too many attributes", limits: small, in: "a=1\nb=2\nc=3\nrecipient=x@y.com\n\n",
			want: []Request{{Attributes: 4, Malformed: "more than 3 attributes"}}},
		{name: "request too large", limits: small, in: strings.Repeat("a=1\n", 60) + "\n", wantErr: ErrTooLarge},
		{name: "endless long line", limits: small, in: strings.Repeat("a", 1000), wantErr: ErrTooLarge},
		{name: "end in a line", in: "recipient=x@y.com", wantErr: io.ErrUnexpectedEOF},
		{name: "end before the empty line", in: "recipient=x@y.com\n", wantErr: io.ErrUnexpectedEOF},
		{name: "end in a long line", limits: small, in: "recipient=" + strings.Repeat("a", 40), wantErr: io.ErrUnexpectedEOF},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.limits
			if l.MaxLine == 0 {
				l = DefaultLimits
			}
			got, err := read(t, tc.in, l)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("error %v, want %v", err, tc.wantErr)
			}
			if tc.wantErr != nil {
				return
			}
			if len(got) != len(tc.want) {
				t.Fatalf("%d requests, want %d: %+v", len(got), len(tc.want), got)
			}
			for i := range got {
				if *got[i] != tc.want[i] {
					t.Errorf("request %d = %+v\nwant %+v", i, *got[i], tc.want[i])
				}
			}
		})
	}
}
