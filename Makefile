# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

$(BIN)/reviewer: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/reviewer  ## open the app (ARGS="path --reviewer name" to pass arguments)
	$(BIN)/reviewer $(ARGS)

test: $(BIN)/reviewer  ## run the whole test suite
	$(BIN)/python -m pytest -q

bench: $(BIN)/reviewer  ## run the benchmarks and print a table
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
