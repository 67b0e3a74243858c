#!/usr/bin/env bash
# Peak RSS and time of rcptlint on a list where every address has its own
# domain (6,000,000 distinct domains by default): what the per-domain state
# costs when nothing repeats. The list is generated, never committed.
#
# Usage: scripts/domainsrss.sh [N] [BINARY...]
# With no binary, the work tree is built; several binaries run alternately,
# three rounds, so that a shared machine's noise falls on each alike.
# Needs GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-6000000}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bins=("$@")
if [ ${#bins[@]} -eq 0 ]; then
	go build -o "$work/rcptlint" ./cmd/rcptlint
	bins=("$work/rcptlint")
fi

awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++) printf "user@d%d.example.com\n", i }' > "$work/list.txt"

for round in 1 2 3; do
	for bin in "${bins[@]}"; do
		/usr/bin/time -o "$work/time" -f '%M %e' "$bin" check --no-config --format json "$work/list.txt" > "$work/out.json" 2>/dev/null || true
		read -r kb secs < <(tail -1 "$work/time")
		summary=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"])' "$work/out.json")
		echo "round $round $bin: peak RSS $((kb / 1024)) MiB, $secs s, $summary"
	done
done
