package lint

import "strings"

// Combine returns the one repair that makes two suggestions for the
// address written, each the whole address one rule meant: the same
// suggestion, or one that mends the local part and another that mends the
// domain, each leaving the other part as written (ann@@gmial.com: syntax's
// ann@gmial.com and domain-typo's ann@@gmail.com make ann@gmail.com). Two
// that change one part differently do not combine (ok is false). Each rule
// judges its own part, so an ignore comment or a baseline entry that drops
// one rule's finding drops its part of the repair with it.
func Combine(written, a, b string) (string, bool) {
	if a == b {
		return a, true
	}
	wl, wd := splitAt(written)
	al, ad := splitAt(a)
	bl, bd := splitAt(b)
	local, ok := onePart(wl, al, bl, false)
	if !ok {
		return "", false
	}
	dom, ok := onePart(wd, ad, bd, true)
	if !ok {
		return "", false
	}
	return local + "@" + dom, true
}

// onePart returns the part of the combined address: the one of a and b
// that differs from the written part w, or theirs when they are alike.
// Domains compare without regard to case.
func onePart(w, a, b string, fold bool) (string, bool) {
	same := func(x, y string) bool { return x == y || fold && strings.EqualFold(x, y) }
	switch {
	case same(a, b), same(b, w):
		return a, true
	case same(a, w):
		return b, true
	}
	return "", false
}

// splitAt splits an address at its last '@'; one without is all local part.
func splitAt(addr string) (local, domain string) {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 {
		return addr[:at], addr[at+1:]
	}
	return addr, ""
}
