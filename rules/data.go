package rules

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"golang.org/x/net/idna"

	"github.com/rcptlint/rcptlint/pkg/domain"
	"github.com/rcptlint/rcptlint/pkg/homoglyph"
	"github.com/rcptlint/rcptlint/pkg/typo"
)

//go:embed data
var dataFS embed.FS

// WellKnown is one entry of the embedded list of well-known mail domains.
type WellKnown struct {
	// Name is the mail domain: a registrable domain (gmail.com) or, where a
	// provider's mail lives below one, that subdomain (i.softbank.jp).
	Name string
	// Rank orders the list, most used first, from 0.
	Rank int
	// Word marks a domain that is an everyday word: legitimate, but never a
	// target of typo suggestions.
	Word bool
	// Brand marks a free-mail brand: a name that is no word, so that any
	// single slip in it, or another generic TLD after it, is a typo.
	Brand bool
	// Regional marks a brand that the list holds under at least
	// regionalMin country domains (yahoo.ca, yahoo.se, yahoo.com.sg): its
	// label under any other country's domain is taken for a regional
	// variant, not for a slip of a sibling.
	Regional bool
	// Registrable, Suffix and Label are the domain facts of Name.
	Registrable, Suffix, Label string
	// Key is the homoglyph comparison key of Name.
	Key string
}

// Preset is a named, dated list of sensitive top-level domains.
type Preset struct {
	Name  string
	Title string
	// Header is the file's comment block: source and date.
	Header string
	TLDs   []string
}

// Data is the embedded reference data the rules share, parsed and
// validated once.
type Data struct {
	// WellKnown holds each well-known domain's place in WellKnownList.
	WellKnown     map[string]int
	WellKnownList []WellKnown
	// TargetLabels are the labels of the well-known domains that typos are
	// measured against, in the order of WellKnownList, each once;
	// TargetIndex is their typo.Index keys, computed ahead of time.
	TargetLabels []string
	TargetIndex  []uint64
	TargetDir    []uint32 // the index's directory of key prefixes
	// WholeNames are the well-known domains that are no everyday word and
	// are compared whole (comparedWhole), in the order of WellKnownList; WholeKeys is their typo.Names keys,
	// computed ahead of time.
	WholeNames       []string
	WholeKeys        []uint64
	Countries        map[string]string
	GenericTLDs      []string
	CommonTLDs       []string
	TypoDestinations map[string]bool
	Presets          map[string]Preset
	// Registries are the lists of names under closed suffixes, by TLD.
	Registries []RegistryList
	// SecondLevels are the second-level labels countries commonly keep for
	// institutions (edu, gov, ac), suffix labels under a two-letter TLD.
	SecondLevels []string
}

// RegistryList is the list of names registered under one closed suffix,
// as its registry publishes it (rules/data/registries).
type RegistryList struct {
	// TLD is the suffix the names are registered under: gov, mil.
	TLD string
	// Date is when the list was taken, as its source dates it.
	Date string
	// Complete says that the list holds every name under TLD on Date, so
	// that a name missing from it is unregistered or newer.
	Complete bool
	// Header is the file's comment block: source, date and licence.
	Header string
	// Names are the registered domains, one label under TLD, sorted.
	Names []string
}

// Has reports whether name (ASCII, lower case) is a registered domain of
// the list, not one under it.
func (r *RegistryList) Has(name string) bool {
	_, found := slices.BinarySearch(r.Names, name)
	return found
}

// All iterates over the registered domains, in order.
func (r *RegistryList) All() iter.Seq[string] { return slices.Values(r.Names) }

// Registry returns the list of names under tld, if rcptlint has one.
func (d *Data) Registry(tld string) (*RegistryList, bool) {
	if i := d.registryIndex(tld); i >= 0 {
		return &d.Registries[i], true
	}
	return nil, false
}

// registryIndex returns the place of tld's registry in Registries, or -1.
func (d *Data) registryIndex(tld string) int {
	for i := range d.Registries {
		if d.Registries[i].TLD == tld {
			return i
		}
	}
	return -1
}

// LoadData returns the embedded data, from the Go tables generated from
// rules/data at build time (data_gen.go): nothing is parsed at start-up.
// TestGeneratedData fails when the tables are older than the files.
var LoadData = sync.OnceValues(func() (*Data, error) { return generatedData(), nil })

