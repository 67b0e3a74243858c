#!/usr/bin/env bash
# End-to-end check of `rcptlint check --dns` against a real DNS server:
# Debian's NSD, authoritative for the zones of testdata/dns (com. and cm.)
# on a free loopback port, in a folder of its own, with its control socket
# to count the queries it answers. Over the README's example list
# testdata/examples/dns.csv it checks that:
#   - acme-logistcs.com does not exist (NXDOMAIN): an error;
#   - example.com publishes a null MX: an error;
#   - gmial.com, a typo of gmail.com, takes mail: the warning says so;
#   - univ-douala.cm takes mail and univ-douala.com does not exist: nothing;
#   - a second run makes no query (NSD's counter does not move);
# and on single addresses that a domain with only an A record takes mail,
# one with neither MX nor A takes none, nor one whose MX host has no
# address, an alias (CNAME) of a name that does not exist is said to be
# one, a zone NSD cannot load answers
# SERVFAIL (an info), and a server that never answers and one that answers
# garbage (scripts/dnsbroken) are infos too, the run going on.
#
# With "bench [N]" it then times N distinct domains (10,000 by default)
# looked up with the default limits, and a million addresses over them with
# the warm cache, beside the same run without --dns.
#
# Skips (exit 0, saying why) without NSD (apt-get install nsd). NSD, the
# broken servers and the temporary folder are cleaned up on exit.
set -euo pipefail

say() { echo "dns-e2e: $*"; }
fail() {
	echo "dns-e2e: FAIL: $*" >&2
	[ -f "$work/nsd.log" ] && { echo "--- nsd.log" >&2; tail -n 30 "$work/nsd.log" >&2; }
	exit 1
}

for cmd in nsd nsd-control; do
	if ! command -v "$cmd" >/dev/null 2>&1; then
		say "$cmd is not installed; skipping (apt-get install --no-install-recommends nsd)"
		exit 0
	fi
done

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d /tmp/rcptlint-dns-e2e.XXXXXX)
nsd_pid= slow_pid= junk_pid=
cleanup() {
	set +e
	[ -n "$nsd_pid" ] && kill "$nsd_pid" 2>/dev/null && wait "$nsd_pid" 2>/dev/null
	[ -n "$slow_pid" ] && kill "$slow_pid" 2>/dev/null && wait "$slow_pid" 2>/dev/null
	[ -n "$junk_pid" ] && kill "$junk_pid" 2>/dev/null && wait "$junk_pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT

say "building rcptlint and the broken servers"
(cd "$repo" && go build -o "$work/rcptlint" ./cmd/rcptlint && go -C scripts build -o "$work/dnsbroken" ./dnsbroken)
rcptlint="$work/rcptlint"

cp "$repo/testdata/dns/com.zone" "$repo/testdata/dns/cm.zone" "$work/"
# The bench's domains, each with an MX, in a zone of their own.
bench_n=0
if [ "${1:-}" = bench ]; then
	bench_n=${2:-10000}
	{
		echo '$ORIGIN rcptlint-bench.com.'
		echo '$TTL 3600'
		echo '@ SOA ns.test. hostmaster.test. 1 7200 900 1209600 3600'
		echo '@ NS ns.test.'
		echo 'mx A 192.0.2.25'
		for ((i = 0; i < bench_n; i++)); do echo "d$i MX 10 mx.rcptlint-bench.com."; done
	} >"$work/bench.zone"
fi

# NSD on a free port: a random one, another if it is taken.
start_nsd() {
	local try
	for try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 30000))
		cat >"$work/nsd.conf" <<-CONF
			server:
			  ip-address: 127.0.0.1@$port
			  port: $port
			  username: ""
			  chroot: ""
			  zonesdir: "$work"
			  database: ""
			  pidfile: "$work/nsd.pid"
			  logfile: "$work/nsd.log"
			  xfrdfile: "$work/xfrd.state"
			  zonelistfile: "$work/zone.list"
			  xfrdir: "$work"
			  server-count: 1
			  verbosity: 1
			remote-control:
			  control-enable: yes
			  control-interface: "$work/nsd.ctl"
			zone:
			  name: com
			  zonefile: com.zone
			zone:
			  name: cm
			  zonefile: cm.zone
			zone:
			  name: broken-zone.net
			  zonefile: missing.zone
		CONF
		if [ "$bench_n" -gt 0 ]; then
			printf 'zone:\n  name: rcptlint-bench.com\n  zonefile: bench.zone\n' >>"$work/nsd.conf"
		fi
		nsd-checkconf "$work/nsd.conf" || fail "nsd-checkconf refused the configuration"
		nsd -d -c "$work/nsd.conf" >>"$work/nsd.log" 2>&1 &
		nsd_pid=$!
		local i
		for i in $(seq 50); do
			if nsd-control -c "$work/nsd.conf" status >/dev/null 2>&1; then
				return 0
			fi
			kill -0 "$nsd_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill "$nsd_pid" 2>/dev/null
		wait "$nsd_pid" 2>/dev/null || true
		nsd_pid=
	done
	fail "NSD did not start"
}

