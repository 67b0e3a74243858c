package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/rcptlint/rcptlint/internal/dnstest"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/script from the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"rcptlint": main})
}

// TestScript runs the command-line scenarios in testdata/script: the real
// binary, real arguments, real standard input and exit codes.
func TestScript(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:           "../../testdata/script",
		UpdateScripts: *update,
		Setup: func(env *testscript.Env) error {
			dir, err := filepath.Abs("../../testdata")
			env.Setenv("TESTDATA", dir)
			return err
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"dnsserver":  cmdDNSServer,
			"dnsqueries": cmdDNSQueries,
		},
		Condition: func(cond string) (bool, error) {
			switch cond {
			case "root":
				return os.Geteuid() == 0, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
	})
}

// dnsServers are the DNS servers the scripts started, by script.
var dnsServers sync.Map

// cmdDNSServer serves zone files on a free loopback port, in-process, and
// sets $DNS to its address: dnsserver [-servfail NAME] [-silent NAME]
// [-garbage NAME] ZONEFILE...
func cmdDNSServer(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("unsupported: ! dnsserver")
	}
	var o dnstest.Options
	o.Rcode = map[string]int{}
	var zone strings.Builder
	for len(args) > 0 {
		switch {
		case len(args) > 1 && args[0] == "-servfail":
			o.Rcode[args[1]] = dns.RcodeServerFailure
		case len(args) > 1 && args[0] == "-silent":
			o.Silent = append(o.Silent, args[1])
		case len(args) > 1 && args[0] == "-garbage":
			o.Garbage = append(o.Garbage, args[1])
		default:
			zone.WriteString(ts.ReadFile(args[0]) + "\n")
			args = args[1:]
			continue
		}
		args = args[2:]
	}
	s, err := dnstest.Start(zone.String(), o)
	ts.Check(err)
	ts.Defer(s.Close)
	dnsServers.Store(ts, s)
	ts.Setenv("DNS", s.Addr)
}

// cmdDNSQueries checks how many queries the script's DNS server has
// received since the last check: dnsqueries N.
func cmdDNSQueries(ts *testscript.TestScript, neg bool, args []string) {
	v, ok := dnsServers.Load(ts)
	if !ok || len(args) != 1 {
		ts.Fatalf("usage: dnsqueries N, after dnsserver")
	}
	s := v.(*dnstest.Server)
	want, err := strconv.ParseInt(args[0], 10, 64)
	ts.Check(err)
	got := s.Queries()
	if prev, ok := dnsCounted.Load(ts); ok {
		got -= prev.(int64)
	}
	dnsCounted.Store(ts, s.Queries())
	if (got == want) == neg {
		ts.Fatalf("the DNS server received %d queries, want %d", got, want)
	}
}

// dnsCounted is the queries counted by the last dnsqueries, by script.
var dnsCounted sync.Map
