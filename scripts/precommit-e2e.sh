#!/usr/bin/env bash
# End-to-end check of .pre-commit-hooks.yaml with the real pre-commit: in a
# scratch repository, a commit that adds a list with army.ml is refused and
# a clean one passes. It installs the hook from this repository's HEAD, so
# commit first. Skips (exit 0) when pre-commit is not installed
# (apt-get install pre-commit).
set -euo pipefail

if ! command -v pre-commit >/dev/null 2>&1; then
	echo "precommit-e2e: pre-commit is not installed; skipping (apt-get install pre-commit)"
	exit 0
fi

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
rev=$(git -C "$repo" rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PRE_COMMIT_HOME="$work/cache"

cd "$work"
mkdir project && cd project
git init -q
git config user.email e2e@example.com
git config user.name "rcptlint e2e"
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $repo
    rev: $rev
    hooks:
      - id: rcptlint
YAML
git add .pre-commit-config.yaml
git commit -q --no-verify -m "pre-commit configuration"
pre-commit install >/dev/null

printf 'name,email\nJane,jane@example.com\nBob,bob@example.org\n' > clean.csv
git add clean.csv
if ! git commit -q -m "a clean list"; then
	echo "precommit-e2e: FAIL: the clean list was refused" >&2
	exit 1
fi
echo "precommit-e2e: a clean list is committed"

printf 'j.smith@army.ml\n' > liaison.txt
git add liaison.txt
if out=$(git commit -q -m "a list with a .ml slip" 2>&1); then
	echo "precommit-e2e: FAIL: the list with army.ml was committed" >&2
	exit 1
fi
if ! grep -q "liaison.txt:1:1: error tld-typo" <<<"$out"; then
	echo "precommit-e2e: FAIL: the hook did not say why:" >&2
	echo "$out" >&2
	exit 1
fi
echo "precommit-e2e: the list with army.ml is refused:"
grep "tld-typo" <<<"$out"
echo "precommit-e2e: ok"
