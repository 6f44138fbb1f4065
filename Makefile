# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test lint snapshots bench clean

$(BIN)/reviewer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,lint]'
	touch $@

run: $(BIN)/reviewer  ## open the app (ARGS="path --reviewer name" to pass arguments)
	$(BIN)/reviewer $(ARGS)

test: $(BIN)/reviewer  ## run the whole test suite, on every core
	$(BIN)/python -m pytest -q -n auto

lint: $(BIN)/reviewer  ## style, types and the import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

snapshots: $(BIN)/reviewer  ## accept what the screens show now (look at the report first)
	$(BIN)/python -m pytest -q tests/test_snapshots.py --snapshot-update

# ASReview, the peer of the prioritisation benchmark, in a venv of its own (never our dependency).
ASREVIEW_VENV ?= .bench-asreview
$(ASREVIEW_VENV)/bin/asreview:
	$(PYTHON) -m venv $(ASREVIEW_VENV)
	$(ASREVIEW_VENV)/bin/python -m pip install --quiet 'asreview>=3,<4'

bench: $(BIN)/reviewer $(ASREVIEW_VENV)/bin/asreview  ## run the benchmarks and print the tables
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.prioritisation
	$(BIN)/python -m benchmarks.full_texts
	$(BIN)/python -m benchmarks.suggestions

clean:
	rm -rf $(VENV) $(ASREVIEW_VENV) .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
