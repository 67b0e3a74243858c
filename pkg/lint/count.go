package lint

import (
	"math"
	"math/bits"
)

// maxExactDomains is how many distinct domains are counted exactly, in a
// set of at most 4 MiB; past it the count is estimated.
const maxExactDomains = 1 << 18

// hllBits is the number of hash bits that choose a HyperLogLog register:
// 2^14 registers of a byte, 16 KiB, with a standard error of 0.8%.
const hllBits = 14

// distinctCount counts distinct 64-bit hashes in bounded memory: exactly
// up to maxExactDomains, then as a HyperLogLog estimate, so that endless
// distinct domains cannot make a run's summary grow without limit.
type distinctCount struct {
	exact hashSet
	hll   []uint8 // the registers, once the count is estimated
}

// add counts h. Hashes must be well mixed, as fmix makes them.
func (c *distinctCount) add(h uint64) {
	if c.hll != nil {
		c.observe(h)
		return
	}
	c.exact.add(h)
	if c.exact.n > maxExactDomains {
		c.hll = make([]uint8, 1<<hllBits)
		for _, o := range c.exact.slots {
			if o != 0 {
				c.observe(o)
			}
		}
		c.exact = hashSet{}
	}
}

// observe records h in the registers: the register its first bits choose
// keeps the longest run of zeros seen after them, plus one.
func (c *distinctCount) observe(h uint64) {
	i := h >> (64 - hllBits)
	rho := uint8(bits.LeadingZeros64(h<<hllBits|1<<(hllBits-1)) + 1)
	c.hll[i] = max(c.hll[i], rho)
}

// count returns the number of distinct hashes, and whether it is an
// estimate. An estimate is never below the exact count it replaced.
func (c *distinctCount) count() (n int, estimated bool) {
	if c.hll == nil {
		return c.exact.n, false
	}
	// The raw estimate needs no small-range correction: the registers
	// start from more hashes than 2.5 times their number.
	m := float64(len(c.hll))
	sum := 0.0
	for _, r := range c.hll {
		sum += math.Ldexp(1, -int(r))
	}
	e := 0.7213 / (1 + 1.079/m) * m * m / sum
	return max(int(math.Round(e)), maxExactDomains+1), true
}
