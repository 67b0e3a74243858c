// Command gencctld writes rules/data/cctld.txt: every two-letter top-level
// domain in the ICANN section of the public suffix list built into
// golang.org/x/net/publicsuffix, with the country or territory it stands
// for, taken from ISO 3166-1 as Debian's iso-codes package ships it.
//
// Run it from the repository root after updating golang.org/x/net:
//
//	go -C scripts run ./gencctld > rules/data/cctld.txt
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// exceptional holds the ccTLDs that are not ISO 3166-1 alpha-2 codes.
var exceptional = map[string]string{
	"ac": "Ascension Island",
	"eu": "European Union",
	"su": "Soviet Union (legacy, run from Russia)",
	"uk": "United Kingdom",
}

func main() {
	isoPath := flag.String("iso", "/usr/share/iso-codes/json/iso_3166-1.json", "ISO 3166-1 JSON from Debian's iso-codes")
	flag.Parse()
	if err := run(*isoPath); err != nil {
		fmt.Fprintln(os.Stderr, "gencctld:", err)
		os.Exit(1)
	}
}

func run(isoPath string) error {
	raw, err := os.ReadFile(isoPath)
	if err != nil {
		return err
	}
	var iso struct {
		Entries []struct {
			Alpha2     string `json:"alpha_2"`
			Name       string `json:"name"`
			CommonName string `json:"common_name"`
		} `json:"3166-1"`
	}
	if err := json.Unmarshal(raw, &iso); err != nil {
		return fmt.Errorf("%s: %w", isoPath, err)
	}
	names := map[string]string{}
	for _, e := range iso.Entries {
		n := e.Name
		if e.CommonName != "" {
			n = e.CommonName
		}
		names[strings.ToLower(e.Alpha2)] = n
	}
	for k, v := range exceptional {
		names[k] = v
	}
	fmt.Println("# Two-letter country-code top-level domains and the country or territory each stands for.")
	fmt.Println("# Source: the ICANN section of the public suffix list in golang.org/x/net/publicsuffix")
	fmt.Printf("#   (%s),\n", publicsuffix.List.String())
	fmt.Println("#   names from ISO 3166-1 in Debian iso-codes 4.15.0; ac, eu, su and uk named by hand.")
	fmt.Println("# Date: 2026-11-28")
	fmt.Println("# Refresh: go -C scripts run ./gencctld > rules/data/cctld.txt")
	for a := 'a'; a <= 'z'; a++ {
		for b := 'a'; b <= 'z'; b++ {
			tld := string([]rune{a, b})
			ps, icann := publicsuffix.PublicSuffix("x." + tld)
			if !icann || (ps != tld && !strings.HasSuffix(ps, "."+tld)) {
				continue
			}
			name, ok := names[tld]
			if !ok {
				return fmt.Errorf("no country name for .%s", tld)
			}
			fmt.Printf("%s\t%s\n", tld, name)
		}
	}
	return nil
}
