package rules_test

import "testing"

// TestDomainTypoFixture checks testdata/rules/domain_typo.txt.
func TestDomainTypoFixture(t *testing.T) { runFixture(t, "domain-typo") }

// TestDomainTypoWholeFixture checks testdata/rules/domain_typo_whole.txt,
// trusted names compared whole.
func TestDomainTypoWholeFixture(t *testing.T) {
	runFixtureFile(t, "domain-typo", "domain_typo_whole.txt")
}
