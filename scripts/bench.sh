#!/usr/bin/env bash
# Side-by-side performance checks of rcptlint, as ratios (machines are
# noisy; ratios of runs made together are not):
#
#   1. throughput: rcptlint check --format json on 1,000,000 addresses
#      (about 1,000 domains, long tail, 1% typos) against a minimal Go
#      program that reads the same file and splits each line at its last '@';
#      then the same on a list where one address in fifteen repeats an
#      earlier one (merged exports: a duplicate finding each), beside a
#      skeleton that does only what reporting repeats needs (split, hash,
#      the duplicate rule), and the instructions each executes on it
#      (callgrind, when installed);
#   2. memory: peak RSS on 10,000,000 addresses at 10,000 domains, all
#      default rules;
#   3. large trusted lists: 100,000 trusted domains, and 100,000 similar ones
#      (store00000.com …), against 100 (go test -bench);
#   4. start-up: rcptlint check someone@example.com against a Go hello world;
#   5. output: 100,000 findings in text, JSON, SARIF and github against
#      writing as many lines with a buffered writer (go test -bench), and
#      github against text on 1,000,000 findings, a run of the binary.
#
# Usage: scripts/bench.sh [quick]   (quick: 10x smaller corpora)
# Needs Go; uses hyperfine and GNU time when installed (apt-get install
# hyperfine time), and falls back to a plain timing loop.
set -euo pipefail
cd "$(dirname "$0")/.."

scale=1
[ "${1:-}" = quick ] && scale=10
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "== building (static, as the release is: CGO_ENABLED=0)"
export CGO_ENABLED=0
go build -trimpath -ldflags "-s -w" -o "$work/rcptlint" ./cmd/rcptlint
go -C scripts build -trimpath -ldflags "-s -w" -o "$work/baseline" ./bench/baseline
go -C scripts build -trimpath -ldflags "-s -w" -o "$work/skeleton" ./bench/skeleton
mkdir -p "$work/hello"
cat > "$work/hello/main.go" <<'GO'
package main

import "fmt"

func main() { fmt.Println("hello world") }
GO
(cd "$work/hello" && go mod init hello >/dev/null 2>&1 && go build -trimpath -ldflags "-s -w" -o "$work/hello-bin" .)

n1=$((1000000 / scale))
n2=$((10000000 / scale))
echo "== generating corpora ($n1 and $n2 addresses)"
go -C scripts run ./gencorpus -n "$n1" -domains 1000 -o "$work/c1.txt"
go -C scripts run ./gencorpus -n "$n2" -domains 10000 -o "$work/c2.txt"
go -C scripts run ./gencorpus -n "$n1" -domains 1000 -repeats 0.06666666666666667 -o "$work/c1r.txt"

