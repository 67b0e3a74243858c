package input

import "strings"

// Directive is an ignore comment of a text list, which names rules whose
// findings on a line are accepted:
//
//	jane@gmial.com  # rcptlint:ignore domain-typo -- her real address
//	# rcptlint:ignore-next-line domain-typo,tld-typo -- legacy import
//	bob@yahoo.cm
//
// The comment starts with a '#' at the start of the line or after white
// space (as any comment after an address), then "rcptlint:ignore" covers
// its own line and "rcptlint:ignore-next-line" the line after it. The
// rules follow as one comma-separated list (white space after a comma is
// allowed); no list covers every rule. What follows the list is the
// reason, after an optional "--"; a reason given without a list of rules
// must start with "--".
type Directive struct {
	// Line is the line the directive is on; Target the line it covers.
	Line, Target int
	// Keyword is what follows "rcptlint:", as written: "ignore" and
	// "ignore-next-line" are directives, anything else a mistake to report.
	Keyword string
	// Rules are the names listed, as written; none means every rule.
	Rules []string
	// Reason is the text after the rules, without a leading "--".
	Reason string
	// Alone tells that the directive is on a comment line, where
	// "rcptlint:ignore" covers nothing.
	Alone bool
}

// Known reports whether the keyword is a directive.
func (d *Directive) Known() bool {
	return d.Keyword == "ignore" || d.Keyword == "ignore-next-line"
}

const directiveMark = "rcptlint:"

// findDirective returns the directive of a line read at line n, if any:
// the first "rcptlint:" that starts a comment. Its strings are copies, so
// that they outlive the line's buffer.
func findDirective(line string, n int) (Directive, bool) {
	for from := 0; ; {
		i := strings.Index(line[from:], directiveMark)
		if i < 0 {
			return Directive{}, false
		}
		i += from
		if startsComment(line, i) {
			return parseDirective(line[i+len(directiveMark):], n), true
		}
		from = i + len(directiveMark)
	}
}

// startsComment reports whether the text at i follows a '#' (and white
// space) that is at the start of the line or after white space.
func startsComment(line string, i int) bool {
	j := i
	for j > 0 && isBlank(line[j-1]) {
		j--
	}
	if j == 0 || line[j-1] != '#' {
		return false
	}
	return j == 1 || isBlank(line[j-2])
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// parseDirective reads what follows "rcptlint:".
func parseDirective(s string, n int) Directive {
	s = strings.TrimRight(s, " \t\r\n")
	end := strings.IndexAny(s, " \t")
	if end < 0 {
		end = len(s)
	}
	d := Directive{Line: n, Target: n, Keyword: strings.Clone(s[:end])}
	if d.Keyword == "ignore-next-line" {
		d.Target = n + 1
	}
	rest := strings.TrimLeft(s[end:], " \t")
	if rest != "" && !strings.HasPrefix(rest, "--") {
		var list string
		list, rest = cutList(rest)
		for name := range strings.SplitSeq(list, ",") {
			if name = strings.TrimSpace(name); name != "" {
				d.Rules = append(d.Rules, strings.Clone(name))
			}
		}
	}
	rest = strings.TrimPrefix(rest, "--")
	d.Reason = strings.Clone(strings.TrimSpace(rest))
	return d
}

// cutList splits s after its comma-separated list: at the first white
// space that neither follows nor precedes a comma.
func cutList(s string) (list, rest string) {
	for i := 0; i < len(s); i++ {
		if !isBlank(s[i]) {
			continue
		}
		j := i
		for j < len(s) && isBlank(s[j]) {
			j++
		}
		if (i > 0 && s[i-1] == ',') || (j < len(s) && s[j] == ',') {
			i = j - 1
			continue
		}
		return s[:i], strings.TrimLeft(s[j:], " \t")
	}
	return s, ""
}
