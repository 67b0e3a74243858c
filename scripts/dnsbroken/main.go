// Command dnsbroken is a broken DNS server for scripts/dns-e2e.sh: on a
// UDP address it either never answers (-mode slow: every query times out)
// or answers bytes that are no DNS message (-mode garbage). It counts the
// queries it receives in the file -count, if given, and runs until killed.
package main

import (
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"strconv"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:0", "UDP `address` to listen on")
	mode := flag.String("mode", "slow", "slow (never answer) or garbage (answer junk)")
	count := flag.String("count", "", "`file` to write the number of queries received to")
	flag.Parse()
	if *mode != "slow" && *mode != "garbage" {
		log.Fatalf("-mode %q: want slow or garbage", *mode)
	}
	pc, err := net.ListenPacket("udp", *addr)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(pc.LocalAddr())
	buf := make([]byte, 4096)
	for n := 1; ; n++ {
		_, from, err := pc.ReadFrom(buf)
		if err != nil {
			log.Fatal(err)
		}
		if *count != "" {
			_ = os.WriteFile(*count, []byte(strconv.Itoa(n)+"\n"), 0o644)
		}
		if *mode == "garbage" {
			_, _ = pc.WriteTo([]byte("\x00\x01 this is not a DNS message"), from)
		}
	}
}
