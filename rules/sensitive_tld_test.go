package rules_test

import "testing"

// TestSensitiveTLDFixture checks testdata/rules/sensitive_tld.txt.
func TestSensitiveTLDFixture(t *testing.T) { runFixture(t, "sensitive-tld") }
