#!/usr/bin/env bash
# Peak memory of --fix and --diff against a plain run, at two sizes: they
# must stay within the plain run's bound (findings past 2 MiB are spilled
# to a temporary file, and so is what the fix remembers of each one).
#
#   fixable:   every line is a typo --fix repairs (user1@gmial.com)
#   unfixable: every line has a finding with no repair (user1@example.qzxwv)
#
# Usage: scripts/fixmem.sh [N]   (N lines, then 4N; default 250000)
# Needs GNU time (apt-get install time). Exits 1 when a --fix or --diff run
# peaks more than 10% + 16 MiB above the plain run of the same list.
set -euo pipefail
cd "$(dirname "$0")/.."

n=${1:-250000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/rcptlint" ./cmd/rcptlint

# peak CMD...: the peak resident set size of CMD, in KiB.
peak() {
	/usr/bin/time -f %M -o "$work/rss" "$@" >/dev/null 2>&1 || true
	tail -1 "$work/rss"
}

fail=0
printf '%-10s %-9s %10s %10s %10s %10s\n' lines list plain-KiB fix-KiB diff-KiB limit-KiB
for lines in "$n" $((4 * n)); do
	for list in fixable unfixable; do
		tld=gmial.com
		[ "$list" = unfixable ] && tld=example.qzxwv
		awk -v n="$lines" -v d="$tld" 'BEGIN { for (i = 0; i < n; i++) printf "user%d@%s\n", i, d }' >"$work/orig.txt"
		plain=$(peak "$work/rcptlint" check -q "$work/orig.txt")
		cp "$work/orig.txt" "$work/list.txt"
		fix=$(peak "$work/rcptlint" check -q --fix "$work/list.txt")
		diff=$(peak "$work/rcptlint" check -q --diff "$work/orig.txt")
		limit=$((plain + plain / 10 + 16384))
		printf '%-10s %-9s %10s %10s %10s %10s\n' "$lines" "$list" "$plain" "$fix" "$diff" "$limit"
		if [ "$fix" -gt "$limit" ] || [ "$diff" -gt "$limit" ]; then
			echo "FAIL: --fix or --diff above the plain run's bound" >&2
			fail=1
		fi
	done
done
exit $fail
