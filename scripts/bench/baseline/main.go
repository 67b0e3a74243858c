// Command baseline is the floor for any tool that has to look at every
// address: it reads a file line by line and splits each line at its last
// '@'. scripts/bench.sh measures rcptlint against it.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
)

func main() {
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	lines, domainBytes := 0, 0
	for sc.Scan() {
		line := sc.Bytes()
		if at := bytes.LastIndexByte(line, '@'); at >= 0 {
			domainBytes += len(line) - at - 1
		}
		lines++
	}
	fmt.Println(lines, domainBytes)
}
