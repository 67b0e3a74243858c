package rules

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/homoglyph"
	"github.com/rcptlint/rcptlint/pkg/typo"
)

// Options are the user's settings that rules read: the configuration
// file's trusted, known and sensitive-tlds keys.
type Options struct {
	// Trusted lists domains and public suffixes the user means to write to
	// (acme.com, mod.gov.uk, mil). Near misses of these are errors.
	Trusted []string
	// Known lists legitimate domains that must never be reported as typos.
	Known []string
	// Sensitive lists top-level domains and preset names.
	Sensitive []string
}

// Env is the read-only context every rule gets: embedded data plus the
// user's lists, normalized and indexed once.
type Env struct {
	Data *Data

	trustedDomains map[string]bool
	// trustedTargets are the trusted domains as targets, sorted by name
	// and each once, while the Env is built: their facts come from
	// validating the entries.
	trustedTargets  []trustedTarget
	trustedSuffixes map[string]bool
	// trustedSuffixList holds the keys of trustedSuffixes, sorted.
	trustedSuffixList []string
	known             map[string]bool
	// Sensitive maps a TLD to the lists that name it.
	Sensitive map[string][]string

	// targets are the domains typos are measured against: trusted domains
	// and well-known ones that are not everyday words.
	targets    []target
	labelIndex *typo.Index
	prepare    func() // readies labelIndex once, for concurrent lookups
	// commonTLDKeys are the homoglyph keys of Data.CommonTLDs, made on
	// first use.
	commonTLDKeys func() []string
	// commonTLDSet holds Data.CommonTLDs, made on first use.
	commonTLDSet func() map[string]bool
	byLabel      map[string][]int
	labelIDs     []int // byLabel's lists of one, while building
	// idnLabels indexes the labels of trusted internationalized domains
	// as they are read (bücher, not xn--bcher-kva), and idnTargets maps
	// each to its targets: a letter more or less changes the whole
	// punycode label. Nil without such domains.
	idnLabels   *typo.Index
	idnTargets  map[string][]int
	targetByKey map[string]int
	// wholeNames indexes the trusted and well-known names compared whole,
	// made on first use.
	wholeNames func() *typo.Names
	// lookalikes maps the homoglyph key of every trusted and well-known
	// domain (everyday words included) to the domain.
	lookalikes map[string]string
	// registryLabels returns the index of the labels of each registry in
	// Data.Registries, built on first use (see registry.go).
	registryLabels []func() *typo.Index
}

// target is a domain a typo may have meant: its registrable domain, and
// where in it its label ends and its public suffix starts, rather than
// the domain's facts (a trusted entry's facts took 128 bytes more).
type target struct {
	registrable        string
	labelEnd, suffixAt uint8
	trusted            bool
	brand              bool
	rank               int
}

// newTarget returns the target of the domain f.
func newTarget(f *domain.Facts) target {
	// A registrable domain is its label, a dot and its suffix, or a
	// public suffix under a wildcard rule, its own suffix: at most 253
	// bytes, and so are the offsets.
	return target{registrable: f.Registrable, labelEnd: uint8(len(f.Label)), suffixAt: uint8(len(f.Registrable) - len(f.Suffix))}
}

// label returns the leftmost label of the target's registrable domain.
func (t *target) label() string { return t.registrable[:t.labelEnd] }

// suffix returns the target's public suffix.
func (t *target) suffix() string { return t.registrable[t.suffixAt:] }

// trustedTarget is a trusted domain and its target.
type trustedTarget struct {
	name string
	target
}

