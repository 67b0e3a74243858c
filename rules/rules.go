// Package rules holds rcptlint's rules, one file each, and the embedded data
// they share. All lists them in their fixed order of precedence.
package rules

import "github.com/rcptlint/rcptlint/pkg/lint"

// All returns every rule, in order of precedence: when two domain rules
// suggest a domain for an address, the engine keeps the earlier one's
// finding, so the most specific explanation of a slip wins.
func All(env *Env) []lint.Rule {
	return []lint.Rule{
		Syntax{env},
		Lookalike{env},
		UnknownTLD{env},
		TLDTypo{env},
		DomainTypo{env},
		Registry{env},
		SensitiveTLD{env},
		Outlier{env},
		NoMail{env},
		Duplicate{},
	}
}

// Docs returns the documentation of every rule, in the order of All.
func Docs() []lint.Doc {
	var docs []lint.Doc
	for _, r := range All(nil) {
		docs = append(docs, r.Doc())
	}
	return docs
}
