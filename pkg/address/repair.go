package address

import "strings"

// Repair returns the address that s was evidently meant to be, or "" when
// there is no obvious repair. It undoes slips that leave no doubt about the
// intent: a mailto: prefix, stray angle brackets or quotes around the whole
// address, white space around the '@', a doubled '@', a trailing dot or
// separator, and doubled or dangling dots. The result is returned only when
// it differs from s and is itself valid; a valid s has no repair.
func Repair(s string) string {
	if _, err := Parse(s); err == nil {
		return ""
	}
	r := strings.TrimSpace(s)
	if len(r) >= 7 && strings.EqualFold(r[:7], "mailto:") {
		r = r[7:]
		if q := strings.IndexByte(r, '?'); q >= 0 {
			r = r[:q]
		}
	}
	r = strings.Trim(r, "<>'` \t")
	if len(r) >= 2 && r[0] == '"' && r[len(r)-1] == '"' && strings.Count(r, `"`) == 2 {
		r = r[1 : len(r)-1]
	}
	r = strings.TrimRight(r, ".,;:")
	for strings.Contains(r, "@@") {
		r = strings.ReplaceAll(r, "@@", "@")
	}
	a, err := Split(r)
	if err != nil {
		return ""
	}
	local := strings.TrimSpace(a.Local)
	domain := strings.TrimSpace(a.Domain)
	if !strings.HasPrefix(local, `"`) {
		local = collapseDots(local)
	}
	if !strings.HasPrefix(domain, "[") {
		domain = collapseDots(domain)
	}
	r = local + "@" + domain
	if r == s {
		return ""
	}
	if _, err := Parse(r); err != nil {
		return ""
	}
	return r
}

// collapseDots removes leading, trailing and doubled dots.
func collapseDots(s string) string {
	for strings.Contains(s, "..") {
		s = strings.ReplaceAll(s, "..", ".")
	}
	return strings.Trim(s, ".")
}
