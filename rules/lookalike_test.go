package rules_test

import "testing"

// TestLookalikeFixture checks testdata/rules/lookalike.txt.
func TestLookalikeFixture(t *testing.T) { runFixture(t, "lookalike") }