// NewEnv validates the options against the embedded data and builds the
// indexes the rules need. Errors name the offending entry.
func NewEnv(o Options) (*Env, error) {
	data, err := LoadData()
	if err != nil {
		return nil, fmt.Errorf("embedded data: %w", err)
	}
	e := &Env{
		Data:            data,
		trustedSuffixes: map[string]bool{},
		known:           map[string]bool{},
		Sensitive:       map[string][]string{},
	}
	if err := e.addTrusted(o.Trusted); err != nil {
		return nil, err
	}
	for i, k := range o.Known {
		f, err := entryFacts(k)
		if err != nil {
			return nil, &EntryError{Key: "known", Index: i, Err: err}
		}
		e.known[f.Name] = true
	}
	sort.Strings(e.trustedSuffixList)
	if err := e.addSensitive(o.Sensitive); err != nil {
		return nil, err
	}
	e.buildTargets()
	e.trustedTargets = nil
	e.registryLabels = registryIndexes(data)
	return e, nil
}

// addTrusted validates the trusted entries and files them as suffixes or
// as domains, each name once. The tables are sized by the distinct names,
// never by the entries: a list repeating one domain 1.86 million times
// (16 MiB of configuration) had them hold room for as many. The targets
// are gathered in one array as long as the list, gone once the Env is
// built, and sorted by name to drop the repeats; grown by doubling, a
// long list of distinct names left its old tables to the collector.
func (e *Env) addTrusted(entries []string) error {
	targets := make([]trustedTarget, 0, len(entries))
	for i, t := range entries {
		f, err := entryFacts(t)
		if err != nil {
			return &EntryError{Key: "trusted", Index: i, Err: err}
		}
		if domain.IsPublicSuffix(f.Name) {
			if !e.trustedSuffixes[f.Name] {
				e.trustedSuffixes[f.Name] = true
				e.trustedSuffixList = append(e.trustedSuffixList, f.Name)
			}
			continue
		}
		t := newTarget(f)
		t.trusted, t.rank = true, -1
		targets = append(targets, trustedTarget{f.Name, t})
	}
	byName := func(a, b trustedTarget) int { return strings.Compare(a.name, b.name) }
	slices.SortFunc(targets, byName)
	targets = slices.CompactFunc(targets, func(a, b trustedTarget) bool { return a.name == b.name })
	e.trustedDomains = make(map[string]bool, len(targets))
	for _, t := range targets {
		e.trustedDomains[t.name] = true
	}
	e.trustedTargets = targets
	return nil
}

// EntryError is an invalid entry in one of the user's lists.
type EntryError struct {
	// Key names the list: trusted, known or sensitive-tlds.
	Key string
	// Index is the entry's position in the list, from 0.
	Index int
	Err   error
}

func (e *EntryError) Error() string { return e.Key + ": " + e.Err.Error() }

// Unwrap returns the underlying error.
func (e *EntryError) Unwrap() error { return e.Err }

// entryFacts validates one domain entry of the user's lists: a domain, or
// a bare top-level domain (mil, рф).
func entryFacts(entry string) (*domain.Facts, error) {
	s := strings.TrimPrefix(strings.TrimSpace(entry), ".")
	if !strings.Contains(s, ".") {
		tld, err := NormalizeTLD(s)
		if err != nil {
			return nil, fmt.Errorf("%q is not a top-level domain", entry)
		}
		return &domain.Facts{Name: tld, TLD: tld, KnownTLD: true}, nil
	}
	f := domain.Analyze(s)
	switch {
	case f.Err != nil:
		return nil, fmt.Errorf("%q is not a valid domain: %s", entry, f.Err.Msg)
	case f.Literal:
		return nil, fmt.Errorf("%q is an address literal, not a domain", entry)
	case !f.KnownTLD:
		return nil, fmt.Errorf("%q has top-level domain %q, which does not exist", entry, f.TLD)
	}
	return f, nil
}

func (e *Env) addSensitive(entries []string) error {
	for i, s := range entries {
		if p, ok := e.Data.Presets[strings.TrimSpace(s)]; ok {
			for _, t := range p.TLDs {
				e.Sensitive[t] = appendOnce(e.Sensitive[t], "preset "+p.Name)
			}
			continue
		}
		t, err := NormalizeTLD(s)
		if err != nil {
			err := fmt.Errorf("%q is neither a top-level domain nor a preset (presets: %s)", s, strings.Join(e.PresetNames(), ", "))
			return &EntryError{Key: "sensitive-tlds", Index: i, Err: err}
		}
		e.Sensitive[t] = appendOnce(e.Sensitive[t], "your configuration")
	}
	return nil
}

