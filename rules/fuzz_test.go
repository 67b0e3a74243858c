package rules_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// FuzzCheck runs every rule on arbitrary addresses: no panic, columns
// within the address, suggestions that are themselves clean of syntax
// errors, messages in valid UTF-8.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"bob@gmial.com", "a..b@x.com", "jane@gmаil.com", "x@army.ml", "x@hotmail.con", "x@trasportation.gov", "x@uscg.mial", "x@univ.edu.cm", "x@10minutemail.ml", "x@hotmai.lco.uk", "x@bücherr.de", "x@xn--bcherr-3ya.de", "x@a.b.com", "x@livec.om", "x@gmai.lcom", "x@us.afm.il", "x@пример.рф", "@", `"a"@[1.2.3.4]`} {
		f.Add(s)
	}
	env, err := rules.NewEnv(rules.Options{Trusted: []string{"mil", "acme.com", "bücher.de", "пример.рф"}, Sensitive: []string{"ru"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		e, _ := lint.New(lint.Options{Rules: rules.All(env)})
		e.Check(addr, lint.Location{Line: 1, Column: 1}, func(fd *lint.Finding) {
			if fd.Column < 1 || fd.Column > len(addr)+1 {
				t.Fatalf("%q: %s at column %d", addr, fd.Rule, fd.Column)
			}
			if !utf8.ValidString(fd.Message) && utf8.ValidString(addr) {
				t.Fatalf("%q: message is not UTF-8: %q", addr, fd.Message)
			}
			if fd.Suggestion != "" && fd.Rule != "syntax" && strings.Count(fd.Suggestion, "@") == 0 {
				t.Fatalf("%q: suggestion %q is not an address", addr, fd.Suggestion)
			}
		})
		e.Finish(func(*lint.Finding) {})
	})
}
