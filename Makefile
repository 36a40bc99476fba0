# The two commands a new user needs: `make run` and `make test`.
# CONTRIBUTING.md explains every target; `make ci` is what .ci/run runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/persondata_ci
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra pytest options; `make ci` adds --forbid-skips (see conftest.py).
PYTEST_ARGS ?=

.PHONY: run test ci lint typecheck migrations-check pytest pytest-postgres check-postgres \
	bench install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/persondata migrate --no-input
	$(BIN)/persondata policy apply examples/demo.yaml --actor "make run"
	$(BIN)/persondata demo setup
	PERSONDATA_DEBUG=1 $(BIN)/persondata runserver $(HOST):$(PORT)

lint: install-dev
	$(BIN)/ruff check
	$(BIN)/ruff format --check

typecheck: install-dev
	$(BIN)/mypy

# Models and migrations must agree. A throw-away var folder keeps ./var untouched.
migrations-check: install-dev
	@var="$$(mktemp -d)"; \
	  PERSONDATA_VAR_DIR="$$var" $(BIN)/persondata makemigrations --check --dry-run; \
	  status=$$?; rm -rf "$$var"; exit $$status

# The SQLite pass: everything except the tests that need PostgreSQL.
# pytest's own exit status decides (5, "no tests ran", fails too).
pytest: install-dev
	$(BIN)/pytest -q -m "not postgres" $(PYTEST_ARGS)

test: lint typecheck migrations-check pytest

check-postgres: install-dev
	@$(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=5).close()" \
	  || { echo "PostgreSQL is not reachable at $(PG_URL); make ci needs it" >&2; exit 1; }

# The PostgreSQL pass: the whole suite, postgres-marked tests included, in a
# test database created fresh for this run (test_<name of PG_URL>).
pytest-postgres: check-postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q --create-db $(PYTEST_ARGS)

ci: PYTEST_ARGS += --forbid-skips
ci: test pytest-postgres

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