func appendOnce(l []string, s string) []string {
	for _, x := range l {
		if x == s {
			return l
		}
	}
	return append(l, s)
}

// PresetNames lists the embedded sensitive-TLD presets, sorted.
func (e *Env) PresetNames() []string {
	var names []string
	for _, p := range e.sortedPresets() {
		names = append(names, p.Name)
	}
	return names
}

func (e *Env) sortedPresets() []Preset {
	var ps []Preset
	for _, p := range e.Data.Presets {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i].Name < ps[j].Name })
	return ps
}

// targetsLabelled returns the targets whose label is label.
func (e *Env) targetsLabelled(label string) []int {
	if e.byLabel != nil {
		return e.byLabel[label]
	}
	if t, ok := findGenerated(genByLabel[:], genByLabelSlots[:], label); ok {
		return t.ids
	}
	return nil
}

// targetRegistrable returns the target whose registrable domain is key.
func (e *Env) targetRegistrable(key string) (int, bool) {
	if e.targetByKey != nil {
		id, ok := e.targetByKey[key]
		return id, ok
	}
	if t, ok := findGenerated(genTargetByKey[:], genTargetByKeySlots[:], key); ok {
		return t.id, true
	}
	return 0, false
}

// lookalike returns the trusted or well-known domain whose homoglyph key
// is key.
func (e *Env) lookalike(key string) (string, bool) {
	if e.lookalikes != nil {
		name, ok := e.lookalikes[key]
		return name, ok
	}
	if l, ok := findGenerated(genLookalikes[:], genLookalikesSlots[:], key); ok {
		return l.name, true
	}
	return "", false
}

// findGenerated returns the entry of a generated table whose key is key.
func findGenerated[E interface{ tableKey() string }](entries []E, slots []uint16, key string) (*E, bool) {
	mask := uint64(len(slots) - 1)
	for i := fnv64(key) & mask; ; i = (i + 1) & mask {
		s := slots[i]
		if s == 0 {
			return nil, false
		}
		if e := &entries[s-1]; (*e).tableKey() == key {
			return e, true
		}
	}
}

// fnv64 is the FNV-1a hash the generated tables are laid out by: each
// table's slots hold an entry's place plus one, or 0, in a power of two
// of them, at most half full, probed on from the key's hash.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// The generated tables' entries.
type (
	labelTargets struct {
		label string
		ids   []int
	}
	keyTarget struct {
		key string
		id  int
	}
	keyName struct{ key, name string }
)

func (l labelTargets) tableKey() string { return l.label }
func (t keyTarget) tableKey() string    { return t.key }
func (l keyName) tableKey() string      { return l.key }

// labels returns the index of the targets' labels, ready for lookups from
// any goroutine; it is prepared on first use, so that a run that never
// looks a label up does not pay for it.
func (e *Env) labels() *typo.Index {
	e.prepare()
	return e.labelIndex
}

// LargeTrusted is the number of trusted domains past which names are
// compared within one edit, not two: the index then keeps n+1 keys for a
// label of n letters instead of up to 1+n+n(n-1)/2, so that a list of a
// million entries fits in memory (700,000 entries: 1.26 GB before).
const LargeTrusted = 100_000

