package cli

import (
	"testing"

	"github.com/rcptlint/rcptlint/pkg/iostreams"
)

// BenchmarkStartup runs the whole command for one address, as a user at a
// prompt or a hook does: what start-up costs beyond the process itself.
func BenchmarkStartup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		ios, _, _ := iostreams.Test("")
		if code := Main([]string{"check", "-q", "someone@example.com"}, ios); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
