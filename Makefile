# Two commands a newcomer needs: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# pytest workers: the integration tests spend most of their time in ansible-playbook processes.
WORKERS ?= 2
# Each step of `make test` keeps its output here; the closing summary line reads it.
LOGS := tests/output/make-test
SHELL := bash

.PHONY: venv demo example test unit lint sanity docs-lint reuse changelog-lint changelog units docs matrix matrix-ci compat clean

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
test: unit lint sanity docs-lint reuse changelog-lint
	@echo "make test passed: pytest $$(tail -n 1 $(LOGS)/unit.log | sed 's/^=* *//; s/ *=*$$//')" \
	  "(unit, simulator, end-to-end, reliability, galaxy-importer);" \
	  "ansible-lint --profile production on $$(grep -oE '[0-9]+ files processed' $(LOGS)/lint.log | grep -oE '^[0-9]+') files;" \
	  "ansible-test sanity, $$(grep -c '^Running sanity test' $(LOGS)/sanity.log) tests;" \
	  "antsibull-docs lint-collection-docs; reuse lint; antsibull-changelog lint"

unit: venv
	@mkdir -p $(LOGS)
	set -o pipefail; $(BIN)/python -m pytest -q -n $(WORKERS) tests 2>&1 | tee $(LOGS)/unit.log

lint: venv
	@mkdir -p $(LOGS)
	set -o pipefail; $(BIN)/ansible-lint --profile production 2>&1 | tee $(LOGS)/lint.log

sanity: venv
	@mkdir -p $(LOGS)
	set -o pipefail; PATH="$(CURDIR)/$(BIN):$$PATH" PYTHON="$(CURDIR)/$(BIN)/python" bash .ci/ansible-test.sh sanity 2>&1 | tee $(LOGS)/sanity.log

# The plugin docs as the docsite renders them: markup, references (also to other collections), schema.
docs-lint: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/antsibull-docs lint-collection-docs --plugin-docs --validate-collection-refs all .

# Every file's licence and copyright (REUSE.toml, LICENSES/).
reuse: venv
	$(BIN)/reuse lint

# tests/unit through ansible-test, as on an installed collection (tests/unit/requirements.txt).
units: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" PYTHON="$(CURDIR)/$(BIN)/python" bash .ci/ansible-test.sh units

# The docsite, in out/docsite/build/html/ (antsibull-docs sphinx-init + build).
docs: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" PYTHON="$(CURDIR)/$(BIN)/python" bash .ci/docs.sh

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# CHANGELOG.rst for the version in galaxy.yml, from changelogs/ (fragments are kept).
changelog: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" PYTHON="$(CURDIR)/$(BIN)/python" bash .ci/changelog.sh

# Every ansible-core minor 2.16 to 2.21: sanity + units, each under a Python it supports; the whole
# pytest suite on the oldest and the newest; then docs/compatibility.md from the results (~1 h on 2 cores).
matrix:
	bash .ci/matrix.sh

# What CI adds to `make test`: sanity + units on the oldest and the newest ansible-core.
matrix-ci:
	MATRIX_E2E=0 MATRIX_DOC=0 bash .ci/matrix.sh 2.16 2.21

compat: matrix

clean:
	rm -rf $(VENV) .venv-compat-* tests/output .pytest_cache out
