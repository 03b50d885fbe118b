# The two quick-start commands of the README. `.ci/run` calls `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: install install-test run test bench hunalign

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,ray]'

run: install
	$(BIN)/align run seeds/

test: install-test
	$(BIN)/python -m pytest -q

# -P keeps bench/ off sys.path, where bench/align.py would shadow the align package
bench: $(BIN)/python
	$(BIN)/pip install -q -e '.[test,bench]'
	for b in bench/*.py; do $(BIN)/python -P $$b || exit 1; done

# hunalign, the baseline the alignment benchmarks run beside align (vendored source, LGPL-3.0)
HUNALIGN_SRC = bench/hunalign/src/hunalign
hunalign: $(HUNALIGN_SRC)/hunalign

$(HUNALIGN_SRC)/hunalign:
	$(MAKE) -C $(HUNALIGN_SRC) hunalign
