package rules

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/rcptlint/rcptlint/pkg/lint"
	"github.com/rcptlint/rcptlint/pkg/typo"
)

// Thresholds of the outlier rule. A domain is rare when it has at most
// outlierRareMax recipients; its near miss is frequent when it has at least
// outlierMinFrequent recipients and outlierRatio times as many as the rare
// one. Two twins of similar size (gmx.at and gmx.ch, 25 each) are never
// reported, nor are small lists where nothing stands out.
const (
	outlierRareMax     = 3
	outlierMinFrequent = 5
	outlierRatio       = 5
)

// The rule counts at most outlierMaxDomains distinct domains, about 200
// bytes each: past that, a domain not seen before is not counted (the rule
// says so once), so that a list of millions of distinct domains cannot
// exhaust memory. It finds a domain's count by the engine's number for it
// below outlierMaxIDs, and by its name above.
const (
	outlierMaxDomains = 1 << 17
	outlierMaxIDs     = 1 << 20
)

// Outlier reports a domain that is rare in the run and a slip away from a
// domain that is frequent in it, even if neither is in any list.
type Outlier struct{ env *Env }

// Doc documents the outlier rule.
func (Outlier) Doc() lint.Doc {
	return lint.Doc{
		ID:       "outlier",
		Summary:  "A domain seen a few times is a slip of a domain frequent in the same run",
		Severity: lint.Warning,
		Explanation: fmt.Sprintf(`Looks at the whole run, across every input file: a domain with at most %d
recipients that is a likely slip of a domain with at least %d recipients and
%d times as many is probably a typo, whether or not either is in any list:

  100 recipients at acme-logistics.com and 1 at acme-logistcs.com
  38 at hr.contoso-group.de and 1 at hr.contoso-gruop.de

(One us.af.ml among 57 us.af.mil is tld-typo's already: .ml for .mil is a
slip whatever the list.)

A slip is what domain-typo accepts between two labels (a swap, a letter
missing or extra, a neighbouring key, a dropped hyphen, more for longer
labels), a single edit of the top-level domain (.ml for .mil), or a dot
left out or added. Only one label may differ. The finding counts both
domains and suggests the frequent one.

Twins of similar size (gmx.at and gmx.ch, 25 each) are not reported, nor is
a list of many unrelated company domains, nor a domain that is trusted,
well-known or known, nor one another rule has already corrected. Memory
holds per-domain counts and the locations of at most %d addresses per
domain, never the list itself, and at most %d domains: past that the rule
says so once, at the first address whose domain it no longer counts, and
domains first seen later are not compared. Among thousands of frequent
domains a slip apart, a rare one is compared with the %d nearest found.`, outlierRareMax, outlierMinFrequent, outlierRatio, outlierRareMax, outlierMaxDomains, twinsNearMax),
		Examples: []lint.Example{
			{Address: "ops@acme-logistcs.com", Finding: "1 recipient at acme-logistcs.com, 100 at acme-logistics.com"},
			{Address: "hr@hr.contoso-gruop.de", Finding: "1 recipient at hr.contoso-gruop.de, 38 at hr.contoso-group.de"},
			{Address: "x@gmx.ch", Finding: ""},
		},
		FalsePositives: `A small partner whose domain is one letter from a big one in the same list
(acne.com beside 40 at acme.com) is reported; add it to 'known'.`,
		Fixable: true,
	}
}

// NewBatch starts counting for one run.
func (r Outlier) NewBatch() lint.Batch {
	return &outlierBatch{env: r.env, domains: map[string]*domainCount{}, files: map[int32]string{}}
}

type outlierBatch struct {
	env     *Env
	domains map[string]*domainCount
	full    *site // the first address at a domain that was not counted
	// byID holds each domain's state by Subject.DomainID, so that an
	// address finds it without hashing its domain; nil, once seen, for a
	// domain that is not valid.
	byID  []idState
	files map[int32]string // input names by Location.Source
}

type idState struct {
	d    *domainCount
	seen bool
	// many is set once the domain is past its rare addresses; n then
	// counts its later addresses through this id, for tally to add.
	many bool
	n    uint32
}

