package rcptlint_test

import (
	"fmt"

	"github.com/rcptlint/rcptlint/pkg/rcptlint"
)

func Example() {
	l, err := rcptlint.New(rcptlint.Options{Trusted: []string{"mil"}})
	if err != nil {
		panic(err)
	}
	for _, f := range l.Check("jane@gmial.com", "Col. Hayes <r.hayes@army.ml>", "ok@example.com") {
		fmt.Printf("%d:%d %s %s -> %s\n", f.Line, f.Column, f.Severity, f.Rule, f.Suggestion)
	}
	// Output:
	// 1:1 warning domain-typo -> jane@gmail.com
	// 2:13 error tld-typo -> r.hayes@army.mil
}

func ExampleLinter_Check() {
	l, err := rcptlint.New(rcptlint.Options{})
	if err != nil {
		panic(err)
	}
	for _, f := range l.Check("bob@hotmail.con") {
		fmt.Println(f.Message)
		fmt.Println("did you mean", f.Suggestion)
	}
	// Output:
	// top-level domain '.con' does not exist; hotmail.com is a well-known mail domain
	// did you mean bob@hotmail.com
}

func ExampleNew_errors() {
	_, err := rcptlint.New(rcptlint.Options{Trusted: []string{"acme.con"}})
	fmt.Println(err)
	// Output:
	// trusted: "acme.con" has top-level domain "con", which does not exist
}
