package rules_test

import "testing"

// TestUnknownTLDFixture checks testdata/rules/unknown_tld.txt.
func TestUnknownTLDFixture(t *testing.T) { runFixture(t, "unknown-tld") }
