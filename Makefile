# Equity Hub — everyday commands. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed

# Find a Python >= 3.12 by running each candidate (pyenv shims exist but may not run).
PYTHON_CANDIDATES := python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) python3
FIND_PYTHON = $(firstword $(foreach c,$(PYTHON_CANDIDATES),$(shell $(c) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 && echo $(c))))

.PHONY: help install run run-sso test test-fast coverage coverage-fast test-conformance test-hardening test-stats test-web check bench bench-quick e2e demo static clean screenshots

help:
	@echo "make run    set everything up and serve the demo at http://127.0.0.1:$(PORT)"
	@echo "make test   run the whole test suite (SQLite, and PostgreSQL when DATABASE_URL is set)"
	@echo "make test-fast  the unit tests only: no database, no browser (under 2 minutes)"
	@echo "make coverage   the SQLite suite with a coverage report (make coverage-fast: unit tests only)"
	@echo "make test-conformance  every file and feed read by independent software (about 5 minutes)"
	@echo "make test-hardening  the attack, fault and 50-user load scenarios (about 20 minutes)"
	@echo "make check  ruff, mypy, import-linter, deptry, Django checks, missing migrations"
	@echo "make bench  benchmarks against same-run baselines, into var/bench.json (hours)"
	@echo "make bench-quick  every benchmark at a fiftieth of its size (minutes)"

$(PY):
	@py="$(FIND_PYTHON)"; \
	if [ -z "$$py" ]; then echo "Equity Hub needs Python 3.12 or newer; none was found." >&2; exit 1; fi; \
	echo "Using $$py"; $$py -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[web,dev]'
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP) $(NPM_STAMP)

# Local commands run with DEBUG on unless the environment says otherwise.
LOCAL := DEBUG=$${DEBUG:-true}
MANAGE := $(LOCAL) $(PY) -m equityhub.cli

static: install
	@$(MANAGE) buildcss
	@$(MANAGE) collectstatic --noinput --verbosity 0

run: static
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	$(MANAGE) serve --port $(PORT)

# `make run` with a local OpenID provider beside it (scripts/local-oidc, the npm oidc-provider
# package) on http://127.0.0.1:$(SSO_PORT), configured as an Entra-style "nhsmail" provider: the
# sign-in page shows its button. Stopping the demo (Ctrl-C) stops the provider too.
SSO_PORT ?= 9090
SSO_ISSUER = http://127.0.0.1:$(SSO_PORT)
SSO_ENV = PORT=$(PORT) LOCAL_OIDC_PORT=$(SSO_PORT) \
	LOCAL_OIDC_REDIRECT_URIS=http://127.0.0.1:$(PORT)/accounts/sso/nhsmail/callback/ \
	OIDC_PROVIDERS=nhsmail OIDC_NHSMAIL_KIND=entra \
	OIDC_NHSMAIL_LABEL="Sign in with NHSmail (local test provider)" \
	OIDC_NHSMAIL_DISCOVERY_URL=$(SSO_ISSUER)/.well-known/openid-configuration \
	OIDC_NHSMAIL_CLIENT_ID=equityhub-local OIDC_NHSMAIL_CLIENT_SECRET=local-secret \
	OIDC_NHSMAIL_ALLOWED_TENANTS=local-nhsmail-tenant OIDC_NHSMAIL_ALLOWED_ISSUERS=$(SSO_ISSUER)

run-sso: install
	@export $(SSO_ENV); \
	node scripts/local-oidc/server.mjs & provider=$$!; \
	trap 'kill $$provider 2>/dev/null; wait $$provider 2>/dev/null' EXIT; trap 'exit 130' INT TERM; \
	for _ in $$(seq 50); do \
		node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
			$(SSO_ISSUER)/.well-known/openid-configuration && break; \
		kill -0 $$provider 2>/dev/null || { echo "The local OpenID provider did not start" >&2; exit 1; }; \
		sleep 0.2; \
	done; \
	$(MAKE) --no-print-directory run

