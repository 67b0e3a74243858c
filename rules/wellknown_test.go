package rules_test

import (
	"testing"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// TestWellKnownDomainsAreClean checks the embedded list as a list of its
// own: no rule may report any well-known mail domain.
func TestWellKnownDomainsAreClean(t *testing.T) {
	env, err := rules.NewEnv(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	engine, err := lint.New(lint.Options{Rules: rules.All(env)})
	if err != nil {
		t.Fatal(err)
	}
	if len(env.Data.WellKnownList) < 300 {
		t.Errorf("%d well-known domains; the list must cover at least 300", len(env.Data.WellKnownList))
	}
	for i, w := range env.Data.WellKnownList {
		engine.Check("someone@"+w.Name, lint.Location{Line: i + 1}, func(f *lint.Finding) {
			t.Errorf("%s: %s %s: %s", w.Name, f.Severity, f.Rule, f.Message)
		})
	}
}

// TestEmbeddedData checks the data files parse and hold what the rules
// rely on.
func TestEmbeddedData(t *testing.T) {
	d, err := rules.LoadData()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(d.Countries); n < 240 {
		t.Errorf("%d country TLDs; the public suffix list has 248", n)
	}
	for tld, want := range map[string]string{"ml": "Mali", "cm": "Cameroon", "om": "Oman", "co": "Colombia", "uk": "United Kingdom"} {
		if got := d.Countries[tld]; got != want {
			t.Errorf("country of .%s = %q, want %q", tld, got, want)
		}
	}
	for _, p := range []string{"us-ofac-comprehensive", "us-dsp-countries-of-concern", "eu-broad-sanctions", "us-dod-ml-block"} {
		if _, ok := d.Presets[p]; !ok {
			t.Errorf("preset %s is missing", p)
		}
	}
	if got := d.Presets["us-dsp-countries-of-concern"].TLDs; !contains(got, "xn--p1ai") {
		t.Errorf("us-dsp-countries-of-concern lacks рф (xn--p1ai): %v", got)
	}
}

func TestNewEnvRejectsBadEntries(t *testing.T) {
	for _, o := range []rules.Options{
		{Trusted: []string{"acme.con"}},
		{Trusted: []string{"not a domain"}},
		{Known: []string{"-bad.com"}},
		{Sensitive: []string{"xx"}},
		{Sensitive: []string{"no-such-preset"}},
	} {
		if _, err := rules.NewEnv(o); err == nil {
			t.Errorf("NewEnv(%+v) succeeded; want an error", o)
		}
	}
	if _, err := rules.NewEnv(rules.Options{Trusted: []string{"mil", ".gov.uk", "Acme.COM", "пример.рф", "рф"}, Known: []string{"ML"}, Sensitive: []string{"рф", ".RU", "eu-broad-sanctions"}}); err != nil {
		t.Errorf("valid entries rejected: %v", err)
	}
}
