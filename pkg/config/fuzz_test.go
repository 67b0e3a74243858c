package config

import "testing"

// FuzzParse: any text either parses or fails with an error naming the
// file; a parsed configuration has lines within the text, and its lists
// hold each entry once.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"trusted: [mil]\n", "rules:\n  domain-typo: error\n", "fail-on: never\n", "trusted: 3\n", "- a\n", "{", "a: &x [*x]\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse("f.yaml", []byte(s))
		if err != nil {
			if e, ok := err.(*Error); !ok || e.Path != "f.yaml" {
				t.Fatalf("error %v does not name the file", err)
			}
			return
		}
		for _, e := range append(append(c.Trusted, c.Known...), c.Allow...) {
			if e.Line < 1 {
				t.Fatalf("entry %+v has no line", e)
			}
		}
		for key, list := range map[string][]Entry{"trusted": c.Trusted, "known": c.Known, "allow": c.Allow, "sensitive-tlds": c.Sensitive,
			"policy: exempt-senders": c.Policy.ExemptSenders, "policy: exempt-sasl-users": c.Policy.ExemptSASLUsers} {
			seen := map[string]bool{}
			for _, e := range list {
				form := EntryForm(key, e.Value)
				if seen[form] {
					t.Fatalf("%s holds %q twice", key, form)
				}
				seen[form] = true
			}
		}
	})
}
