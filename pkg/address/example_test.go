package address_test

import (
	"fmt"

	"github.com/rcptlint/rcptlint/pkg/address"
)

func ExampleParse() {
	a, err := address.Parse("jane.doe@example.com")
	fmt.Println(a.Local, a.Domain, err == nil)

	_, err = address.Parse("jane..doe@example.com")
	fmt.Println(err.Msg, "at byte", err.Offset)
	// Output:
	// jane.doe example.com true
	// local part has two dots in a row at byte 5
}

func ExampleScanList() {
	line := `Jane Doe <jane@example.com>, "Smith, John" <john@example.org>; bob@example.net (Bob)`
	address.ScanList(line, func(s address.Span) bool {
		fmt.Println(s.Start, line[s.Start:s.End])
		return true
	})
	// Output:
	// 10 jane@example.com
	// 44 john@example.org
	// 63 bob@example.net
}

func ExampleRepair() {
	fmt.Println(address.Repair("mailto:jane@example.com"))
	fmt.Println(address.Repair("jane@example.com."))
	fmt.Println(address.Repair("<jane..doe@example.com"))
	// Output:
	// jane@example.com
	// jane@example.com
	// jane.doe@example.com
}