# queries prints how many queries NSD has answered.
queries() {
	nsd-control -c "$work/nsd.conf" stats_noreset | sed -n 's/^num\.queries=//p'
}

start_nsd
server=127.0.0.1:$port
say "NSD serves com., cm. and a zone it cannot load on $server"

# The README's example list: the four answers.
list="$work/dns.csv"
cp "$repo/testdata/examples/dns.csv" "$list"
cache="$work/dns-cache"
run() { "$rcptlint" check --no-config --dns --dns-server "$server" --dns-cache "$cache" "$@"; }
before=$(queries)
out=$(run "$list" 2>"$work/stderr") && fail "the list's check exited 0"
first=$(($(queries) - before))
echo "$out"
grep -q "^.*dns.csv:3:11: error no-mail: 'acme-logistcs.com' does not exist (NXDOMAIN)$" <<<"$out" ||
	fail "acme-logistcs.com is not reported as non-existent"
grep -q "^.*dns.csv:4:14: error no-mail: 'example.com' publishes a null MX (RFC 7505): it takes no mail$" <<<"$out" ||
	fail "example.com's null MX is not reported"
grep -q "^.*dns.csv:5:12: warning domain-typo: 'gmial.com' .*; the domain accepts mail: whoever holds it would receive this message; did you mean john.smith@gmail.com?$" <<<"$out" ||
	fail "the live typo domain gmial.com is not said to accept mail"
grep -q "univ-douala" <<<"$out" && fail "univ-douala.cm, which takes mail, and whose .com twin does not exist, is reported"
[ "$(wc -l <<<"$out")" = 3 ] || fail "want 3 findings, got $(wc -l <<<"$out")"
[ "$first" -gt 0 ] || fail "the first run made no query"
say "first run: the four answers, $first queries"

before=$(queries)
out2=$(run "$list" 2>/dev/null) && fail "the second check exited 0"
second=$(($(queries) - before))
[ "$out2" = "$out" ] || fail "the second run's findings differ: $out2"
[ "$second" = 0 ] || fail "the second run made $second queries, want none"
say "second run: the same findings, 0 queries (all from $cache)"

# Single addresses: an A record alone, no records, SERVFAIL, an alias of a
# name that does not exist.
out=$(run --dns-cache off --fail-on never a@aonly.com b@txtonly.com c@host.broken-zone.net d@alias-gone.com e@nohost.com 2>&1)
echo "$out"
grep -q "aonly" <<<"$out" && fail "aonly.com, with an A record (its implicit MX), is reported"
grep -q "^<args>:2:1: error no-mail: 'txtonly.com' has neither MX nor address records: it takes no mail$" <<<"$out" ||
	fail "txtonly.com is not reported as taking no mail"
grep -q "^<args>:3:1: info no-mail: the DNS lookup of 'host.broken-zone.net' failed (SERVFAIL)" <<<"$out" ||
	fail "the zone NSD cannot load is not an info about a SERVFAIL"
