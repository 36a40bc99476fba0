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
	browser-test browser-deps bench install install-dev clean

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
	$(BIN)/ruff check src bench conftest.py
	$(BIN)/ruff format --check src bench conftest.py

typecheck: install-dev
	$(BIN)/mypy

# Models and migrations must agree. A throw-away var folder keeps ./var untouched.
migrations-check: install-dev
	@var="$$(mktemp -d)"; \
	  PERSONDATA_VAR_DIR="$$var" $(BIN)/persondata makemigrations --check --dry-run; \
	  status=$$?; rm -rf "$$var"; exit $$status

# The SQLite pass: everything except the tests that need PostgreSQL and the
# browser tests (those run in browser-test, against their own server).
# pytest's own exit status decides (5, "no tests ran", fails too).
pytest: install-dev
	$(BIN)/pytest -q -m "not postgres and not browser" $(PYTEST_ARGS)

test: lint typecheck migrations-check pytest

check-postgres: install-dev
	@$(BIN)/python -c "import psycopg; psycopg.connect('$(PG_URL)'.rsplit('/', 1)[0] + '/postgres', connect_timeout=5).close()" \
	  || { echo "PostgreSQL is not reachable at $(PG_URL); make ci needs it" >&2; exit 1; }

# The PostgreSQL pass: the whole suite, postgres-marked tests included, in a
# test database created fresh for this run (test_<name of PG_URL>).
pytest-postgres: check-postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q --create-db -m "not browser" $(PYTEST_ARGS)

# Debian's Chromium (never a downloaded browser) and axe-core from npm under var/npm.
# A Chromium that is still missing after apt-get fails the target.
AXE_VERSION ?= 4.14.1
browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  apt-get update && apt-get install -y chromium || true; \
	fi
	@test -x /usr/bin/chromium || { echo "/usr/bin/chromium is missing; install Debian's chromium package" >&2; exit 1; }
	@test -f var/npm/node_modules/axe-core/axe.min.js || \
	  npm install --no-save --no-audit --no-fund --prefix var/npm axe-core@$(AXE_VERSION)
	@test -f var/npm/node_modules/axe-core/axe.min.js || { echo "axe-core could not be installed from npm" >&2; exit 1; }

# Playwright drives Chromium against the real server on a free port; screenshots
# of the main pages go to var/screenshots/ (CI artefacts).
browser-test: install-dev browser-deps
	$(BIN)/pytest -q -m browser $(PYTEST_ARGS)

ci: PYTEST_ARGS += --forbid-skips
ci: test pytest-postgres browser-test

bench: install-dev
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
