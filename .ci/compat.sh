#!/usr/bin/env bash
# Not run by CI (time): repeat the tests and sanity on the oldest supported ansible-core
# (2.16, Python 3.11) and on the newest release under Python 3.12. `make compat`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
run_on() {   # $1 = python, $2 = ansible-core requirement, $3 = venv name
  local venv="$root/.venv-compat-$3"
  rm -rf "$venv"
  "$1" -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip
  grep -v '^ansible-core' tests/requirements.txt | sed "s#^-r ../requirements.txt#-r $root/requirements.txt#" > "$venv/requirements.txt"
  "$venv/bin/pip" install --quiet -r "$venv/requirements.txt" "$2"
  echo "=== $("$venv/bin/ansible" --version | head -1) on $("$venv/bin/python" --version)"
  "$venv/bin/python" -m pytest -q -n 2 tests
  PATH="$venv/bin:$PATH" PYTHON="$venv/bin/python" bash .ci/sanity.sh
}
run_on python3.11 'ansible-core>=2.16,<2.17' 2.16
run_on python3.12 'ansible-core' newest-py312
