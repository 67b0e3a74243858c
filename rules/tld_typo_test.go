package rules_test

import "testing"

// TestTLDTypoFixture checks testdata/rules/tld_typo.txt.
func TestTLDTypoFixture(t *testing.T) { runFixture(t, "tld-typo") }

// TestTLDTypoTrustedFixture checks testdata/rules/tld_typo_trusted.txt,
// where trusted: [mil] turns army.ml into an error.
func TestTLDTypoTrustedFixture(t *testing.T) { runFixtureFile(t, "tld-typo", "tld_typo_trusted.txt") }
