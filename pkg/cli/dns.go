package cli

import (
	"fmt"
	"time"

	"github.com/spf13/pflag"

	"github.com/rcptlint/rcptlint/pkg/config"
	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/exitcode"
	"github.com/rcptlint/rcptlint/pkg/resolve"
)

// dnsOptions are check's flags for DNS evidence.
type dnsOptions struct {
	on        bool
	set       bool // --dns was given, overriding the configuration
	server    string
	cache     string
	inFlight  int
	perSecond int
	timeout   time.Duration
}

func (d *dnsOptions) addFlags(f *pflag.FlagSet) {
	f.BoolVar(&d.on, "dns", false, "look each domain up in DNS: report domains that cannot receive mail, and weigh typos by whether their domain exists (dns key)")
	f.StringVar(&d.server, "dns-server", "", "DNS server to ask, `HOST:PORT` (default: the system's resolver, from /etc/resolv.conf)")
	f.StringVar(&d.cache, "dns-cache", "", "file keeping DNS answers between runs, or off (default: rcptlint/dns-cache in the user's cache directory)")
	f.IntVar(&d.inFlight, "dns-in-flight", resolve.DefaultInFlight, "most DNS queries waiting for an answer at once")
	f.IntVar(&d.perSecond, "dns-rate", resolve.DefaultPerSecond, "most DNS queries sent per second")
	f.DurationVar(&d.timeout, "dns-timeout", resolve.DefaultTimeout, "how long a DNS query waits for its answer (it is sent once more)")
}

// dnsRun is the DNS side of one run: the resolver the engine asks, the
// client behind it (for the progress line) and the cache to save.
type dnsRun struct {
	resolver domain.Resolver
	client   *resolve.Client
	cache    *resolve.Cache
}

// start returns the DNS side of a run, or nil when DNS is off: by --dns,
// else by the configuration's dns key. A cache named by --dns-cache that
// cannot be used is an error; the default one is a convenience, so that
// it cannot be used (another user's, after a run under sudo) is a warning
// and the run goes on without it.
func (d *dnsOptions) start(cfg *config.Config, warn func(string)) (*dnsRun, error) {
	on := d.on
	if !d.set {
		on = cfg.DNS.Value == "true"
	}
	if !on {
		return nil, nil
	}
	if d.inFlight < 1 || d.perSecond < 1 || d.timeout <= 0 {
		return nil, exitcode.Usagef("--dns-in-flight, --dns-rate and --dns-timeout must be above 0 (got %d, %d, %s)", d.inFlight, d.perSecond, d.timeout)
	}
	c, err := resolve.New(resolve.Options{Server: d.server, InFlight: d.inFlight, PerSecond: d.perSecond, Timeout: d.timeout})
	if err != nil {
		return nil, exitcode.Usagef("%v", err)
	}
	run := &dnsRun{resolver: c, client: c}
	if d.cache == "off" {
		return run, nil
	}
	path := d.cache
	if path == "" {
		path, err = resolve.DefaultCachePath()
		if err == nil {
			run.cache, err = resolve.OpenCache(path, c)
		}
		if err != nil {
			warn(fmt.Sprintf("the DNS cache cannot be used, so every domain is looked up: %v (--dns-cache names another, or off)", err))
			run.cache = nil
			return run, nil
		}
	} else if run.cache, err = resolve.OpenCache(path, c); err != nil {
		return nil, &exitcode.Error{Code: exitcode.Trouble, Err: err}
	}
	run.resolver = run.cache
	return run, nil
}

// save writes the answers learnt to the cache, when there is one.
func (r *dnsRun) save() error {
	if r == nil || r.cache == nil {
		return nil
	}
	return r.cache.Save()
}
