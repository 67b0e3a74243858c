package rules_test

import "testing"

func TestUnknownTLDFixture(t *testing.T)   { runFixture(t, "unknown-tld") }
func TestTLDTypoFixture(t *testing.T)      { runFixture(t, "tld-typo") }
func TestDomainTypoFixture(t *testing.T)   { runFixture(t, "domain-typo") }
func TestSensitiveTLDFixture(t *testing.T) { runFixture(t, "sensitive-tld") }
