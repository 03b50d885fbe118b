# The two quick-start commands of the README. `.ci/run` calls `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: install install-test run test bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

run: install
	$(BIN)/align run seeds/

test: install-test
	$(BIN)/python -m pytest -q

# -P keeps bench/ off sys.path, where bench/align.py would shadow the align package
bench: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,bench]'
	for b in bench/*.py; do $(BIN)/python -P $$b || exit 1; done
