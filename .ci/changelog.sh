#!/usr/bin/env bash
# Write CHANGELOG.rst (or $1) with antsibull-changelog for the version in galaxy.yml, from
# changelogs/changelog.yaml and the fragments, without consuming them: the release runs on a
# throw-away copy laid out as ansible_collections/msp/connectwise_psa (antsibull-changelog
# finds the new modules and filters there through ansible-doc).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "${1:-$root/CHANGELOG.rst}")
python=${PYTHON:-python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home" ANSIBLE_LOCAL_TEMP="$work/ansible-tmp"
mkdir -p "$HOME"
dest="$work/ansible_collections/msp/connectwise_psa"
mkdir -p "$dest"
(cd "$root" && git ls-files -co --exclude-standard -z | tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$dest"
version=$("$python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["version"])' "$root/galaxy.yml")
cd "$dest"
ANSIBLE_COLLECTIONS_PATH="$work" antsibull-changelog release --version "$version" >/dev/null
cp CHANGELOG.rst "$out"
echo "wrote $out (version $version, not released: changelogs/ is unchanged)"
