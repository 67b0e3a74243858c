package rules_test

import "testing"

// TestRegistryFixture checks testdata/rules/registry.txt.
func TestRegistryFixture(t *testing.T) { runFixture(t, "registry") }

// TestUnknownTLDRegistryFixture checks testdata/rules/unknown_tld_registry.txt,
// where no trusted suffix helps: the .mil and .gov lists name the domain
// meant.
func TestUnknownTLDRegistryFixture(t *testing.T) {
	runFixtureFile(t, "unknown-tld", "unknown_tld_registry.txt")
}
