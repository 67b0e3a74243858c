#!/usr/bin/env bash
# End-to-end check of .pre-commit-hooks.yaml with the real pre-commit: in a
# scratch repository, a commit that adds a list with army.ml is refused, so
# is a typo in a file named like a flag (--fix-recipients.txt, which is not
# fixed), and a clean list, files the hook does not pick (requirements.txt,
# cities.csv, and checklist.txt and playlist.txt with a typo) and a picked CSV with no address column pass. It installs the hook from this repository's HEAD, so
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

printf 'name,email\nJane,jane@example.com\nBob,bob@example.org\n' > contacts.csv
printf 'requests==2.32.3\n' > requirements.txt
printf 'city,population\nLyon,522969\n' > cities.csv
printf 'office,street\nLyon,12 rue de la Gare\n' > office-addresses.csv
# Words that end in "list" are not lists: the typos in them are not looked at.
printf -- '- ask bob@gmial.com\n' > checklist.txt
printf 'bob@gmial.com\n' > playlist.txt
git add contacts.csv requirements.txt cities.csv office-addresses.csv checklist.txt playlist.txt
if ! out=$(git commit -q -m "a clean list and files without addresses" 2>&1); then
	echo "precommit-e2e: FAIL: the clean list, a file without addresses or a file not picked was refused:" >&2
	echo "$out" >&2
	exit 1
fi
echo "precommit-e2e: a clean list, requirements.txt, cities.csv, office-addresses.csv, checklist.txt and playlist.txt are committed"

printf 'bob@gmial.com\n' > ./--fix-recipients.txt
git add -- --fix-recipients.txt
if out=$(git commit -q -m "a typo in a file named like a flag" 2>&1); then
	echo "precommit-e2e: FAIL: the typo in --fix-recipients.txt was committed" >&2
	exit 1
fi
if ! grep -q -e "--fix-recipients.txt:1:1: warning domain-typo" <<<"$out" || [ "$(cat ./--fix-recipients.txt)" != bob@gmial.com ]; then
	echo "precommit-e2e: FAIL: --fix-recipients.txt was not reported as a file, or was fixed:" >&2
	echo "$out" >&2
	exit 1
fi
echo "precommit-e2e: the typo in --fix-recipients.txt is refused, the file left as it was"
git rm -q --cached -- --fix-recipients.txt
rm -- ./--fix-recipients.txt

printf 'j.smith@army.ml\n' > liaison-emails.txt
git add liaison-emails.txt
if out=$(git commit -q -m "a list with a .ml slip" 2>&1); then
	echo "precommit-e2e: FAIL: the list with army.ml was committed" >&2
	exit 1
fi
if ! grep -q "liaison-emails.txt:1:1: error tld-typo" <<<"$out"; then
	echo "precommit-e2e: FAIL: the hook did not say why:" >&2
	echo "$out" >&2
	exit 1
fi
echo "precommit-e2e: the list with army.ml is refused:"
grep "tld-typo" <<<"$out"
echo "precommit-e2e: ok"