// buildTargets indexes the domains typos are measured against: the
// well-known ones, whose index was built ahead of time, then the trusted
// ones.
func (e *Env) buildTargets() {
	d := e.Data
	e.labelIndex = typo.NewIndexPrepared(d.TargetLabels, d.TargetIndex, d.TargetDir)
	e.prepare = sync.OnceFunc(e.labelIndex.Prepare)
	e.commonTLDSet = sync.OnceValue(func() map[string]bool {
		set := make(map[string]bool, len(d.CommonTLDs))
		for _, t := range d.CommonTLDs {
			set[t] = true
		}
		return set
	})
	e.commonTLDKeys = sync.OnceValue(func() []string {
		keys := make([]string, len(d.CommonTLDs))
		for i, t := range d.CommonTLDs {
			keys[i] = homoglyph.Key(t)
		}
		return keys
	})
	e.wholeNames = sync.OnceValue(e.buildWholeNames)
	if len(e.trustedDomains) == 0 {
		// The well-known targets alone: tables generated at build time,
		// looked up by binary search, so that a start makes no map of
		// them (a tenth of a start's time).
		e.targets = genTargets[:]
		return
	}
	e.buildTargetMaps()
}

// buildTargetMaps makes the maps of the targets, for trusted domains and
// for generating the tables of the well-known ones.
func (e *Env) buildTargetMaps() {
	d := e.Data
	n := len(d.WellKnownList) + len(e.trustedDomains)
	e.byLabel = make(map[string][]int, n)
	e.labelIDs = make([]int, 0, n)
	e.targetByKey = make(map[string]int, n)
	e.lookalikes = make(map[string]string, n)
	e.targets = make([]target, 0, n)
	for _, w := range d.WellKnownList {
		if _, dup := e.lookalikes[w.Key]; !dup {
			e.lookalikes[w.Key] = w.Name
		}
		if !isTarget(w) {
			continue
		}
		e.addTarget(target{registrable: w.Registrable, labelEnd: uint8(len(w.Label)), suffixAt: uint8(len(w.Registrable) - len(w.Suffix)),
			rank: w.Rank, brand: w.Brand})
	}
	trusted := e.trustedTargets
	if len(trusted) > LargeTrusted {
		e.labelIndex.Limit(1)
	}
	keys := 0
	for i := range trusted {
		keys += e.labelIndex.KeysFor(trusted[i].label())
	}
	e.labelIndex.Grow(keys)
	for _, t := range trusted {
		e.addTarget(t.target)
		e.addLookalike(t.name)
		e.addIDNLabel(t.target)
	}
	if e.idnLabels != nil {
		e.idnLabels.Prepare()
	}
	// The trusted targets of a label come first, by top-level domain and
	// then name, for trustedSuffix to find those under a domain's own
	// top-level domain and read a bounded few; the others keep their
	// order. Most lists hold one target.
	for _, ids := range e.byLabel {
		if len(ids) > 1 {
			slices.SortStableFunc(ids, func(a, b int) int {
				ta, tb := &e.targets[a], &e.targets[b]
				if ta.trusted != tb.trusted {
					if ta.trusted {
						return -1
					}
					return 1
				}
				if ta.trusted {
					return cmp.Or(strings.Compare(topLevel(ta.suffix()), topLevel(tb.suffix())), strings.Compare(ta.registrable, tb.registrable))
				}
				return 0
			})
		}
	}
}

// addIDNLabel indexes the label of a trusted internationalized domain as
// it is read.
func (e *Env) addIDNLabel(t target) {
	label := t.label()
	if !strings.HasPrefix(label, "xn--") {
		return
	}
	u := unicodeName(label)
	if u == label {
		return
	}
	if e.idnLabels == nil {
		e.idnLabels, e.idnTargets = typo.NewIndex(), map[string][]int{}
	}
	if _, ok := e.idnTargets[u]; !ok {
		e.idnLabels.Add(u)
	}
	id := e.targetByKey[t.registrable]
	if !slices.Contains(e.idnTargets[u], id) {
		e.idnTargets[u] = append(e.idnTargets[u], id)
	}
}