// domainCount is what the rule keeps of one domain.
type domainCount struct {
	// name and unicode are the domain's ASCII and Unicode forms; the rule
	// keeps them, not the domain's facts, whose memory then goes with the
	// engine's cache.
	name, unicode string
	count         int
	// sites are the first addresses at the domain, kept while it is rare.
	sites []site
	// quiet is set when the domain must not be reported: allowed, or
	// already corrected by another rule.
	quiet bool
}

// site is where one address at a rare domain was: its input (by number;
// outlierBatch.files names it), line and columns, and the address.
type site struct {
	source, line, column, char int32
	address                    string
	localLen                   int32
}

func (s *site) location(files map[int32]string) lint.Location {
	return lint.Location{File: files[s.source], Source: int(s.source), Line: int(s.line), Column: int(s.column), Char: int(s.char)}
}

// Observe counts the address's domain.
func (b *outlierBatch) Observe(s *lint.Subject, loc lint.Location) {
	if s.SplitErr != nil {
		return
	}
	if id := s.DomainID; id < len(b.byID) {
		// A domain past its rare addresses, nearly every address of a
		// list, is only counted, in the dense table of ids.
		if st := &b.byID[id]; st.many {
			if st.n++; st.n == 1<<31 {
				st.d.count += int(st.n)
				st.n = 0
			}
			if s.Allowed || s.Suggested {
				st.d.quiet = true
			}
			return
		}
	}
	d := b.count(s, loc)
	if d == nil {
		return
	}
	d.count++
	d.quiet = d.quiet || s.Allowed || s.Suggested
	if d.count <= outlierRareMax {
		src := int32(loc.Source)
		if _, ok := b.files[src]; !ok {
			b.files[src] = loc.File
		}
		d.sites = append(d.sites, site{src, int32(loc.Line), int32(loc.Column), int32(loc.Char), strings.Clone(s.Raw), int32(len(s.Addr.Local))})
	} else {
		d.sites = nil
		if id := s.DomainID; id < len(b.byID) {
			b.byID[id].many = true
		}
	}
}

// tally adds the counts kept by id to their domains.
func (b *outlierBatch) tally() {
	for i := range b.byID {
		if st := &b.byID[i]; st.n > 0 {
			st.d.count += int(st.n)
			st.n = 0
		}
	}
}

// count returns the state of the subject's domain, or nil for a domain
// that is not valid or not counted: by its number, or by its name the
// first time the number is seen.
func (b *outlierBatch) count(s *lint.Subject, loc lint.Location) *domainCount {
	id := s.DomainID
	if id < len(b.byID) && b.byID[id].seen {
		return b.byID[id].d
	}
	d := b.byName(s, loc)
	if id < outlierMaxIDs {
		for len(b.byID) <= id {
			b.byID = append(b.byID, idState{})
		}
		b.byID[id] = idState{d: d, seen: true}
	}
	return d
}

func (b *outlierBatch) byName(s *lint.Subject, loc lint.Location) *domainCount {
	if !s.Domain.Valid() {
		return nil
	}
	if d, ok := b.domains[s.Domain.Name]; ok {
		return d
	}
	if len(b.domains) >= outlierMaxDomains {
		if b.full == nil {
			b.full = &site{int32(loc.Source), int32(loc.Line), int32(loc.Column), int32(loc.Char), strings.Clone(s.Raw), int32(len(s.Addr.Local))}
			b.files[int32(loc.Source)] = loc.File
		}
		return nil
	}
	d := &domainCount{name: s.Domain.Name, unicode: s.Domain.Unicode}
	b.domains[s.Domain.Name] = d
	return d
}

