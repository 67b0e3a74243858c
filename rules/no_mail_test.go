package rules_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rcptlint/rcptlint/internal/dnstest"
	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/rules"
)

// zoneResolver answers from a table, Accepts for names it does not hold,
// and counts what it is asked.
type zoneResolver struct {
	answers map[string]domain.Mail
	mu      sync.Mutex
	asked   map[string]int
}

func (z *zoneResolver) LookupMail(_ context.Context, name string) domain.Mail {
	z.mu.Lock()
	z.asked[name]++
	z.mu.Unlock()
	if m, ok := z.answers[name]; ok {
		return m
	}
	return domain.Mail{Status: domain.Accepts, TTL: time.Hour}
}

func newZoneResolver() *zoneResolver {
	return &zoneResolver{asked: map[string]int{}, answers: map[string]domain.Mail{
		"acme-logistcs.com":  {Status: domain.NoDomain},
		"nullmx.com":         {Status: domain.NullMX},
		"norecords.com":      {Status: domain.NoRecords},
		"gmali.com":          {Status: domain.NoDomain},
		"hotmial.com":        {Status: domain.NullMX},
		"univ-douala.com":    {Status: domain.NoDomain},
		"servfail.com":       {Failure: "SERVFAIL"},
		"gone-twin.cm":       {Status: domain.NoDomain},
		"gone-twin.com":      {Status: domain.NoDomain},
		"broken-twin-xy.com": {Failure: "timeout"},
		"gmal.com":           {Failure: "timeout"},
		"alias-gone.com":     {Status: domain.NoDomain, Alias: "gone-target.com"},
		"outlok.com":         {Status: domain.NoDomain, Alias: "parked.example"},
		"nomxaddress.com":    {Status: domain.NoMXAddress},
		"web.de":             {Status: domain.NoDomain},
		"gmx.de":             {Status: domain.NullMX},
		"nosuch.gmail.com":   {Status: domain.NoDomain},
	}}
}

