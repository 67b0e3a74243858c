package lint

import (
	"fmt"
	"strings"
)

// Text renders the documentation as plain text: what `rcptlint explain`
// prints and what SARIF carries as a rule's help.
func (d Doc) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\nDefault severity: %s", d.ID, d.Summary, d.Severity)
	if d.Fixable {
		b.WriteString(" (suggestions can be applied by --fix)")
	}
	fmt.Fprintf(&b, "\n\n%s\n", d.Explanation)
	if len(d.Examples) > 0 {
		b.WriteString("\nExamples:\n")
		for _, e := range d.Examples {
			if e.Finding == "" {
				fmt.Fprintf(&b, "  %-28s not reported\n", e.Address)
			} else {
				fmt.Fprintf(&b, "  %-28s %s\n", e.Address, e.Finding)
			}
		}
	}
	if d.FalsePositives != "" {
		fmt.Fprintf(&b, "\nWhen it can be wrong:\n%s\n", d.FalsePositives)
	}
	return b.String()
}