// Finish reports each rare domain that is a slip of a frequent one.
func (b *outlierBatch) Finish(report func(lint.Location, string, lint.Issue)) {
	b.tally()
	if f := b.full; f != nil {
		msg := fmt.Sprintf("the run has more than %d distinct domains; domains first seen from here on are not compared", outlierMaxDomains)
		report(f.location(b.files), f.address, lint.Issue{Message: msg, Severity: lint.Info})
	}
	// The rare domains are listed meanwhile, on another core.
	rareOnes := make(chan []*domainCount, 1)
	go func() { rareOnes <- b.rare() }()
	groups := b.frequent()
	rare := <-rareOnes
	if len(groups.dotless) == 0 {
		return
	}
	near := make([]slip, len(rare))
	parallel(len(rare), func(i int) {
		d := rare[i]
		if best, how := groups.nearest(d); best != nil {
			msg := fmt.Sprintf("%s at %s, %d at %s (%s)", recipients(d.count), d.unicode, best.count, best.unicode, how)
			near[i] = slip{best, msg}
		}
	})
	for i, d := range rare {
		best := near[i].to
		if best == nil {
			continue
		}
		for _, s := range d.sites {
			report(s.location(b.files), s.address, lint.Issue{Message: near[i].msg, Suggestion: s.address[:s.localLen] + "@" + best.name})
		}
	}
}

// slip is the frequent domain a rare one is a slip of, and the message
// that says so.
type slip struct {
	to  *domainCount
	msg string
}

// parallel calls fn(i) for every i below n, on every core: the rare
// domains of a long list are many, and each is looked up on its own.
func parallel(n int, fn func(i int)) {
	const chunk = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk) {
		wg.Go(func() {
			for {
				from := int(next.Add(chunk)) - chunk
				if from >= n {
					return
				}
				for i := from; i < min(from+chunk, n); i++ {
					fn(i)
				}
			}
		})
	}
	wg.Wait()
}

// groups files the frequent domains for a rare one to find its
// candidates among them without comparing it with each.
type groups struct {
	// A slip changes one label, so masked files the frequent domains
	// under their name with each label in turn blanked out: a rare
	// domain finds its twins by blanking its own labels.
	masked map[uint64]*twins
	// A dot left out or added keeps the letters: dotless files each
	// frequent domain under dotlessKey, with the one most used; a rare
	// domain looks up its own letters with a label more or fewer.
	dotless map[string]*domainCount
}

// frequent files the frequent domains, in the order of their names: a
// rare domain among very many twins is compared with the nearest
// twinsNearMax the index finds, and which of those tied it finds depends
// on the order they were filed in, which the map's must not decide.
func (b *outlierBatch) frequent() *groups {
	g := &groups{masked: map[uint64]*twins{}, dotless: map[string]*domainCount{}}
	var buf [256]byte
	var freq []*domainCount
	for _, d := range b.domains {
		if d.count >= outlierMinFrequent {
			freq = append(freq, d)
		}
	}
	slices.SortFunc(freq, func(a, b *domainCount) int { return strings.Compare(a.name, b.name) })
	for _, d := range freq {
		labels := strings.Count(d.name, ".") + 1
		for i := range labels {
			key := maskedKey(d.name, i)
			t := g.masked[key]
			if t == nil {
				t = &twins{label: i, last: i == labels-1}
				g.masked[key] = t
			}
			t.add(d)
		}
		key := dotlessKey(buf[:0], d.name, labels)
		if f, ok := g.dotless[string(key)]; !ok || moreUsed(d, f) {
			g.dotless[string(key)] = d
		}
	}
	g.limitIndexes()
	return g
}

// twinsKeysMax bounds the keys of the twins' indexes together, 8 bytes
// each: past it every index answers one edit, not two, and a label files
// a key a letter rather than one for each pair of letters (40,000
// numbered company names of 13 letters: 3.7 million keys, 29 MiB, which
// pushed the heap past the soft limit and the collector to run without a
// pause; 0.5 million, 4.4 MiB, within one edit). Real lists, with at most
// thousands of frequent domains under one suffix, stay far below it.
const twinsKeysMax = 1 << 21

// limitIndexes decides, for every group of twins that will be indexed,
// the edits its index answers, from the keys all of them would file:
// decided together, before any is built, so that the answer does not
// depend on which rare domain came first.
func (g *groups) limitIndexes() {
	probe, tlds := typo.NewIndex(), typo.NewIndexWithin(1)
	keys := 0
	for _, t := range g.masked {
		if len(t.domains) <= twinsScanMax {
			continue
		}
		for _, l := range t.labels {
			if t.last {
				keys += tlds.KeysFor(l)
			} else {
				keys += probe.KeysFor(l)
			}
		}
	}
	if keys <= twinsKeysMax {
		return
	}
	for _, t := range g.masked {
		t.limited = true
	}
}