# The whole suite on SQLite; then again on PostgreSQL when DATABASE_URL is set, leaving out the
# tests whose outcome cannot depend on the database: those that touch none (no_database), page
# layout at a window size (layout) and the browser journeys (browser), whose every page and
# form the PostgreSQL pass already drives through Django's test client (the crawl, view tests).
# The long load and fault scenarios (marked hardening) are left to `make test-hardening`.
# Tests run in parallel, one worker per core (TEST_WORKERS=0 runs them in this process); each
# worker has its own test database, made from a kept migrated copy, and a file's tests stay on
# one worker; the files with a `slow` test are handed out first (tests/conftest.py). Tests that
# commit for real (marked transactional) get the database put back as it was made after each
# (tests/conftest.py), so they run among the others.
# The 20 slowest are printed at the end of each pass.
TEST_WORKERS ?= auto
PARALLEL := -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=20
test: static
	env -u DATABASE_URL $(PY) -m pytest tests -p no:cacheprovider $(PARALLEL) -m "not hardening and not conformance" $(PYTEST_ARGS)
	@if [ -n "$$DATABASE_URL" ]; then \
		rc=0; $(PY) -m equityhub.tools.wait_for_database || rc=$$?; \
		if [ $$rc -eq 3 ]; then exit 0; elif [ $$rc -ne 0 ]; then exit $$rc; fi; \
		echo "Second pass on PostgreSQL ($$DATABASE_URL)"; \
		$(PY) -m pytest tests -p no:cacheprovider $(PARALLEL) -m "not own_database and not hardening and not no_database and not layout and not browser and not conformance" $(PYTEST_ARGS); \
	fi

# Each format the platform writes (OpenAPI, Atom, iCalendar, BibTeX, RIS, CSV, PDF, Word, HTML),
# generated from the demo (loaded once) and read by independent software; zero errors. The HTML
# checker is the npm package vnu-jar, which needs a Java runtime (.ci/run installs one).
test-conformance: static
	env -u DATABASE_URL $(PY) -m pytest tests/conformance -p no:cacheprovider -m conformance $(PYTEST_ARGS)

# Every hardening scenario: the fast attack tests that `make test` also runs, and the long ones
# (50 users for 5 minutes on gunicorn + PostgreSQL with hostile uploads, worker and database
# faults). HARDENING_LOAD_USERS / HARDENING_LOAD_SECONDS shorten the load run.
HARDENING_TESTS := tests/hardening tests/operations tests/core/test_worker.py \
	tests/indicators/test_xlsx_uploads.py tests/indicators/test_return_values.py \
	tests/indicators/test_identifier_screen.py tests/core/test_spreadsheet_cells.py \
	tests/library/test_export_cells.py tests/indicators/test_disclosure_attack.py

test-hardening: static
	$(PY) -m pytest $(HARDENING_TESTS) -p no:cacheprovider -s $(PYTEST_ARGS)

# The inner loop, unit tests only: in this process, every test that needs no database (the
# `database` mark is added from each test's fixtures, see tests/conftest.py) and is not `slow`,
# outside the folders whose tests start browsers, servers or other processes.
FAST := -m "not database and not browser and not slow and not hardening and not conformance" \
	--ignore=tests/browser --ignore=tests/conformance --ignore=tests/crawl \
	--ignore=tests/hardening --ignore=tests/operations
test-fast: $(STAMP)
	env -u DATABASE_URL $(PY) -m pytest tests -p no:cacheprovider -n 0 -q $(FAST) --durations=10 $(PYTEST_ARGS)

# Line coverage of src/equityhub (settings in pyproject.toml), as a table in the terminal and as
# HTML in var/coverage/. `make coverage` runs the SQLite pass of `make test`, in parallel;
# `make coverage-fast` the `make test-fast` subset.
COVERAGE := --cov --cov-report=term:skip-covered --cov-report=html:var/coverage
coverage: static
	env -u DATABASE_URL $(PY) -m pytest tests -p no:cacheprovider $(PARALLEL) $(COVERAGE) -m "not hardening and not conformance" $(PYTEST_ARGS)

coverage-fast: $(STAMP)
	env -u DATABASE_URL $(PY) -m pytest tests -p no:cacheprovider -n 0 -q $(COVERAGE) $(FAST) $(PYTEST_ARGS)

test-stats: $(STAMP)
	$(PY) -m pytest tests/stats -p no:cacheprovider -p no:django $(PYTEST_ARGS)

check: install
	@if [ -n "$$DATABASE_URL" ]; then $(PY) -m equityhub.tools.wait_for_database || [ $$? -eq 3 ]; fi
	$(VENV)/bin/ruff check src tests benchmarks scripts
	$(VENV)/bin/ruff format --check src tests benchmarks scripts
	$(LOCAL) $(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(VENV)/bin/deptry src
	$(VENV)/bin/deptry tests benchmarks scripts --exclude '\.venv' --ignore DEP002,DEP004
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Both write var/bench.json: one entry per workload (name, size, baseline, ratio).
bench: $(STAMP)
	$(PY) -m benchmarks

bench-quick: $(STAMP)
	$(PY) -m benchmarks --quick

e2e: static
	$(PY) -m pytest tests -m browser -p no:cacheprovider

# Each demo role's home page, the England programme view and a board paper, at 1366x768 and
# 390x844, into docs/screenshots/ (on the demo data).
screenshots: static
	$(MANAGE) migrate --noinput
	$(MANAGE) demo
	$(LOCAL) $(PY) scripts/screenshots.py

clean:
	rm -rf $(VENV) node_modules staticfiles var
