package input

import (
	"bytes"
	"fmt"
)

// sniffBytes is how much of an input Sniff looks at.
const sniffBytes = 4096

// Sniff decides the format of an input from its start (up to sniffBytes,
// after any byte-order mark), and says why: a vCard begins with
// BEGIN:VCARD, an LDIF file with dn: (or version: then dn:), an mbox file
// with a From line and a message with one of its usual headers, a JSON
// array with '[', and a CSV or TSV file with a header row (no '@' in it)
// whose separators the next row has as many of. Anything else is Text.
func Sniff(head []byte) (Format, string) {
	first, second := firstLines(head)
	switch {
	case hasPrefixFold(first, "BEGIN:VCARD"):
		return VCard, "by content: it starts with BEGIN:VCARD"
	case hasPrefixFold(first, "dn:"), hasPrefixFold(first, "version:") && hasPrefixFold(second, "dn:"):
		return LDIF, "by content: it starts with an LDIF entry (dn:)"
	case bytes.HasPrefix(first, []byte("From ")):
		return Mail, "by content: it starts with an mbox From line"
	case len(first) > 0 && first[0] == '[':
		return JSON, "by content: it starts with ["
	}
	if name, ok := messageHeader(first); ok {
		return Mail, fmt.Sprintf("by content: it starts with the message header %s:", name)
	}
	if d, n := csvHeader(first, second); n > 0 {
		f := CSV
		if d == '\t' {
			f = TSV
		}
		return f, fmt.Sprintf("by content: a header row of %d columns without an address", n+1)
	}
	return Text, "by content: none of the other formats"
}

// unmistakable reports whether the format f that Sniff found in head
// overrules a name that says the input is a text list: a vCard, an LDIF
// entry, or an mbox From line followed by a message header (a mailbox
// saved as .txt, as mail clients and list archives do). A list may well
// start with '[', a row of names or a line like "From the sales team",
// which stay text.
func unmistakable(f Format, head []byte) bool {
	switch f {
	case VCard, LDIF:
		return true
	case Mail:
		first, second := firstLines(head)
		_, header := messageHeader(second)
		return bytes.HasPrefix(first, []byte("From ")) && header
	}
	return false
}

// firstLines returns the first two lines of head that are not blank,
// without their line ends and leading spaces.
func firstLines(head []byte) (first, second []byte) {
	var lines [][]byte
	for len(head) > 0 && len(lines) < 2 {
		t, w := terminator(head, true)
		line := head
		if t >= 0 {
			line, head = head[:t], head[t+w:]
		} else {
			head = nil
		}
		if len(bytes.TrimSpace(line)) > 0 {
			lines = append(lines, bytes.TrimLeft(line, " "))
		}
	}
	for len(lines) < 2 {
		lines = append(lines, nil)
	}
	return lines[0], lines[1]
}

func hasPrefixFold(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && bytes.EqualFold(b[:len(prefix)], []byte(prefix))
}

// messageHeaders are headers that start e-mail messages and never a list
// of addresses (To:, Cc:, Bcc: and Reply-To: lines are text lists).
var messageHeaders = []string{
	"return-path", "received", "from", "date", "message-id", "mime-version", "delivered-to",
	"subject", "sender", "dkim-signature", "authentication-results", "x-", "arc-",
}

// messageHeader reports whether line is a header that starts a message,
// and its name.
func messageHeader(line []byte) (string, bool) {
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 || colon > 64 {
		return "", false
	}
	name := line[:colon]
	for _, c := range name {
		if c <= ' ' || c >= 0x7f {
			return "", false
		}
	}
	for _, h := range messageHeaders {
		if h[len(h)-1] == '-' && hasPrefixFold(name, h) || len(name) == len(h) && hasPrefixFold(name, h) {
			return string(name), true
		}
	}
	return "", false
}

// csvHeader returns the separator of a header row and how many of it the
// row has, when first has no '@' and second has as many of it, outside
// quotes; else 0. A first line that starts with '#' is a comment of a
// text list, not a header.
func csvHeader(first, second []byte) (byte, int) {
	if len(first) == 0 || len(second) == 0 || first[0] == '#' || bytes.IndexByte(first, '@') >= 0 {
		return 0, 0
	}
	best, most := byte(0), 0
	for _, d := range []byte{',', ';', '\t'} {
		if n := countOutsideQuotes(first, d); n > most {
			best, most = d, n
		}
	}
	if most == 0 || countOutsideQuotes(second, best) != most {
		return 0, 0
	}
	return best, most
}

func countOutsideQuotes(line []byte, d byte) int {
	n, inQuote := 0, false
	for _, c := range line {
		switch {
		case c == '"':
			inQuote = !inQuote
		case !inQuote && c == d:
			n++
		}
	}
	return n
}