// moreUsed reports whether d comes before f among equally likely slips:
// more recipients, then the first name.
func moreUsed(d, f *domainCount) bool {
	return d.count > f.count || d.count == f.count && d.name < f.name
}

// each calls fn with every frequent domain that may be a slip away from
// d: its twins whose differing label is near its own, and of the domains
// with its letters and a dot more or fewer, the most used. Each of these
// is a slip of the same cost, so the most used is the one nearest picks.
func (g *groups) each(d *domainCount, fn func(*domainCount)) {
	labels := strings.Count(d.name, ".") + 1
	for i := range labels {
		if t := g.masked[maskedKey(d.name, i)]; t != nil {
			t.each(d.name, fn)
		}
	}
	var buf [256]byte
	for _, n := range []int{labels - 1, labels + 1} {
		if f := g.dotless[string(dotlessKey(buf[:0], d.name, n))]; f != nil {
			fn(f)
		}
	}
}

// The frequent domains are grouped under 64-bit hashes of their names
// with one label blanked out, computed without building the strings. Two
// names that share a hash by chance only put a few more candidates before
// domainSlip, which compares the names.
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// maskedKey hashes name with its i-th label replaced by a NUL byte.
func maskedKey(name string, i int) uint64 {
	h := uint64(fnvOffset)
	if i == 0 {
		h *= fnvPrime // h ^ 0
	}
	label := 0
	for j := 0; j < len(name); j++ {
		c := name[j]
		if c == '.' {
			h = (h ^ '.') * fnvPrime
			if label++; label == i {
				h *= fnvPrime
			}
			continue
		}
		if label != i {
			h = (h ^ uint64(c)) * fnvPrime
		}
	}
	return h
}

// dotlessKey appends to buf the number of labels, as a byte, and name
// without its dots.
func dotlessKey(buf []byte, name string, labels int) []byte {
	buf = append(buf, byte(labels))
	for j := 0; j < len(name); j++ {
		if c := name[j]; c != '.' {
			buf = append(buf, c)
		}
	}
	return buf
}

// rare lists the domains that may be reported, in a fixed order.
func (b *outlierBatch) rare() []*domainCount {
	var out []*domainCount
	for _, d := range b.domains {
		if d.count <= outlierRareMax && !d.quiet && !b.env.Legit(d.name) {
			out = append(out, d)
		}
	}
	slices.SortFunc(out, func(a, b *domainCount) int { return strings.Compare(a.name, b.name) })
	return out
}

// twins are the frequent domains that differ only in one label.
type twins struct {
	label int
	// last is set when the label that differs is the top-level domain.
	last    bool
	domains []*domainCount
	labels  []string // each domain's label that differs
	// index holds the differing labels of many twins, built on first use,
	// so that a rare domain is compared with the few whose label is near
	// its own, not with every domain under the same suffix.
	index *typo.Index
	build sync.Once
	// limited is set when the index answers one edit only (see
	// twinsKeysMax).
	limited bool
}

// twinsNearMax is how many twins with a label near a rare domain's that
// domain is compared with: thousands of twins a slip apart are no list of
// real domains, and comparing each rare domain with each would make the
// search quadratic.
const twinsNearMax = 64

// twinsScanMax is how many twins are compared one by one (by length, then
// by distance) before an index of their labels pays: on a list of a
// million addresses at a thousand domains, 64 against 16 took the rule's
// search from 6.0 to 5.2 ms, 128 and 256 to 5.3 and 5.6 ms.
const twinsScanMax = 64

func (t *twins) add(d *domainCount) {
	t.domains = append(t.domains, d)
	t.labels = append(t.labels, labelAt(d.name, t.label))
}

