package lint

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rcptlint/rcptlint/pkg/domain"
)

// maxLookups bounds the lookups an engine remembers. Past it the memory
// starts afresh (a resolver's own cache may still answer), so that input
// with endless distinct domains cannot exhaust memory.
const maxLookups = 1 << 18

// evidence looks each distinct domain up once per run, on a goroutine of
// its own, so that the lookups of a batch's domains all run at once (the
// resolver bounds how many are in flight and how fast they go).
type evidence struct {
	ctx context.Context
	// end cancels ctx when the run ends: a lookup nobody waits for (the
	// domain meant of a slip whose own domain takes no mail) must not
	// outlive it.
	end context.CancelFunc
	r   domain.Resolver

	mu      sync.Mutex
	lookups map[string]*lookup
}

// lookup is one domain's lookup; mail is set when done is closed, nil
// when the context ended first.
type lookup struct {
	done     chan struct{}
	mail     *domain.Mail
	recalled domain.Mail // mail, when the resolver recalled it
}

// answered is the done channel of every lookup answered at once.
var answered = func() chan struct{} {
	c := make(chan struct{})
	close(c)
	return c
}()

func newEvidence(ctx context.Context, r domain.Resolver) *evidence {
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, end := context.WithCancel(ctx)
	return &evidence{ctx: ctx, end: end, r: r, lookups: map[string]*lookup{}}
}

// start returns the lookup of name, starting it on first sight. A name
// the resolver recalls is answered at once, without a goroutine, a
// channel or a place in the engine's memory.
func (ev *evidence) start(name string) *lookup {
	if rc, ok := ev.r.(domain.Recaller); ok {
		if m, ok := rc.Recall(name); ok {
			l := &lookup{done: answered, recalled: m}
			l.mail = &l.recalled
			return l
		}
	}
	ev.mu.Lock()
	defer ev.mu.Unlock()
	if l := ev.lookups[name]; l != nil {
		return l
	}
	if len(ev.lookups) >= maxLookups {
		ev.lookups = map[string]*lookup{}
	}
	l := &lookup{done: make(chan struct{})}
	ev.lookups[name] = l
	go func() {
		defer close(l.done)
		m := ev.r.LookupMail(ev.ctx, name)
		if ev.ctx.Err() == nil {
			l.mail = &m
		}
	}()
	return l
}

// answered reports whether the lookup has its answer.
func (l *lookup) answered() bool {
	select {
	case <-l.done:
		return true
	default:
		return false
	}
}

// wait returns the lookup's answer once there is one.
func (l *lookup) wait() *domain.Mail {
	<-l.done
	return l.mail
}

// pendingDNS is a domain's result while its evidence is gathered: the
// lookups of the domain and of the domain each issue says was meant, and
// the result weighed with their answers, made once by the first address
// that needs it.
type pendingDNS struct {
	own   *lookup
	meant []*lookup // by issue; nil for an issue that names no domain
	once  sync.Once
	// res is the weighed result, once made: every address after the
	// first reads it with one load.
	res atomic.Pointer[domainResult]
}

// pending starts the lookups for a domain named name and its issues.
func (ev *evidence) pending(name string, issues []ruleIssue) *pendingDNS {
	p := &pendingDNS{own: ev.start(name)}
	for i, ri := range issues {
		if m := meantDomain(ri.issue); m != "" && m != name {
			if p.meant == nil {
				p.meant = make([]*lookup, len(issues))
			}
			p.meant[i] = ev.start(m)
		}
	}
	return p
}

// settled reports whether every lookup of the domain has its answer, so
// that weighing it waits for nothing.
func (p *pendingDNS) settled() bool {
	if p.res.Load() != nil {
		return true
	}
	if !p.own.answered() {
		return false
	}
	for _, l := range p.meant {
		if l != nil && !l.answered() {
			return false
		}
	}
	return true
}

func meantDomain(is Issue) string {
	if is.Meant != "" {
		return is.Meant
	}
	return strings.ToLower(is.Suggestion)
}

// weighed returns r with the evidence in its facts and its issues weighed
// by it.
func (p *pendingDNS) weighed(r *domainResult) *domainResult {
	if w := p.res.Load(); w != nil {
		return w
	}
	p.once.Do(func() {
		w := *r
		w.dns = nil
		if mail := p.own.wait(); mail != nil {
			f := *r.facts
			f.Mail = mail
			w.facts = &f
			w.noMail = mail.Status != domain.Accepts
			w.issues, w.suggests = p.weigh(mail, r.issues)
		}
		p.res.Store(&w)
	})
	return p.res.Load()
}

// Messages that DNS evidence adds to a suspected slip.
const (
	bounceNoDomain = "; the domain does not exist, so this mail would bounce"
	bounceNoAlias  = "; the domain is an alias (CNAME) of '%s', which does not exist, so this mail would bounce"
	bounceNoMail   = "; the domain takes no mail, so this mail would bounce"
	acceptsMail    = "; the domain accepts mail: whoever holds it would receive this message"
)

// weigh applies DNS evidence to a domain's issues: a suggested repair of a
// domain that cannot receive mail is an error, said to bounce; one of a
// domain that accepts mail says so, as someone receives the message. An
// issue is dropped when the domain accepts mail and the one meant does not
// exist: nobody means a name that does not exist (univ-douala.cm is no
// slip for univ-douala.com then). A failed lookup changes nothing.
func (p *pendingDNS) weigh(own *domain.Mail, issues []ruleIssue) ([]ruleIssue, bool) {
	out := make([]ruleIssue, 0, len(issues))
	suggests := false
	for i, ri := range issues {
		is := ri.issue
		if own.Status == domain.Accepts && p.meant != nil && p.meant[i] != nil {
			if m := p.meant[i].wait(); m != nil && m.Status == domain.NoDomain {
				continue
			}
		}
		if is.Suggestion != "" {
			switch {
			case own.Status == domain.NoDomain && own.Alias != "":
				is.Message += fmt.Sprintf(bounceNoAlias, own.Alias)
				is.Severity = Error
			case own.Status == domain.NoDomain:
				is.Message += bounceNoDomain
				is.Severity = Error
			case own.Dead():
				is.Message += bounceNoMail
				is.Severity = Error
			case own.Status == domain.Accepts:
				is.Message += acceptsMail
			}
			suggests = true
		}
		out = append(out, ruleIssue{ri.rule, is})
	}
	return out, suggests
}