func (e *Env) addTarget(t target) {
	key := t.registrable
	if id, dup := e.targetByKey[key]; dup {
		// A trusted domain that is also well-known is trusted.
		e.targets[id].trusted = e.targets[id].trusted || t.trusted
		return
	}
	id := len(e.targets)
	e.targets = append(e.targets, t)
	e.targetByKey[key] = id
	label := t.label()
	if _, ok := e.byLabel[label]; !ok && t.trusted {
		// Well-known labels are in the index already.
		e.labelIndex.Add(label)
	}
	ids, ok := e.byLabel[label]
	if !ok {
		// Most labels have one target: their lists share one array.
		e.labelIDs = append(e.labelIDs, id)
		n := len(e.labelIDs)
		ids = e.labelIDs[n-1 : n : n]
	} else {
		ids = append(ids, id)
	}
	e.byLabel[label] = ids
}

func (e *Env) addLookalike(name string) {
	key := homoglyph.Key(unicodeName(name))
	if _, dup := e.lookalikes[key]; !dup {
		e.lookalikes[key] = name
	}
}

// trustedOnlyUnder returns the trusted suffix name is under when name is
// trusted through it alone: neither a trusted domain nor under one, nor
// well-known or registered. It returns "" otherwise.
func (e *Env) trustedOnlyUnder(name string) string {
	if coveredBy(name, e.trustedDomains) || e.IsWellKnown(name) || e.IsRegistered(name) {
		return ""
	}
	for n := parent(name); n != ""; n = parent(n) {
		if e.trustedSuffixes[n] {
			return n
		}
	}
	return ""
}

// IsTrusted reports whether name (ASCII) is a trusted domain, under one, or
// under a trusted suffix.
func (e *Env) IsTrusted(name string) bool {
	return coveredBy(name, e.trustedDomains) || coveredBy(name, e.trustedSuffixes) && !e.trustedSuffixes[name]
}

// IsWellKnown reports whether name or a domain it is under is in the
// embedded list of well-known mail domains.
func (e *Env) IsWellKnown(name string) bool {
	for n := name; n != ""; n = parent(n) {
		if _, ok := e.Data.WellKnown[n]; ok {
			return true
		}
	}
	return false
}

// isListedWellKnown reports whether name itself, not a domain it is under,
// is on the list of well-known mail domains (never without an Env).
func (e *Env) isListedWellKnown(name string) bool {
	if e == nil {
		return false
	}
	_, ok := e.Data.WellKnown[name]
	return ok
}

// IsKnown reports whether name is under a domain listed as known.
func (e *Env) IsKnown(name string) bool { return coveredBy(name, e.known) }

// Legit reports whether a domain is one the user means or that is widely
// used, and so never a typo of another.
func (e *Env) Legit(name string) bool {
	return e.IsTrusted(name) || e.IsWellKnown(name) || e.IsKnown(name) || e.IsRegistered(name)
}

// Named reports whether name is a domain someone listed or registered:
// trusted by name (not only as a name under a trusted suffix: under
// trusted: [mil], x.mil is no domain anyone named), well-known, known or
// registered. A slip is only guessed toward such a name where the slip
// alone, a dot a place off, is the evidence.
func (e *Env) Named(name string) bool {
	return e.Legit(name) && e.trustedOnlyUnder(name) == ""
}

// Describe says what kind of domain name is, for messages: "trusted",
// "well-known mail", "known", "military", "registered .gov" or "".
func (e *Env) Describe(name string) string {
	switch {
	case e.IsTrusted(name):
		return "trusted"
	case e.IsWellKnown(name):
		return "well-known mail"
	case e.IsKnown(name):
		return "known"
	case e.IsRegistered(name):
		return registeredKind(name)
	}
	return ""
}

// Country returns the country a two-letter TLD stands for, or "".
func (e *Env) Country(tld string) string { return e.Data.Countries[tld] }

func coveredBy(name string, set map[string]bool) bool {
	if len(set) == 0 {
		return false
	}
	for n := name; n != ""; n = parent(n) {
		if set[n] {
			return true
		}
	}
	return false
}

// parent returns name without its first label, or "".
func parent(name string) string {
	if dot := strings.IndexByte(name, '.'); dot >= 0 {
		return name[dot+1:]
	}
	return ""
}
