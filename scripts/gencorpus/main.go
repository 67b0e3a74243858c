// Command gencorpus writes a realistic, deterministic list of recipient
// addresses for benchmarks (see internal/corpus):
//
//	go -C scripts run ./gencorpus -n 1000000 -domains 1000 -o /tmp/list.txt
package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rcptlint/rcptlint/internal/corpus"
)

func main() {
	var o corpus.Options
	flag.IntVar(&o.N, "n", 1_000_000, "number of addresses")
	flag.IntVar(&o.Domains, "domains", 1000, "number of distinct correct domains")
	flag.Float64Var(&o.Typos, "typos", 0.01, "share of addresses with a typo or syntax error")
	flag.Float64Var(&o.Repeats, "repeats", 0, "share of addresses that repeat an earlier one")
	flag.Int64Var(&o.Seed, "seed", 1, "random seed")
	format := flag.String("format", "text", "text or csv")
	out := flag.String("o", "-", "output file, - for standard output")
	flag.Parse()
	o.CSV = *format == "csv"
	if err := run(o, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}

func run(o corpus.Options, out string) error {
	w := io.Writer(os.Stdout)
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return corpus.Write(w, o)
}
