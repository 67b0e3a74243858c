package rules

import "github.com/rcptlint/rcptlint/pkg/domain"

// TrustedSlip is a trusted entry that is itself a near miss of a
// well-known mail domain or a registered one: trusting gmial.com makes
// that typo trusted, and every gmail.com address a near miss of it.
type TrustedSlip struct {
	// Index is the entry's position in Options.Trusted, from 0.
	Index int
	// Entry is the entry as written.
	Entry string
	// Meant is the domain probably meant, and Kind what it is, as
	// Env.Describe says ("well-known mail", "military").
	Meant, Kind string
}

// SlipCheckedTrusted is the longest trusted list whose entries
// TrustedSlips checks. A list typed by hand is far shorter; a longer one
// is generated, and checking it would cost every run about 13 µs an entry.
const SlipCheckedTrusted = 10_000

// TrustedSlips returns the entries of o.Trusted that the domain-typo rule
// would report as near misses if they were not trusted. An entry that
// o.Known lists too is meant as written. The entries must be valid: it
// skips those NewEnv refuses. A list longer than SlipCheckedTrusted is not
// checked.
func TrustedSlips(o Options) ([]TrustedSlip, error) {
	if len(o.Trusted) == 0 || len(o.Trusted) > SlipCheckedTrusted {
		return nil, nil
	}
	plain, err := NewEnv(Options{Known: o.Known})
	if err != nil {
		return nil, err
	}
	rule := DomainTypo{plain}
	var out []TrustedSlip
	for i, t := range o.Trusted {
		f, err := entryFacts(t)
		if err != nil || domain.IsPublicSuffix(f.Name) {
			continue
		}
		for _, is := range rule.CheckDomain(f) {
			if is.Suggestion != "" {
				out = append(out, TrustedSlip{Index: i, Entry: t, Meant: is.Suggestion, Kind: plain.Describe(is.Suggestion)})
			}
		}
	}
	return out, nil
}
