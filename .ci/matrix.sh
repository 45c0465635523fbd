#!/usr/bin/env bash
# The version matrix (`make matrix`): ansible-test sanity and units on every supported
# ansible-core minor, each under a Python that minor supports on the controller, and the whole
# pytest suite (end to end) on the oldest and the newest. Across the rows, sanity runs under
# every Python the support statement names that the machine has (3.10 to 3.13).
#   bash .ci/matrix.sh                 every row, the oldest and the newest first
#   bash .ci/matrix.sh 2.16 2.21       some rows (CI: MATRIX_E2E=0 MATRIX_DOC=0, sanity + units only)
#   MATRIX_STEPS=units bash .ci/matrix.sh 2.16    rerun some steps of a row (sanity units e2e)
#   MATRIX_E2E_TESTS="tests/integration/test_role.py" ...   the e2e step on part of the suite (default: tests)
# Each row's venv is .venv-compat-<minor>, built on demand (kept; `make clean` removes them).
# Results: tests/output/matrix/<minor>.json (a rerun step replaces only its own entry) and the
# logs beside them; then docs/compatibility.md is regenerated from them unless MATRIX_DOC=0.
# Exit 1 if any step failed.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# minor:python. The newest minors need Python 3.12+; 2.18 and 2.19 take 3.11-3.13.
# The ends first: a run cut short still says whether the oldest and the newest pass.
ROWS=(2.16:3.10 2.21:3.13 2.17:3.12 2.18:3.13 2.19:3.11 2.20:3.12)
OLDEST=2.16
NEWEST=2.21
E2E=${MATRIX_E2E:-1}
STEPS=" ${MATRIX_STEPS:-sanity units e2e} "
E2E_TESTS=${MATRIX_E2E_TESTS:-tests}
out="$root/tests/output/matrix"
# The tree each step ran on (a step's entry is kept until it reruns, so rows may differ).
COMMIT=$(git -C "$root" rev-parse --short=10 HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null)" ]; then COMMIT="$COMMIT+changes"; fi
mkdir -p "$out"

find_python() {   # python3.X on PATH, else a pyenv-installed one whose shim is not active
  if "python$1" -c '' 2>/dev/null; then command -v "python$1"; return; fi
  local candidate
  for candidate in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$1".*/bin/"python$1"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  echo "no python$1 found" >&2; return 1
}

