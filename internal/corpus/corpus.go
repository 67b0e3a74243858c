// Package corpus generates realistic, deterministic lists of recipient
// addresses for benchmarks and load tests: a long tail of domains (a few
// very common mail providers, then company domains in many countries),
// personal local parts, and a share of typos and syntax errors. The same
// options always give the same bytes.
package corpus

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand"
	"strings"
)

// Options describe a corpus.
type Options struct {
	// N is the number of addresses.
	N int
	// Domains is the number of distinct correct domains.
	Domains int
	// Typos is the share of addresses with a typo or syntax error.
	Typos float64
	// Repeats is the share of addresses that repeat an earlier one, as in
	// lists merged from several exports: each is drawn from a uniform
	// sample of the addresses before it (at most repeatPool of them).
	Repeats float64
	// Seed makes the corpus; the same seed gives the same corpus.
	Seed int64
	// CSV writes a CSV with a header (name,email,company) instead of one
	// address a line.
	CSV bool
}

// Write writes the corpus to w.
func Write(w io.Writer, o Options) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	g := newGenerator(o.Seed, o.Domains)
	if err := g.write(bw, o); err != nil {
		return err
	}
	return bw.Flush()
}

var (
	providers = []string{"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com", "aol.com", "gmx.de", "web.de",
		"orange.fr", "libero.it", "mail.ru", "yandex.ru", "qq.com", "163.com", "naver.com", "yahoo.co.jp", "comcast.net",
		"btinternet.com", "hotmail.co.uk", "live.com", "uol.com.br", "bigpond.com", "rogers.com", "t-online.de"}
	syllables = []string{"ac", "me", "tra", "lo", "gis", "tec", "nor", "da", "vi", "ra", "sol", "ar", "ko", "min", "pe",
		"xa", "lu", "mi", "ve", "ro", "sta", "qua", "zen", "bel", "tor", "can", "del", "fin", "gra", "hol"}
	suffixes = []string{"com", "com", "com", "com", "net", "org", "de", "co.uk", "fr", "it", "es", "nl", "com.au", "ca",
		"ch", "se", "pl", "com.br", "co.jp", "io", "be", "at", "dk", "no", "fi", "ie", "pt", "cz", "mx", "co.nz"}
	firsts = []string{"anna", "ben", "carla", "david", "emma", "felix", "grace", "hugo", "ines", "jonas", "kate", "leo",
		"maria", "noah", "olga", "paul", "quinn", "rosa", "sam", "tara", "umar", "vera", "will", "xena", "yuki", "zoe"}
	lasts = []string{"smith", "mueller", "rossi", "dubois", "garcia", "tanaka", "kim", "nowak", "silva", "jones",
		"novak", "ivanov", "chen", "patel", "olsen", "murphy", "costa", "weber", "moreau", "ricci"}
)

type generator struct {
	rng     *rand.Rand
	domains []string
	cdf     []float64
}

// newGenerator builds the domain list and a Zipf-like popularity: the
// k-th domain is chosen with weight 1/k, so providers dominate and a long
// tail of company domains each has a few recipients.
func newGenerator(seed int64, n int) *generator {
	g := &generator{rng: rand.New(rand.NewSource(seed))}
	seen := map[string]bool{}
	for _, p := range providers {
		if len(g.domains) < n {
			g.domains = append(g.domains, p)
			seen[p] = true
		}
	}
	for len(g.domains) < n {
		var b strings.Builder
		for k := 2 + g.rng.Intn(3); k > 0; k-- {
			b.WriteString(syllables[g.rng.Intn(len(syllables))])
		}
		if g.rng.Intn(5) == 0 {
			b.WriteString("-" + syllables[g.rng.Intn(len(syllables))] + "group")
		}
		d := b.String() + "." + suffixes[g.rng.Intn(len(suffixes))]
		if !seen[d] {
			seen[d] = true
			g.domains = append(g.domains, d)
		}
	}
	total := 0.0
	for k := range g.domains {
		total += 1 / math.Pow(float64(k+1), 1.0)
		g.cdf = append(g.cdf, total)
	}
	for k := range g.cdf {
		g.cdf[k] /= total
	}
	return g
}

func (g *generator) domain() string {
	x := g.rng.Float64()
	lo, hi := 0, len(g.cdf)-1
	for lo < hi {
		mid := (lo + hi) / 2
		if g.cdf[mid] < x {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return g.domains[lo]
}

func (g *generator) local() string {
	f, l := firsts[g.rng.Intn(len(firsts))], lasts[g.rng.Intn(len(lasts))]
	switch g.rng.Intn(4) {
	case 0:
		return f + "." + l + fmt.Sprint(g.rng.Intn(10000))
	case 1:
		return f[:1] + l + fmt.Sprint(g.rng.Intn(100000))
	case 2:
		return f + "_" + l + fmt.Sprint(1950+g.rng.Intn(60)) + fmt.Sprint(g.rng.Intn(100))
	}
	return l + "." + f + fmt.Sprint(g.rng.Intn(100000))
}

// slip damages an address the ways people do: a swapped, dropped, doubled
// or neighbouring letter in the domain, a TLD slip, or a syntax error.
func (g *generator) slip(local, domain string) string {
	i := g.rng.Intn(len(domain) - 1)
	switch g.rng.Intn(7) {
	case 0:
		b := []byte(domain)
		b[i], b[i+1] = b[i+1], b[i]
		return local + "@" + string(b)
	case 1:
		return local + "@" + domain[:i] + domain[i+1:]
	case 2:
		return local + "@" + domain[:i] + domain[i:i+1] + domain[i:]
	case 3:
		return local + "@" + strings.TrimSuffix(domain, "com") + "con"
	case 4:
		return local + "@" + strings.TrimSuffix(domain, ".com") + ".cm"
	case 5:
		return strings.Replace(local, ".", "..", 1) + "x@" + domain
	}
	return local + domain
}

// repeatPool bounds the sample of earlier lines a repeat is drawn from,
// so that a corpus of any size is generated in bounded memory.
const repeatPool = 1 << 16

func (g *generator) write(w *bufio.Writer, o Options) error {
	if o.CSV {
		w.WriteString("name,email,company\n")
	}
	// pool is a reservoir sample of the lines written so far: a uniform
	// sample of them, whatever their number.
	var pool []string
	for i := 0; i < o.N; i++ {
		if len(pool) > 0 && g.rng.Float64() < o.Repeats {
			w.WriteString(pool[g.rng.Intn(len(pool))])
			continue
		}
		local, domain := g.local(), g.domain()
		addr := local + "@" + domain
		if g.rng.Float64() < o.Typos {
			addr = g.slip(local, domain)
		}
		line := addr + "\n"
		if o.CSV {
			line = fmt.Sprintf("%s,%s,%s\n", name(local), addr, strings.Split(domain, ".")[0])
		}
		w.WriteString(line)
		if o.Repeats > 0 {
			if len(pool) < repeatPool {
				pool = append(pool, line)
			} else if k := g.rng.Intn(i + 1); k < repeatPool {
				pool[k] = line
			}
		}
	}
	return nil
}

// name turns a local part into the person's name: anna.smith12 is Anna Smith.
func name(local string) string {
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r >= '0' && r <= '9' })
	for i, w := range words {
		words[i] = strings.ToUpper(w[:1]) + w[1:]
	}
	return strings.Join(words, " ")
}
