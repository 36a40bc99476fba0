# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/persondata_ci
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test ci lint typecheck pytest pytest-postgres check-postgres bench install install-dev clean

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
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench

typecheck: install-dev
	$(BIN)/mypy

pytest: install-dev
	$(BIN)/pytest -q

test: lint typecheck pytest

check-postgres: install-dev
	@$(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=5).close()" \
	  || { echo "PostgreSQL is not reachable at $(PG_URL); make ci needs it" >&2; exit 1; }

pytest-postgres: check-postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

ci: test pytest-postgres

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
