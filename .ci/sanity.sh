#!/usr/bin/env bash
# Run `ansible-test sanity` (no ignore file) on a copy of the tracked files laid out as
# ansible_collections/msp/connectwise_psa, offline: ansible-test's pip bootstrap comes
# from .ci/ansible-test-pip-bootstrap.py instead of the internet.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every pip version this ansible-test asks for gets the offline bootstrap.
tests_dir=$("$python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')
mkdir -p ~/.ansible/test/cache
for version in $(grep -ohE "pip='[0-9.]+'" "$tests_dir/_internal/python_requirements.py" | grep -oE '[0-9.]+' | sort -u); do
  cp "$root/.ci/ansible-test-pip-bootstrap.py" ~/.ansible/test/cache/"get_pip_${version//./_}.py"
done

dest="$work/ansible_collections/msp/connectwise_psa"
mkdir -p "$dest"
# Tracked and new-but-not-ignored files: what a clean checkout holds.
(cd "$root" && git ls-files -co --exclude-standard -z | grep -zv '^\.ci/' | tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$dest"
cd "$dest"
git init -q . && git add -A >/dev/null 2>&1   # ansible-test lists files through git when it can
pyver=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
exec ansible-test sanity --venv --python "$pyver" --color no "$@"