// ParseData reads and validates the data files themselves; the generated
// tables are made from its result.
func ParseData() (*Data, error) {
	d := newData()
	steps := []func() error{
		func() error { return d.readWellKnown("data/wellknown.txt") },
		func() error { return d.readCountries("data/cctld.txt") },
		func() error { return readTLDs("data/generic_tlds.txt", &d.GenericTLDs) },
		func() error { return readTLDs("data/common_tlds.txt", &d.CommonTLDs) },
		func() error {
			var l []string
			err := readTLDs("data/typo_destinations.txt", &l)
			for _, t := range l {
				d.TypoDestinations[t] = true
			}
			return err
		},
		d.readPresets,
		d.readRegistries,
		func() error { return readLabels("data/second_levels.txt", &d.SecondLevels) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, err
		}
	}
	d.markRegional()
	idx := typo.NewIndex()
	for _, w := range d.WellKnownList {
		if isTarget(w) && !contains(d.TargetLabels, w.Label) {
			d.TargetLabels = append(d.TargetLabels, w.Label)
			idx.Add(w.Label)
		}
	}
	d.TargetIndex = idx.Keys()
	d.TargetDir = idx.Directory()
	for _, w := range d.WellKnownList {
		if !w.Word && comparedWhole(w.Name) {
			d.WholeNames = append(d.WholeNames, w.Name)
		}
	}
	d.WholeKeys = typo.NewNames(d.WholeNames).Keys()
	return d, nil
}

// regionalMin is how many country domains a brand needs in the
// well-known list to be a regional brand. Two may be a company's home
// and one neighbour (chello.at and chello.nl); from three, the brand
// runs mail country by country, and the list cannot hold every country
// it serves (of 42 Yahoo domains, yahoo.cz and yahoo.com.cn are missing).
const regionalMin = 3

// markRegional marks the well-known domains whose label the list holds
// under at least regionalMin country domains.
func (d *Data) markRegional() {
	countries := map[string]int{}
	for _, w := range d.WellKnownList {
		if !w.Word && d.IsCountrySuffix(w.Suffix) {
			countries[w.Label]++
		}
	}
	for i, w := range d.WellKnownList {
		d.WellKnownList[i].Regional = !w.Word && countries[w.Label] >= regionalMin
	}
}

// IsCountrySuffix reports whether a public suffix is a country's: a
// two-letter country TLD (ca) or a second level under one (com.sg).
func (d *Data) IsCountrySuffix(suffix string) bool {
	tld := suffix[strings.LastIndexByte(suffix, '.')+1:]
	return len(tld) == 2 && d.Countries[tld] != ""
}

// isTarget reports whether a well-known domain is one typos are measured
// against: a registrable domain that is not an everyday word.
func isTarget(w WellKnown) bool { return !w.Word && w.Registrable == w.Name }

// eachLine calls fn with every line of an embedded file that is neither
// blank nor a comment, and its 1-based number.
func eachLine(name string, fn func(line string, n int) error) error {
	f, err := dataFS.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		if err := fn(line, n); err != nil {
			return fmt.Errorf("%s:%d: %w", name, n, err)
		}
	}
	return sc.Err()
}

func (d *Data) readWellKnown(name string) error {
	return eachLine(name, func(line string, _ int) error {
		entry, word := strings.CutSuffix(line, " =")
		entry, brand := strings.CutSuffix(entry, " +")
		entry = strings.TrimSpace(entry)
		f := domain.Analyze(entry)
		switch {
		case !f.Valid() || f.Name != entry:
			return fmt.Errorf("%q is not a lower-case ASCII domain", entry)
		case !f.KnownTLD:
			return fmt.Errorf("%q has an unknown top-level domain", entry)
		case domain.IsPublicSuffix(entry):
			return fmt.Errorf("%q is a public suffix, not a mail domain", entry)
		}
		if _, dup := d.WellKnown[entry]; dup {
			return fmt.Errorf("%q is listed twice", entry)
		}
		w := WellKnown{Name: entry, Rank: len(d.WellKnownList), Word: word, Brand: brand,
			Registrable: f.Registrable, Suffix: f.Suffix, Label: f.Label, Key: homoglyph.Key(f.Unicode)}
		d.WellKnown[entry] = len(d.WellKnownList)
		d.WellKnownList = append(d.WellKnownList, w)
		return nil
	})
}

func (d *Data) readCountries(name string) error {
	return eachLine(name, func(line string, _ int) error {
		tld, country, ok := strings.Cut(line, "\t")
		if !ok || !domain.IsKnownTLD(tld) || country == "" {
			return fmt.Errorf("want a known TLD, a tab and a country name, got %q", line)
		}
		d.Countries[tld] = country
		return nil
	})
}

