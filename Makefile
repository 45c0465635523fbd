# Two commands a newcomer needs: `make demo` and `make test`. Both build .venv first.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
# pytest workers: the integration tests spend most of their time in ansible-playbook processes.
WORKERS ?= 2

.PHONY: venv demo test unit sanity changelog-lint compat clean

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt tests/requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r tests/requirements.txt
	touch $@

demo: venv
	$(BIN)/python -m tests.demo

test: unit sanity changelog-lint

unit: venv
	$(BIN)/python -m pytest -q -n $(WORKERS) tests

sanity: venv
	PATH="$(CURDIR)/$(BIN):$$PATH" PYTHON="$(CURDIR)/$(BIN)/python" bash .ci/sanity.sh

changelog-lint: venv
	$(BIN)/antsibull-changelog lint

# Not in CI: the oldest supported ansible-core, and the newest under Python 3.12.
compat: venv
	bash .ci/compat.sh

clean:
	rm -rf $(VENV) .venv-compat-* tests/output .pytest_cache
