# coach — one command to set up and run, one to set up and test.
#   make run    install everything (venv, packages, pose models) and start the app on SQLite,
#               with the demo clinic (published demo passwords, this computer only)
#   make test   install everything, then ruff + mypy + pytest (PostgreSQL and browser tests too)
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install models run test test-fast lint typecheck unit system-deps test-system-deps bench fuzz clean

install: $(STAMP) models

$(STAMP): pyproject.toml
	bash scripts/ensure-system-deps.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Idempotent: verifies the cache (~/.cache/coach/models or COACH_MODELS_DIR) and does nothing
# when it is valid.
models: $(STAMP)
	$(BIN)/coach models fetch

run: install
	$(BIN)/coach app --demo

test-system-deps:
	bash scripts/ensure-system-deps.sh --test

lint: $(STAMP)
	$(BIN)/ruff check coach tests
	$(BIN)/lint-imports
	$(BIN)/vulture
	$(BIN)/deptry .

typecheck: $(STAMP)
	$(BIN)/mypy coach

# Tests without pose weights run on every core (pytest addopts); those with weights run one at a
# time, as the live ones feed a fake camera in real time and must not compete for the CPU.
unit: install test-system-deps
	$(BIN)/pytest -m "not models"
	$(BIN)/pytest -m models -n 0

test: install test-system-deps lint typecheck unit

# The quick lane: no pose weights (an empty model folder proves it), no browser, no PostgreSQL.
test-fast: $(STAMP)
	COACH_MODELS_DIR=$$(mktemp -d) $(BIN)/pytest -m "not models and not browser and not postgres" -q

# 10,000 generated broken exercise/routine files: 0 tracebacks and 0 hangs (the normal test run
# checks a seeded sample of 300). COACH_FUZZ_SEED picks another set.
fuzz: $(STAMP)
	COACH_FUZZ_CASES=10000 $(BIN)/pytest tests/exercises/test_yaml_fuzz.py -q

bench: install
	$(BIN)/coach bench pose

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
