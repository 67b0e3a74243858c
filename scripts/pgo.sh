#!/usr/bin/env bash
# Regenerates cmd/rcptlint/default.pgo, the CPU profile that go build uses
# to optimize rcptlint (profile-guided optimization: hot calls inlined and
# laid out together; 3% faster on a million addresses, scripts/bench.sh).
# The profile is of BenchmarkThroughput: a million generated addresses,
# all default rules, JSON output. Run it after changes to the hot path;
# a stale profile costs only the gain.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test ./pkg/cli -run '^$' -bench 'Throughput/all-rules' -benchtime 20x \
	-o "$work/cli.test" -cpuprofile "$work/cpu.pprof" >/dev/null
cp "$work/cpu.pprof" cmd/rcptlint/default.pgo
echo "wrote cmd/rcptlint/default.pgo ($(wc -c < cmd/rcptlint/default.pgo) bytes)"
