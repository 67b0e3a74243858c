package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	c, err := Parse("x.yaml", []byte(`
trusted:
  - mod.gov.uk
  - mil
known: [example.ml]
allow: odd@domain.example
sensitive-tlds: [ru, us-ofac-comprehensive]
rules:
  domain-typo: error
  sensitive-tld: off
  tld-typo: false
fail-on: error
dns: true
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Trusted) != 2 || c.Trusted[1] != (Entry{"mil", 4}) || c.Known[0].Value != "example.ml" || c.Allow[0].Value != "odd@domain.example" {
		t.Errorf("lists %+v %+v %+v", c.Trusted, c.Known, c.Allow)
	}
	want := []RuleSetting{{"domain-typo", "error", 9}, {"sensitive-tld", "off", 10}, {"tld-typo", "off", 11}}
	for i, r := range want {
		if c.Rules[i] != r {
			t.Errorf("rules[%d] = %+v, want %+v", i, c.Rules[i], r)
		}
	}
	if c.FailOn.Value != "error" {
		t.Errorf("fail-on %+v", c.FailOn)
	}
	if c.DNS != (Entry{"true", 13}) {
		t.Errorf("dns %+v", c.DNS)
	}
}

func TestParseEmpty(t *testing.T) {
	for _, in := range []string{"", "# only a comment\n", "---\n", "~\n"} {
		if _, err := Parse("x.yaml", []byte(in)); err != nil {
			t.Errorf("Parse(%q): %v", in, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		"trustd: [a.com]\n":                      `x.yaml:1: unknown key "trustd"`,
		"trusted: {a: b}\n":                      "x.yaml:1: trusted: want a list of strings",
		"trusted: [a.com, [b]]\n":                "x.yaml:1: trusted: every entry must be a string",
		"trusted: 3\n":                           "x.yaml:1: trusted: want a list of strings, got 3",
		"rules: [a]\n":                           "x.yaml:1: rules: want a mapping",
		"rules:\n  a: [error]\n":                 "x.yaml:2: rules: a: want a severity",
		"fail-on: always\n":                      `x.yaml:1: fail-on: "always" is not one of`,
		"dns: yes\n":                             "x.yaml:1: dns: want true or false",
		"dns: [true]\n":                          "x.yaml:1: dns: want true or false",
		"- a\n- b\n":                             "x.yaml:1: the configuration must be a mapping",
		"trusted: [a]\ntrusted: [b]\n":           `x.yaml:2: key "trusted" is set twice`,
		"trusted: [a\n":                          "x.yaml: not valid YAML",
		"known: [&a x.com]\ntrusted: [*a, *a]\n": "x.yaml:2: YAML aliases (*name) are not accepted",
		"known: &a [x.com]\ntrusted:\n  - *a\n":  "x.yaml:3: YAML aliases",
	} {
		_, err := Parse("x.yaml", []byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", in, err, want)
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "repo", "a", "b")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep, ""); err != nil || got != "" {
		t.Errorf("Find with no file = %q, %v", got, err)
	}
	cfg := filepath.Join(root, "repo", "a", ".rcptlint.yml")
	os.WriteFile(cfg, nil, 0o644)
	if got, _ := Find(deep, ""); got != cfg {
		t.Errorf("Find = %q, want %q", got, cfg)
	}
	os.Remove(cfg)
	os.WriteFile(filepath.Join(root, ".rcptlint.yaml"), nil, 0o644)
	// The search stops at the home directory, which it searches.
	home := filepath.Join(root, "repo")
	if got, _ := Find(deep, home+"/"); got != "" {
		t.Errorf("Find went above the home directory: %q", got)
	}
	os.WriteFile(filepath.Join(home, ".rcptlint.yaml"), nil, 0o644)
	if got, want := must(Find(deep, home)), filepath.Join(home, ".rcptlint.yaml"); got != want {
		t.Errorf("Find with a file in the home directory = %q, want %q", got, want)
	}
	os.Remove(filepath.Join(home, ".rcptlint.yaml"))
	// The search stops at the repository root.
	os.Mkdir(filepath.Join(root, "repo", ".git"), 0o755)
	if got, _ := Find(deep, ""); got != "" {
		t.Errorf("Find crossed the repository root: %q", got)
	}
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}

func TestParsePolicy(t *testing.T) {
	c, err := Parse("x.yaml", []byte(`
policy:
  error: REJECT
  warning: hold
  exempt-senders: [boss@example.com, partner.example]
  exempt-sasl-users: jane
`))
	if err != nil {
		t.Fatal(err)
	}
	p := c.Policy
	if p.Error != (Entry{"reject", 3}) || p.Warning != (Entry{"hold", 4}) || p.Info != (Entry{}) {
		t.Errorf("actions %+v %+v %+v", p.Error, p.Warning, p.Info)
	}
	if len(p.ExemptSenders) != 2 || p.ExemptSenders[1] != (Entry{"partner.example", 5}) || p.ExemptSASLUsers[0] != (Entry{"jane", 6}) {
		t.Errorf("exemptions %+v %+v", p.ExemptSenders, p.ExemptSASLUsers)
	}
}

func TestParsePolicyErrors(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"policy: hold\n", "x.yaml:1: policy: want a mapping"},
		{"policy:\n  eror: hold\n", `x.yaml:2: policy: unknown key "eror"`},
		{"policy:\n  error: bounce\n", `x.yaml:2: policy: error: "bounce" is not an action: want reject, defer, hold, prepend, warn, dunno`},
		{"policy:\n  info: [warn]\n", "x.yaml:2: policy: info: want an action"},
		{"policy:\n  warning:\n", "x.yaml:2: policy: warning: want an action"},
		{"policy:\n  error: hold\n  error: warn\n", `x.yaml:3: policy: key "error" is set twice`},
		{"policy:\n  exempt-senders: {a: b}\n", "x.yaml:2: policy: exempt-senders: want a list of strings"},
		{"policy:\n  exempt-sasl-users: [a, [b]]\n", "x.yaml:2: policy: exempt-sasl-users: every entry must be a string"},
	} {
		_, err := Parse("x.yaml", []byte(tc.in))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Parse(%q) = %v, want an error containing %q", tc.in, err, tc.want)
		}
	}
}

// Stars that are no aliases are left to the parser: inside quotes, in a
// comment, or within a plain scalar.
func TestParseStarsThatAreNoAliases(t *testing.T) {
	for _, in := range []string{
		"allow: [\"*x@example.com\", 'a *b@example.com']\n",
		"allow: [a*b@example.com] # *not an alias\n",
		"# *comment\nknown: [x.com]\n",
	} {
		if _, err := Parse("x.yaml", []byte(in)); err != nil {
			t.Errorf("Parse(%q): %v", in, err)
		}
	}
}

// A list keeps each entry once, in the form its entries are compared in
// (a domain in any case, in Unicode or ASCII, with a leading dot), and
// reports its first repeat and how many more it held, so that a file of
// one domain on 1.86 million lines holds one entry, and one warning says
// so. A SASL login name keeps its case, which matters to it, and a name
// dotted only in ASCII (a fullwidth dot) is read as no top-level domain,
// so it is not the dotted name.
func TestListsKeepEachEntryOnce(t *testing.T) {
	c, err := Parse("x.yaml", []byte(`trusted:
  - bücher.de
  - acme.com
  - XN--BCHER-KVA.DE
  - .Acme.com
  - " acme.com"
  - acme.com
  - mil
  - "a\uFF0Emil"
  - a.mil
  - MIL
  - .Mil
known: [firm.com, Firm.com]
allow: [Jane@Firm.com, jane@firm.com, firm.com]
sensitive-tlds: [ru, " ru", us-ofac-comprehensive, us-ofac-comprehensive]
policy:
  exempt-senders: [Boss@firm.com, boss@firm.com]
  exempt-sasl-users: [jane, Jane, jane]
`))
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string][]Entry{
		"trusted": c.Trusted, "known": c.Known, "allow": c.Allow, "sensitive-tlds": c.Sensitive,
		"exempt-senders": c.Policy.ExemptSenders, "exempt-sasl-users": c.Policy.ExemptSASLUsers,
	}
	for key, want := range map[string][]Entry{
		"trusted":           {{"bücher.de", 2}, {"acme.com", 3}, {"mil", 8}, {"a\uFF0Emil", 9}, {"a.mil", 10}},
		"known":             {{"firm.com", 13}},
		"allow":             {{"Jane@Firm.com", 14}, {"firm.com", 14}},
		"sensitive-tlds":    {{"ru", 15}, {"us-ofac-comprehensive", 15}},
		"exempt-senders":    {{"Boss@firm.com", 17}},
		"exempt-sasl-users": {{"jane", 18}, {"Jane", 18}},
	} {
		if got := lists[key]; !slices.Equal(got, want) {
			t.Errorf("%s: %+v, want %+v", key, got, want)
		}
	}
	want := []Repeat{
		{Key: "trusted", Entry: Entry{"XN--BCHER-KVA.DE", 4}, Of: 2, More: 5},
		{Key: "known", Entry: Entry{"Firm.com", 13}, Of: 13},
		{Key: "allow", Entry: Entry{"jane@firm.com", 14}, Of: 14},
		{Key: "sensitive-tlds", Entry: Entry{" ru", 15}, Of: 15, More: 1},
		{Key: "policy: exempt-senders", Entry: Entry{"boss@firm.com", 17}, Of: 17},
		{Key: "policy: exempt-sasl-users", Entry: Entry{"jane", 18}, Of: 18},
	}
	if !slices.Equal(c.Repeats, want) {
		t.Errorf("repeats:\n%+v\nwant\n%+v", c.Repeats, want)
	}
}
