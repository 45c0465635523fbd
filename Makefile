# Two commands a newcomer needs: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# pytest workers: the integration tests spend most of their time in ansible-playbook processes.
WORKERS ?= 2
# Each step of `make test` keeps its output here; the closing summary line reads it.
LOGS := tests/output/make-test
SHELL := bash

.PHONY: venv demo example test unit lint sanity changelog-lint changelog compat clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt tests/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r tests/requirements.txt
	touch $@

demo: venv
	$(BIN)/python -m tests.demo

# examples/inventory as shipped (vaulted keys), against the bundled simulator.
example: venv
	$(BIN)/python -m tests.example

# Stops at the first failing step; when all pass, the last line says what ran.
test: unit lint sanity changelog-lint
	@echo "make test passed: pytest $$(tail -n 1 $(LOGS)/unit.log | sed 's/^=* *//; s/ *=*$$//')" \
	  "(unit, simulator, end-to-end, reliability, galaxy-importer);" \
	  "ansible-lint --profile production on $$(grep -oE '[0-9]+ files processed' $(LOGS)/lint.log | grep -oE '^[0-9]+') files;" \
	  "ansible-test sanity, $$(grep -c '^Running sanity test' $(LOGS)/sanity.log) tests; antsibull-changelog lint"

unit: venv
	@mkdir -p $(LOGS)
	set -o pipefail; $(BIN)/python -m pytest -q -n $(WORKERS) tests 2>&1 | tee $(LOGS)/unit.log

lint: venv
	@mkdir -p $(LOGS)
	set -o pipefail; $(BIN)/ansible-lint --profile production 2>&1 | tee $(LOGS)/lint.log

sanity: venv
	@mkdir -p $(LOGS)
	set -o pipefail; PATH="$(CURDIR)/$(BIN):$$PATH" PYTHON="$(CURDIR)/$(BIN)/python" bash .ci/sanity.sh 2>&1 | tee $(LOGS)/sanity.log

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# CHANGELOG.rst for the version in galaxy.yml, from changelogs/ (fragments are kept).
changelog: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" PYTHON="$(CURDIR)/$(BIN)/python" bash .ci/changelog.sh

# Not in CI: the oldest supported ansible-core, and the newest under Python 3.12.
compat: venv
	bash .ci/compat.sh

clean:
	rm -rf $(VENV) .venv-compat-* tests/output .pytest_cache out
