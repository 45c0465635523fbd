#!/usr/bin/env bash
# Build the collection's docsite into out/docsite/ (`make docs`): antsibull-docs sphinx-init,
# then its build.sh (antsibull-docs collection + sphinx-build), on this checkout.
# Fails on any Sphinx warning that comes from the collection. Without internet access the
# intersphinx inventories (docs.ansible.com, docs.python.org, jinja) cannot be fetched:
# those warnings, and the references to ansible.builtin they leave unresolved, are allowed
# and listed at the end. The site is out/docsite/build/html/index.html.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python}
cd "$root"
ANSIBLE_COLLECTIONS_PATH=$("$python" -c 'from tests.collection_path import collections_path; print(collections_path())')
export ANSIBLE_COLLECTIONS_PATH
site="$root/out/docsite"
rm -rf "$site"
mkdir -p "$root/out"
mkdir -m 700 "$site"     # antsibull-docs wants a directory only its owner can write
antsibull-docs sphinx-init --use-current --squash-hierarchy --fail-on-error --dest-dir "$site" \
  --project msp.connectwise_psa --copyright 'msp.connectwise_psa contributors' \
  --title 'msp.connectwise_psa' --html-short-title 'msp.connectwise_psa' msp.connectwise_psa >/dev/null
# Offline, each inventory would wait for the default timeout; a few seconds are enough online.
echo 'intersphinx_timeout = 10' >>"$site/conf.py"
sed -i 's/^sphinx-build -M html rst build -c \..*$/sphinx-build -M html rst build -c . -w build-warnings.log --keep-going -q/' "$site/build.sh"
grep -q 'build-warnings.log' "$site/build.sh"
if ! bash "$site/build.sh" >"$site/build.log" 2>&1; then
  cat "$site/build.log" >&2
  exit 1
fi
# A warning is the collection's unless it says an inventory could not be fetched, or it is a
# reference outside this collection (ansible-core's docs, ansible.builtin) that the missing
# ansible_devel inventory would resolve.
allowed="failed to reach any of the inventories|^intersphinx inventory |undefined label: '(?!ansible_collections\\.msp\\.connectwise_psa\\.)"
own=$(grep -vP "$allowed" "$site/build-warnings.log" | grep -E 'WARNING|ERROR|CRITICAL' || true)
if [ -n "$own" ]; then
  echo "docsite warnings from the collection:" >&2
  echo "$own" >&2
  exit 1
fi
offline=$(grep -cE 'WARNING' "$site/build-warnings.log" || true)
echo "docsite built: $site/build/html/index.html ($offline warnings, none from the collection:" \
  "inventories that could not be fetched, or references outside the collection they would resolve)"