next_minor() { local major=${1%%.*} minor=${1#*.}; echo "$major.$((minor + 1))"; }

build_venv() {   # $1 minor, $2 python version, $3 1 = with the test requirements (end to end)
  local venv="$root/.venv-compat-$1" want
  want="ansible-core>=$1,<$(next_minor "$1") python$2 e2e=$3 $(sha1sum requirements.txt tests/requirements.txt | sha1sum | cut -c1-12)"
  if [ -f "$venv/.matrix-stamp" ] && [ "$(cat "$venv/.matrix-stamp")" = "$want" ]; then return 0; fi
  rm -rf "$venv"
  "$(find_python "$2")" -m venv "$venv" || return 1
  "$venv/bin/pip" install --quiet --upgrade pip || return 1
  if [ "$3" = 1 ]; then
    # The suite's requirements without the ansible-core pin and the docs tools (make test's, not the suite's).
    grep -vE '^(ansible-core|antsibull-docs|reuse|sphinx-ansible-theme)\b' tests/requirements.txt \
      | sed "s#^-r ../requirements.txt#-r $root/requirements.txt#" > "$venv/requirements.txt"
    "$venv/bin/pip" install --quiet -r "$venv/requirements.txt" "ansible-core>=$1,<$(next_minor "$1")" || return 1
  else
    "$venv/bin/pip" install --quiet "ansible-core>=$1,<$(next_minor "$1")" || return 1
  fi
  echo "$want" > "$venv/.matrix-stamp"
}

pytest_counts() {   # the counts of pytest's closing line, e.g. "180 passed, 2 skipped"
  grep -E '^(=+ )?[0-9]+ (passed|failed|skipped|error)' "$1" | tail -n 1 \
    | sed -E 's/^=+ //; s/ in [0-9.]+s.*$//; s/ =+$//; s/, [0-9]+ warnings?//' | tr -d '\n'
}

run_row() {   # $1 minor, $2 python version
  local minor=$1 python=$2 venv="$root/.venv-compat-$1" e2e=0 started
  if [ "$E2E" = 1 ] && { [ "$minor" = "$OLDEST" ] || [ "$minor" = "$NEWEST" ]; }; then e2e=1; fi
  local log="$out/$minor" status=0
  echo "=== ansible-core $minor on Python $python (steps:${STEPS% }$([ "$e2e" = 1 ] || echo ', no e2e'))"
  started=$SECONDS
  if ! build_venv "$minor" "$python" "$e2e" >"$log-venv.log" 2>&1; then
    echo "venv build failed: $log-venv.log" >&2
    printf '{"minor": "%s", "python": "%s", "error": "venv build failed (%s)"}\n' "$minor" "$python" "$log-venv.log" > "$out/$minor.json"
    return 1
  fi
  local venv_seconds=$((SECONDS - started)) t0 rc steps_json=""
  step() {   # $1 name, then the command; appends the step's JSON entry
    if [[ "$STEPS" != *" $1 "* ]]; then return 0; fi
    t0=$SECONDS
    # CPU seconds (user + system, children included) beside wall-clock ones: on a shared machine
    # they say what the step costs on an idle one.
    local TIMEFORMAT='%U %S'
    { time "${@:2}" >"$log-$1.log" 2>&1; } 2>"$log-$1.cpu"
    rc=$?
    local cpu
    cpu=$(awk '{ printf "%d", $1 + $2 }' "$log-$1.cpu")
    local counts
    if [ "$1" = sanity ]; then counts="$(grep -c '^Running sanity test' "$log-$1.log") tests"; else counts=$(pytest_counts "$log-$1.log"); fi
    steps_json+="\"$1\": {\"rc\": $rc, \"seconds\": $((SECONDS - t0)), \"cpu_seconds\": ${cpu:-0}, \"counts\": \"$counts\", \"commit\": \"$COMMIT\""
    if [ "$1" = e2e ]; then steps_json+=", \"selection\": \"$E2E_TESTS\""; fi
    steps_json+="}, "
    echo "    $1: exit $rc, $counts ($((SECONDS - t0)) s, CPU ${cpu:-?} s)"
    [ "$rc" = 0 ] || status=1
  }
  step sanity env PATH="$venv/bin:$PATH" PYTHON="$venv/bin/python" bash .ci/ansible-test.sh sanity
  step units env PATH="$venv/bin:$PATH" PYTHON="$venv/bin/python" bash .ci/ansible-test.sh units
  if [ "$e2e" = 1 ]; then
    # shellcheck disable=SC2086 # E2E_TESTS is a list of paths
    step e2e env PATH="$venv/bin:$PATH" "$venv/bin/python" -m pytest -q -p no:cacheprovider -n "${WORKERS:-2}" $E2E_TESTS
  fi
  # One JSON file per row; a step not run this time keeps its last entry.
  "$venv/bin/python" - "$out/$minor.json" "{${steps_json%, }}" "$venv_seconds" <<'PY'
import datetime, json, os, sys
import ansible
path, steps, venv_seconds = sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3])
row = json.load(open(path)) if os.path.exists(path) else {}
row.pop('error', None)
now = datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')
for entry in steps.values():
    entry['date'] = now
row.update(steps)
row.update(minor='.'.join(ansible.__version__.split('.')[:2]), ansible_core=ansible.__version__,
           python='%d.%d.%d' % sys.version_info[:3], venv_seconds=venv_seconds)
with open(path, 'w') as stream:
    json.dump(row, stream, indent=2, sort_keys=True)
PY
  return $status
}

selected=("$@")
failed=0
for row in "${ROWS[@]}"; do
  minor=${row%%:*}
  if [ ${#selected[@]} -gt 0 ] && [[ " ${selected[*]} " != *" $minor "* ]]; then continue; fi
  run_row "$minor" "${row#*:}" || failed=1
done
if [ "${MATRIX_DOC:-1}" = 1 ]; then
  python3 .ci/compatibility.py "$out" docs/compatibility.md && echo "wrote docs/compatibility.md"
fi
exit $failed
