package policy

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Request is one SMTP access policy delegation request: the attributes a
// decision uses. Postfix sends about thirty; the others are counted and
// dropped.
type Request struct {
	// Request is the request type; Postfix sends "smtpd_access_policy".
	Request string
	// ProtocolState is the SMTP stage: "RCPT" for a recipient.
	ProtocolState string
	// Recipient is the envelope recipient, without angle brackets.
	Recipient string
	// Sender is the envelope sender, "" for the null sender.
	Sender string
	// SASLUsername is the authenticated user, "" when none.
	SASLUsername string
	// QueueID is Postfix's queue ID, "" before one is assigned.
	QueueID string
	// Instance is the same for every request about one message.
	Instance string
	// ClientAddress is the SMTP client's IP address.
	ClientAddress string
	// Attributes counts the attributes received, known or not.
	Attributes int
	// Malformed says what was wrong with the request, "" when nothing: a
	// line too long, a line without '=' or too many attributes. A
	// malformed request is answered, never judged.
	Malformed string
}

// Limits bound what one request may hold.
type Limits struct {
	// MaxLine is the longest name=value line, in bytes; a longer line
	// makes the request malformed.
	MaxLine int
	// MaxAttributes is the most attributes a request may have; more make
	// it malformed.
	MaxAttributes int
	// MaxRequest is the most bytes a request may have, its empty line
	// included; past it the connection is closed, as the end of the
	// request cannot be found within the bound.
	MaxRequest int
}

// DefaultLimits are several times what Postfix sends: 8 KiB lines (a
// recipient is at most 256 bytes by RFC 5321, a Postfix attribute a few
// hundred), 256 attributes (Postfix 3.8 sends 35), 64 KiB a request.
var DefaultLimits = Limits{MaxLine: 8 << 10, MaxAttributes: 256, MaxRequest: 64 << 10}

// ErrTooLarge is returned by ReadRequest for a request longer than
// Limits.MaxRequest.
var ErrTooLarge = errors.New("request too large")

// ReadRequest reads one request, name=value lines ended by an empty line,
// from br, whose buffer must hold at least l.MaxLine bytes. At the end of
// input before a request starts it returns io.EOF; in the middle of one,
// io.ErrUnexpectedEOF. A request that breaks the protocol but within
// MaxRequest is returned with Malformed set, so that it can be answered
// and the connection kept.
func ReadRequest(br *bufio.Reader, l Limits) (*Request, error) {
	r := &Request{}
	size := 0
	for {
		line, skipped, err := readLine(br, l, &size, r)
		switch {
		case errors.Is(err, io.EOF) && size > 0:
			return nil, io.ErrUnexpectedEOF
		case err != nil:
			return nil, err
		case skipped:
		case len(line) == 0:
			return r, nil
		default:
			r.set(line, l)
		}
	}
}

// readLine returns the next line without its end. A line too long is
// skipped to its end and noted in r. It counts the bytes read in size.
func readLine(br *bufio.Reader, l Limits, size *int, r *Request) (line []byte, skipped bool, err error) {
	line, err = br.ReadSlice('\n')
	if *size += len(line); *size > l.MaxRequest {
		return nil, false, ErrTooLarge
	}
	if errors.Is(err, bufio.ErrBufferFull) || len(line) > l.MaxLine+1 {
		r.malform(fmt.Sprintf("a line longer than %d bytes", l.MaxLine))
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = br.ReadSlice('\n')
			if *size += len(line); *size > l.MaxRequest {
				return nil, false, ErrTooLarge
			}
		}
		return nil, true, err
	}
	if err != nil {
		return nil, false, err
	}
	line = line[:len(line)-1]
	return bytes.TrimSuffix(line, []byte{'\r'}), false, nil
}

func (r *Request) malform(why string) {
	if r.Malformed == "" {
		r.Malformed = why
	}
}

// set stores one name=value line; the value runs to the end of the line
// and may hold '='.
func (r *Request) set(line []byte, l Limits) {
	name, value, ok := bytes.Cut(line, []byte{'='})
	if !ok {
		r.malform("a line without '='")
		return
	}
	if r.Attributes++; r.Attributes > l.MaxAttributes {
		r.malform(fmt.Sprintf("more than %d attributes", l.MaxAttributes))
		return
	}
	var field *string
	switch string(name) {
	case "request":
		field = &r.Request
	case "protocol_state":
		field = &r.ProtocolState
	case "recipient":
		field = &r.Recipient
	case "sender":
		field = &r.Sender
	case "sasl_username":
		field = &r.SASLUsername
	case "queue_id":
		field = &r.QueueID
	case "instance":
		field = &r.Instance
	case "client_address":
		field = &r.ClientAddress
	default:
		return
	}
	*field = string(value)
}