grep -q "^<args>:4:1: error no-mail: 'alias-gone.com' is an alias (CNAME) of 'gone-target.com', which does not exist (NXDOMAIN)$" <<<"$out" ||
	fail "alias-gone.com is not reported as an alias of a name that does not exist"
grep -q "^<args>:5:1: error no-mail: 'nohost.com' has MX records, but no MX host has an address (A/AAAA): it takes no mail$" <<<"$out" ||
	fail "nohost.com, whose MX host has no address, is not reported"
say "A record alone, no records, SERVFAIL, an alias of nothing, an MX host without address: as expected"

# A server that never answers, and one that answers garbage.
"$work/dnsbroken" -mode slow >"$work/slow.addr" 2>&1 &
slow_pid=$!
"$work/dnsbroken" -mode garbage >"$work/junk.addr" 2>&1 &
junk_pid=$!
for i in $(seq 50); do
	[ -s "$work/slow.addr" ] && [ -s "$work/junk.addr" ] && break
	sleep 0.1
done
start=$(date +%s%N)
out=$("$rcptlint" check --no-config --dns --dns-cache off --dns-timeout 300ms --dns-server "$(cat "$work/slow.addr")" --fail-on never a@slow-server.com 2>&1)
took=$((($(date +%s%N) - start) / 1000000))
echo "$out"
grep -q "^<args>:1:1: info no-mail: the DNS lookup of 'slow-server.com' failed (timeout)" <<<"$out" ||
	fail "a server that never answers is not a timeout"
[ "$took" -lt 3000 ] || fail "a timeout of 300 ms and one retry took $took ms"
out=$("$rcptlint" check --no-config --dns --dns-cache off --dns-timeout 1s --dns-server "$(cat "$work/junk.addr")" --fail-on never a@garbage-answer.com 2>&1)
echo "$out"
grep -q "^<args>:1:1: info no-mail: the DNS lookup of 'garbage-answer.com' failed (malformed answer)" <<<"$out" ||
	fail "a server that answers garbage is not a malformed answer"
say "slow server ($took ms for a timeout and its retry) and garbage: infos"

if [ "$bench_n" -gt 0 ]; then
	say "bench: $bench_n distinct domains with the default limits"
	for ((i = 0; i < bench_n; i++)); do echo "user@d$i.rcptlint-bench.com"; done >"$work/domains.txt"
	rm -f "$cache"
	before=$(queries)
	/usr/bin/time -f "%e s, %M KiB" -o "$work/time" "$rcptlint" check --no-config -q --fail-on never --dns --dns-server "$server" --dns-cache "$cache" "$work/domains.txt" >"$work/out" ||
		fail "the bench run failed"
	[ ! -s "$work/out" ] || fail "the bench's domains have findings: $(head -3 "$work/out")"
	say "cold: $(cat "$work/time"), $(($(queries) - before)) queries"
	awk -v n="$bench_n" 'BEGIN { for (i = 0; i < 1000000; i++) printf "u%d@d%d.rcptlint-bench.com\n", i, i % n }' >"$work/million.txt"
	if command -v hyperfine >/dev/null 2>&1; then
		# Alternated runs, means and user CPU: one round says little on a
		# busy machine.
		hyperfine -N -i --warmup 2 --runs "${RUNS:-20}" \
			"$rcptlint check --no-config -q --fail-on never $work/million.txt" \
			"$rcptlint check --no-config -q --fail-on never --dns --dns-server $server --dns-cache $cache $work/million.txt"
	else
		for round in 1 2 3; do
			/usr/bin/time -f "%e" -o "$work/off" "$rcptlint" check --no-config -q --fail-on never "$work/million.txt" >/dev/null
			/usr/bin/time -f "%e" -o "$work/on" "$rcptlint" check --no-config -q --fail-on never --dns --dns-server "$server" --dns-cache "$cache" "$work/million.txt" >/dev/null
			say "1,000,000 addresses over $bench_n domains, round $round: without --dns $(cat "$work/off") s, with --dns and a warm cache $(cat "$work/on") s"
		done
	fi
fi
say "ok"
