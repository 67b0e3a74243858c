package lint

// CheckAlone runs the rules that judge an address on its own, the address
// and domain rules, on raw found at loc, and appends their findings to out
// in rule order. The batch rules never see the address, so a long-running
// caller (a policy server) keeps no state per address beyond the bounded
// per-domain cache. Unlike Check, it is safe for concurrent use, and the
// findings own their strings.
func (e *Engine) CheckAlone(raw string, loc Location, out []Finding) []Finding {
	var s Subject
	return e.check(raw, 0, nil, &loc, &s, out)
}