# seconds CMD...: mean wall time of CMD over a few runs, in seconds.
seconds() {
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N -i --warmup 2 --runs "${RUNS:-10}" --export-json "$work/h.json" "$*" >/dev/null 2>&1
		python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' "$work/h.json"
	else
		local runs=${RUNS:-10} start end
		"$@" >/dev/null 2>&1 || true
		start=$(date +%s%N)
		for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1 || true; done
		end=$(date +%s%N)
		awk -v e="$end" -v s="$start" -v n="$runs" 'BEGIN { printf "%.6f\n", (e - s) / n / 1e9 }'
	fi
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# secs S: S seconds, to a tenth of a millisecond.
secs() { awk -v s="$1" 'BEGIN { printf "%.4fs", s }'; }

# The goals are set for the full corpora: on quick's, ten times smaller,
# start-up weighs ten times as much, and the ratios say little.
note=""
if [ "$scale" != 1 ]; then note="; quick corpora: the goal is for ten times as many, where start-up weighs less"; fi

echo
echo "== 1. throughput ($n1 addresses)"
base=$(seconds "$work/baseline" "$work/c1.txt")
ours=$(seconds "$work/rcptlint" check --format json "$work/c1.txt")
echo "baseline $(secs "$base"), rcptlint $(secs "$ours"): ratio $(ratio "$ours" "$base") (target at most 3${note})"
echo "rcptlint: $(awk -v n="$n1" -v s="$ours" 'BEGIN { printf "%d", n / s }') addresses per second"
base=$(seconds "$work/baseline" "$work/c1r.txt")
ours=$(seconds "$work/rcptlint" check --format json "$work/c1r.txt")
echo "one in fifteen a repeat: baseline $(secs "$base"), rcptlint $(secs "$ours"): ratio $(ratio "$ours" "$base") (target under 2.5${note})"
# What the machine allows before any rule runs: the skeleton splits the
# lines on every core and hands each mailbox's fingerprint to the duplicate
# rule in input order, without parsing an address or running another rule.
skel=$(seconds "$work/skeleton" "$work/c1r.txt")
echo "skeleton (split, fingerprint, duplicate rule; nothing else): $(secs "$skel"), ratio $(ratio "$skel" "$base") to the baseline; rcptlint $(ratio "$ours" "$skel") times the skeleton${note:+ (}${note#; }${note:+)}"
# Instructions executed, which a VM's changing speed leaves alone (times
# of the same binary differ by half from one hour to the next): counted
# by valgrind's callgrind, when installed, over the first 200,000 lines of
# the list of repeats, start-up included. On one core and without Go's
# preemption signals, which callgrind trips on; it still stops now and
# then at an instruction it does not know (rdtscp), so a count is taken
# from a run that ended as rcptlint ends (exit 0 or 1), of three tries.
if command -v valgrind >/dev/null 2>&1; then
	lines=$((200000 / scale))
	head -n "$lines" "$work/c1r.txt" > "$work/c1r-head.txt"
	instructions() {
		local try status
		for try in 1 2 3; do
			GOMAXPROCS=1 GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
				"$@" >/dev/null 2>"$work/cg.err" && status=0 || status=$?
			if [ "$status" -le 1 ]; then
				awk '/Collected/ { print $4 }' "$work/cg.err"
				return
			fi
		done
		echo 0
	}
	bi=$(instructions "$work/baseline" "$work/c1r-head.txt")
	oi=$(instructions "$work/rcptlint" check --format json "$work/c1r-head.txt")
	if [ "$bi" -gt 0 ] && [ "$oi" -gt 0 ]; then
		echo "instructions (callgrind, $lines addresses): baseline $((bi / lines)), rcptlint $((oi / lines)) an address: ratio $(ratio "$oi" "$bi")${note:+ (}${note#; }${note:+)}"
	else
		echo "instructions: callgrind failed three times; skipped"
	fi
else
	echo "instructions: valgrind is not installed (apt-get install valgrind); skipped"
fi

echo
echo "== 2. memory ($n2 addresses, all default rules)"
if /usr/bin/time -f %M true >/dev/null 2>&1; then
	/usr/bin/time -o "$work/rss" -f %M "$work/rcptlint" check --format json "$work/c2.txt" >/dev/null 2>&1 || true
	kb=$(tail -1 "$work/rss")
	echo "peak RSS $((kb / 1024)) MiB (target under 64 MiB)"
	# The worst case for findings: every address a repeat of the first.
	awk -v n="$n2" 'BEGIN { for (i = 0; i < n; i++) print "someone@example.com" }' > "$work/repeats.txt"
	/usr/bin/time -o "$work/rss" -f %M "$work/rcptlint" check --format json "$work/repeats.txt" >/dev/null 2>&1 || true
	kb=$(tail -1 "$work/rss")
	echo "peak RSS $((kb / 1024)) MiB on $n2 copies of one address, each a duplicate finding"
else
	echo "GNU time is not installed (apt-get install time); skipped"
fi

echo
echo "== 3. large trusted lists"
go test ./rules -run '^$' -bench 'BenchmarkTrusted/' -benchtime 1x | tee "$work/trusted.txt" | grep Benchmark
awk '/trusted=100-/{a=$3} /trusted=100000-/{b=$3} /similar=100000-/{c=$3} END {printf "ratio %.2f, similar names %.2f (target under 20)\n", b/a, c/a}' "$work/trusted.txt"

echo
echo "== 4. start-up"
hello=$(RUNS=100 seconds "$work/hello-bin")
start=$(RUNS=100 seconds "$work/rcptlint" check someone@example.com)
echo "hello world $(secs "$hello"), rcptlint $(secs "$start"): ratio $(ratio "$start" "$hello") (target at most 3)"

echo
echo "== 5. output (100,000 findings)"
go test ./pkg/report -run '^$' -bench 'BenchmarkOutput' -benchtime 5x | tee "$work/out.txt" | grep Benchmark
awk '/Output\/floor/{f=$3} /Output\/(text|json|sarif|github)-/{split($1,a,"/"); sub(/-[0-9]+$/,"",a[2]); r[a[2]]=$3} END {for (k in r) printf "%s: ratio %.2f (target at most 2)\n", k, r[k]/f}' "$work/out.txt"
awk -v n="$n1" 'BEGIN { for (i = 0; i < n; i++) print "someone@example.com" }' > "$work/findings.txt"
text=$(seconds "$work/rcptlint" check --format text "$work/findings.txt")
gh=$(seconds "$work/rcptlint" check --format github "$work/findings.txt")
echo "$n1 findings: text $(secs "$text"), github $(secs "$gh"): ratio $(ratio "$gh" "$text") (target under 2)"