func dnsEngine(t *testing.T, r domain.Resolver) *lint.Engine {
	t.Helper()
	env, err := rules.NewEnv(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e, err := lint.New(lint.Options{Rules: rules.All(env), Resolver: r})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// streamFindings checks addresses through a Stream, as the command line
// does, and returns one line a finding: address, rule, severity, message.
func streamFindings(e *lint.Engine, addrs []string) []string {
	var out []string
	s := e.Stream(lint.StreamOptions{}, func(c *lint.Checked) {
		for i, f := range c.Findings {
			own := ""
			if i < c.Own {
				own = " own"
			}
			out = append(out, fmt.Sprintf("%s %s %s%s: %s", f.Address, f.Rule, f.Severity, own, f.Message))
		}
	})
	for i, a := range addrs {
		s.Check(a, lint.Location{File: "list", Line: i + 1, Column: 1})
	}
	s.Close()
	return out
}

func TestNoMailAndEvidence(t *testing.T) {
	addrs := []string{
		"ops@acme-logistcs.com",
		"info@nullmx.com",
		"a@norecords.com",
		"a@gmial.com",
		"a@gmali.com",
		"j@hotmial.com",
		"dean@univ-douala.cm",
		"x@univ-yaounde.cm",
		"a@servfail.com",
		"b@servfail.com",
		"jane@gmail.com",
		"k@gone-twin.cm",
		"a@gmal.com",
		"b@gmal.com",
		"c@alias-gone.com",
		"d@outlok.com",
		"e@nomxaddress.com",
		"f@web.de",
		"g@web.de",
		"h@gmx.de",
		"i@nosuch.gmail.com",
	}
	want := []string{
		"ops@acme-logistcs.com no-mail error own: 'acme-logistcs.com' does not exist (NXDOMAIN)",
		"info@nullmx.com no-mail error own: 'nullmx.com' publishes a null MX (RFC 7505): it takes no mail",
		"a@norecords.com no-mail error own: 'norecords.com' has neither MX nor address records: it takes no mail",
		"a@gmial.com domain-typo warning own: 'gmial.com' is the well-known mail domain gmail.com with two letters swapped ('ia' for 'ai'); the domain accepts mail: whoever holds it would receive this message",
		"a@gmali.com domain-typo error own: 'gmali.com' is the well-known mail domain gmail.com with two letters swapped ('li' for 'il'); the domain does not exist, so this mail would bounce",
		"j@hotmial.com domain-typo error own: 'hotmial.com' is the well-known mail domain hotmail.com with two letters swapped ('ia' for 'ai'); the domain takes no mail, so this mail would bounce",
		"x@univ-yaounde.cm tld-typo info own: '.cm' is the country domain of Cameroon, one letter from '.com'; univ-yaounde.com is no domain rcptlint knows, and '.cm' is a documented typo destination",
		"a@servfail.com no-mail info own: the DNS lookup of 'servfail.com' failed (SERVFAIL): no evidence about its mail",
		"k@gone-twin.cm tld-typo info own: '.cm' is the country domain of Cameroon, one letter from '.com'; gone-twin.com is no domain rcptlint knows, and '.cm' is a documented typo destination",
		"k@gone-twin.cm no-mail error own: 'gone-twin.cm' does not exist (NXDOMAIN)",
		// A suspected slip whose lookup failed still says so, once.
		"a@gmal.com domain-typo warning own: 'gmal.com' is the well-known mail domain gmail.com with its 'i' left out",
		"a@gmal.com no-mail info own: the DNS lookup of 'gmal.com' failed (timeout): no evidence about its mail",
		"b@gmal.com domain-typo warning own: 'gmal.com' is the well-known mail domain gmail.com with its 'i' left out",
		// NXDOMAIN through a CNAME names the domain written and the name
		// that does not exist.
		"c@alias-gone.com no-mail error own: 'alias-gone.com' is an alias (CNAME) of 'gone-target.com', which does not exist (NXDOMAIN)",
		"d@outlok.com domain-typo error own: 'outlok.com' is the well-known mail domain outlook.com with its 'o' left out; the domain is an alias (CNAME) of 'parked.example', which does not exist, so this mail would bounce",
		"e@nomxaddress.com no-mail error own: 'nomxaddress.com' has MX records, but no MX host has an address (A/AAAA): it takes no mail",
		// A well-known mail domain said not to exist is the resolver's
		// fault, said once; a null MX is its owner's word, and stands.
		"f@web.de no-mail info own: the resolver says 'web.de' does not exist (NXDOMAIN), but it is a well-known mail domain: the resolver is filtering or broken (try --dns-server), and its other answers are suspect; no evidence about its mail",
		"h@gmx.de no-mail error own: 'gmx.de' publishes a null MX (RFC 7505): it takes no mail",
		// A name under a well-known domain may well not exist.
		"i@nosuch.gmail.com no-mail error own: 'nosuch.gmail.com' does not exist (NXDOMAIN)",
	}
	for _, mode := range []string{"stream", "check"} {
		t.Run(mode, func(t *testing.T) {
			z := newZoneResolver()
			e := dnsEngine(t, z)
			var got []string
			if mode == "stream" {
				got = streamFindings(e, addrs)
			} else {
				for i, a := range addrs {
					e.Check(a, lint.Location{File: "list", Line: i + 1, Column: 1}, func(f *lint.Finding) {
						got = append(got, fmt.Sprintf("%s %s %s own: %s", f.Address, f.Rule, f.Severity, f.Message))
					})
				}
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// A lookup of a domain meant may still run: nobody waits
			// for it when the domain as written does not take mail.
			z.mu.Lock()
			defer z.mu.Unlock()
			for name, n := range z.asked {
				if n != 1 {
					t.Errorf("%s looked up %d times, want once", name, n)
				}
			}
			if z.asked["univ-douala.com"] != 1 || z.asked["gmail.com"] != 1 {
				t.Errorf("the domains meant were not looked up: %v", z.asked)
			}
		})
	}
}

// TestNoMailOffline holds the run without a resolver to what it was: no
// lookup, and the no-mail rule silent.
func TestNoMailOffline(t *testing.T) {
	e := newEngine(t, rules.Options{})
	for _, f := range streamFindings(e, []string{"ops@acme-logistcs.com", "a@gmial.com"}) {
		if strings.Contains(f, "no-mail") || strings.Contains(f, "domain accepts") {
			t.Errorf("offline finding %s", f)
		}
	}
}

// TestLookupsRunTogether: the lookups of a batch's domains run together,
// not one after another (each answers only once all are under way).
func TestLookupsRunTogether(t *testing.T) {
	const n = 200
	b := dnstest.NewBarrier(n, domain.Mail{Status: domain.Accepts})
	env, err := rules.NewEnv(rules.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A deadline only ends the test if the lookups wait in turn.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	e, err := lint.New(lint.Options{Rules: rules.All(env), Resolver: b, Context: ctx})
	if err != nil {
		t.Fatal(err)
	}
	var addrs []string
	for i := range n {
		addrs = append(addrs, fmt.Sprintf("user@company%d.com", i))
	}
	if got := streamFindings(e, addrs); len(got) != 0 || b.Failed() > 0 {
		t.Errorf("%d findings, %d of %d lookups waited in vain: they did not wait together", len(got), b.Failed(), n)
	}
}
