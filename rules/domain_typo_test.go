package rules_test

import "testing"

// TestDomainTypoFixture checks testdata/rules/domain_typo.txt.
func TestDomainTypoFixture(t *testing.T) { runFixture(t, "domain-typo") }
