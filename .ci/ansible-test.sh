#!/usr/bin/env bash
# Run `ansible-test <command>` (sanity: no ignore file; units: tests/unit with
# tests/unit/requirements.txt) on a copy of the tracked files laid out as
# ansible_collections/msp/connectwise_psa, offline: ansible-test's pip bootstrap comes
# from .ci/ansible-test-pip-bootstrap.py instead of the internet.
# `bash .ci/ansible-test.sh sanity`, `bash .ci/ansible-test.sh units`; more arguments go to ansible-test.
# Leaves nothing behind: the copy, ansible-test's venvs and its ~/.ansible/test/cache all
# live in one temporary directory (HOME points there for the run), removed on exit.
set -euo pipefail
command=${1:?usage: ansible-test.sh sanity|units [ansible-test arguments]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# ansible-test's venvs download the same pinned tools every run: keep the caller's pip cache.
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$HOME/.cache/pip}"
user_pip_conf="${XDG_CONFIG_HOME:-$HOME/.config}/pip/pip.conf"
export HOME="$work/home"
unset XDG_CONFIG_HOME
# ...and the caller's pip configuration (the machine's wheel folders and index mirrors).
if [ -f "$user_pip_conf" ]; then mkdir -p "$HOME/.config/pip" && cp "$user_pip_conf" "$HOME/.config/pip/pip.conf"; fi

# Every pip version this ansible-test asks for gets the offline bootstrap.
tests_dir=$("$python" -c 'import ansible_test, os; print(os.path.dirname(ansible_test.__file__))')
mkdir -p "$HOME/.ansible/test/cache"
for version in $(grep -ohE "pip='[0-9.]+'" "$tests_dir/_internal/python_requirements.py" | grep -oE '[0-9.]+' | sort -u); do
  cp "$root/.ci/ansible-test-pip-bootstrap.py" "$HOME/.ansible/test/cache/get_pip_${version//./_}.py"
done

dest="$work/ansible_collections/msp/connectwise_psa"
mkdir -p "$dest"
# Tracked and new-but-not-ignored files: what a clean checkout holds.
(cd "$root" && git ls-files -co --exclude-standard -z | grep -zv '^\.ci/' | tar --null --ignore-failed-read -T - -cf -) | tar -xf - -C "$dest"
cd "$dest"
# ansible-test lists files through git when it can (a throw-away identity: HOME is empty).
git init -q . && git add -A >/dev/null 2>&1
pyver=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
# Not exec: the EXIT trap must still run to remove $work.
ansible-test "$command" --venv --python "$pyver" --color no "$@"
