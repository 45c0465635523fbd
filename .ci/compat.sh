#!/usr/bin/env bash
# Not run by CI (time): repeat the tests and sanity on the oldest supported ansible-core
# (2.16, Python 3.11) and on the newest release under Python 3.12. `make compat`.
# Results of the last run are in docs/compatibility.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
find_python() {   # python3.X on PATH, else a pyenv-installed one whose shim is not active
  if "$1" -c '' 2>/dev/null; then echo "$1"; return; fi
  local candidate
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"${1#python}".*/bin/"$1"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  echo "no $1 found" >&2; return 1
}
run_on() {   # $1 = python, $2 = ansible-core requirement, $3 = venv name
  local venv="$root/.venv-compat-$3"
  rm -rf "$venv"
  "$(find_python "$1")" -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  grep -v '^ansible-core' tests/requirements.txt | sed "s#^-r ../requirements.txt#-r $root/requirements.txt#" > "$venv/requirements.txt"
  "$venv/bin/pip" install --quiet -r "$venv/requirements.txt" "$2"
  local version
  version=$("$venv/bin/ansible" --version)
  echo "=== ${version%%$'\n'*} on $("$venv/bin/python" --version)"
  "$venv/bin/python" -m pytest -q -n 2 tests
  PATH="$venv/bin:$PATH" PYTHON="$venv/bin/python" bash .ci/sanity.sh
}
# `bash .ci/compat.sh 2.16` or `... newest-py312` runs one of the two.
if [ "${1:-2.16}" = 2.16 ]; then run_on python3.11 'ansible-core>=2.16,<2.17' 2.16; fi
if [ "${1:-newest-py312}" = newest-py312 ]; then run_on python3.12 'ansible-core' newest-py312; fi