// each calls fn with every twin that may be a slip away from name.
func (t *twins) each(name string, fn func(*domainCount)) {
	if len(t.domains) <= twinsScanMax {
		// Only twins whose label is within the distance the index would
		// answer (the most labelSlip accepts; typo.Single accepts one
		// edit) are offered: a length apart, then by the distance.
		label := labelAt(name, t.label)
		n := len(label)
		for i, f := range t.domains {
			l := t.labels[i]
			d := max(typo.MaxDistance(len(l)), 1)
			if t.last {
				d = 1
			}
			if m := len(l); m <= n+d && n <= m+d && typo.Distance(label, l, d) <= d {
				fn(f)
			}
		}
		return
	}
	t.prepare()
	// The index finds every label within the edits labelSlip accepts,
	// or the nearest twinsNearMax among very many.
	t.index.NearUpTo(labelAt(name, t.label), twinsNearMax, func(id, _ int) { fn(t.domains[id]) })
}

// prepare builds the index of the twins' labels, once.
func (t *twins) prepare() {
	t.build.Do(func() {
		switch {
		case t.last:
			// A slip in the top-level domain is one edit of two or
			// three letters, which an index keyed by the edits a
			// label's length allows does not hold: its twins are
			// compared within one edit.
			t.index = typo.NewIndexWithin(1)
		case t.limited:
			t.index = typo.NewIndexLimited(1)
		default:
			t.index = typo.NewIndex()
		}
		keys := 0
		for _, l := range t.labels {
			keys += t.index.KeysFor(l)
		}
		// Room for the keys is made once: grown by doubling, the slice
		// held half again as much, its old copies waiting for the
		// collector.
		t.index.Grow(keys)
		for _, l := range t.labels {
			t.index.Add(l)
		}
		t.index.Prepare()
	})
}

// labelAt returns the i-th label of name.
func labelAt(name string, i int) string {
	for ; i > 0; i-- {
		name = name[strings.IndexByte(name, '.')+1:]
	}
	if dot := strings.IndexByte(name, '.'); dot >= 0 {
		return name[:dot]
	}
	return name
}

// nearest returns the frequent domain d is most likely a slip of.
func (g *groups) nearest(d *domainCount) (*domainCount, string) {
	var best *domainCount
	bestHow, bestCost := "", 0.0
	g.each(d, func(f *domainCount) {
		if f == d || f.count < outlierRatio*d.count {
			return
		}
		cost, how, ok := domainSlip(d.name, f.name)
		if ok && (best == nil || cost < bestCost || cost == bestCost && moreUsed(f, best)) {
			best, bestHow, bestCost = f, how, cost
		}
	})
	return best, bestHow
}

// domainSlip decides whether the domain typed is a likely slip for meant:
// one label differs by what domain-typo accepts, or the top-level domain
// by one edit, or a dot is left out or added.
func domainSlip(typed, meant string) (float64, string, bool) {
	var abuf, bbuf [8]string
	a, b := splitLabels(abuf[:0], typed), splitLabels(bbuf[:0], meant)
	if len(a) != len(b) {
		if strings.ReplaceAll(typed, ".", "") == strings.ReplaceAll(meant, ".", "") && len(a)-len(b) <= 1 && len(b)-len(a) <= 1 {
			return 0.8, "a dot left out or added", true
		}
		return 0, "", false
	}
	diff := -1
	for i := range a {
		if a[i] != b[i] {
			if diff >= 0 {
				return 0, "", false
			}
			diff = i
		}
	}
	if diff < 0 {
		return 0, "", false
	}
	if diff == len(a)-1 {
		e, ok := typo.Single(a[diff], b[diff])
		if !ok {
			return 0, "", false
		}
		return typo.Cost(e, a[diff]), fmt.Sprintf("'.%s' for '.%s'", a[diff], b[diff]), true
	}
	return labelSlip(a[diff], b[diff], typo.Distance(a[diff], b[diff], 2))
}

// splitLabels appends the labels of name to buf: strings.Split without
// its allocation, for the candidates of every rare domain.
func splitLabels(buf []string, name string) []string {
	for {
		dot := strings.IndexByte(name, '.')
		if dot < 0 {
			return append(buf, name)
		}
		buf = append(buf, name[:dot])
		name = name[dot+1:]
	}
}

func recipients(n int) string {
	if n == 1 {
		return "1 recipient"
	}
	return fmt.Sprintf("%d recipients", n)
}