func readTLDs(name string, out *[]string) error {
	return eachLine(name, func(line string, _ int) error {
		if !domain.IsKnownTLD(line) {
			return fmt.Errorf("%q is not a known top-level domain", line)
		}
		*out = append(*out, line)
		return nil
	})
}

func (d *Data) readPresets() error {
	files, err := fs.Glob(dataFS, "data/presets/*.txt")
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, file := range files {
		p := Preset{Name: strings.TrimSuffix(path.Base(file), ".txt")}
		raw, err := dataFS.ReadFile(file)
		if err != nil {
			return err
		}
		var header []string
		for _, l := range strings.Split(string(raw), "\n") {
			if c, ok := strings.CutPrefix(l, "# "); ok {
				header = append(header, c)
				if t, ok := strings.CutPrefix(c, "title: "); ok {
					p.Title = t
				}
			}
		}
		p.Header = strings.Join(header, "\n")
		err = eachLine(file, func(line string, _ int) error {
			tld, err := NormalizeTLD(line)
			if err != nil {
				return err
			}
			p.TLDs = append(p.TLDs, tld)
			return nil
		})
		if err != nil {
			return err
		}
		d.Presets[p.Name] = p
	}
	return nil
}

// readRegistries reads rules/data/registries/<tld>.txt, whose header
// says the date and whether the list is complete.
func (d *Data) readRegistries() error {
	files, err := fs.Glob(dataFS, "data/registries/*.txt")
	if err != nil {
		return err
	}
	sort.Strings(files)
	for _, file := range files {
		r := RegistryList{TLD: strings.TrimSuffix(path.Base(file), ".txt")}
		raw, err := dataFS.ReadFile(file)
		if err != nil {
			return err
		}
		if !domain.IsKnownTLD(r.TLD) {
			return fmt.Errorf("%s: %q is not a known top-level domain", file, r.TLD)
		}
		var header []string
		for _, l := range strings.Split(string(raw), "\n") {
			c, ok := strings.CutPrefix(l, "# ")
			if !ok {
				continue
			}
			header = append(header, c)
			if v, ok := strings.CutPrefix(c, "Date: "); ok {
				r.Date = v
			}
			if v, ok := strings.CutPrefix(c, "Complete: "); ok {
				r.Complete = v == "true"
			}
		}
		if r.Date == "" {
			return fmt.Errorf("%s: the header has no 'Date:' line", file)
		}
		r.Header = strings.Join(header, "\n")
		err = eachLine(file, func(line string, _ int) error {
			label, ok := strings.CutSuffix(line, "."+r.TLD)
			if !ok || label == "" || strings.Contains(label, ".") || domain.Analyze(line).Name != line {
				return fmt.Errorf("%q is not a lower-case domain directly under .%s", line, r.TLD)
			}
			if n := len(r.Names); n > 0 && r.Names[n-1] >= line {
				return fmt.Errorf("%q is out of order or repeated", line)
			}
			r.Names = append(r.Names, line)
			return nil
		})
		if err != nil {
			return err
		}
		d.Registries = append(d.Registries, r)
	}
	return nil
}

// readLabels reads a list of lower-case ASCII labels.
func readLabels(name string, out *[]string) error {
	return eachLine(name, func(line string, _ int) error {
		if domain.Analyze(line+".example").Name != line+".example" || strings.Contains(line, ".") {
			return fmt.Errorf("%q is not a lower-case ASCII label", line)
		}
		*out = append(*out, line)
		return nil
	})
}

// NormalizeTLD returns tld (with or without a leading dot, in Unicode or
// ASCII) as a lower-case A-label, and fails when it is not a top-level
// domain in the public suffix list.
func NormalizeTLD(tld string) (string, error) {
	t := strings.TrimPrefix(strings.TrimSpace(tld), ".")
	a, err := idna.Lookup.ToASCII(t)
	if err != nil || !domain.IsKnownTLD(a) {
		return "", fmt.Errorf("%q is not a top-level domain in the public suffix list", tld)
	}
	return a, nil
}

// newData returns an empty Data with its maps made.
func newData() *Data {
	return &Data{
		WellKnown:        map[string]int{},
		Countries:        map[string]string{},
		TypoDestinations: map[string]bool{},
		Presets:          map[string]Preset{},
	}
}
