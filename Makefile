# Lvyue: `make run` serves the app on an embedded SQLite database; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO        ?= cargo
NPM          ?= npm
FRONTEND     := frontend
LVYUE_RELEASE = $(or $(CARGO_TARGET_DIR),target)/release/lvyue
LVYUE_DEBUG   = $(or $(CARGO_TARGET_DIR),target)/debug/lvyue

# The SPA is rebuilt only when one of its sources (or its dependencies) changed since the last
# build: `make run` after the first skips the two-minute type-check and bundle.
SPA_SOURCES := $(shell find $(FRONTEND)/src $(FRONTEND)/public -type f 2>/dev/null) \
  $(wildcard $(FRONTEND)/index.html $(FRONTEND)/vite.config.ts $(FRONTEND)/tsconfig*.json $(FRONTEND)/package-lock.json $(FRONTEND)/scripts/check-bundle-size.mjs)
SPA_STAMP := $(FRONTEND)/dist/index.html

.PHONY: help run run-postgres build backend frontend frontend-deps test fmt-check clippy backend-test frontend-test contract contract-deps tools-venv openapi openapi-check clean

help:
	@echo "make run    build the SPA and the backend, migrate the embedded SQLite database, serve http://127.0.0.1:8080"
	@echo "make run-postgres  the same on PostgreSQL (PG_ADMIN_URL, PG_DB; the database is created when missing)"
	@echo "make test   format check, clippy, backend tests on SQLite and PostgreSQL, frontend lint/type-check/build/unit/browser tests, API contract"
	@echo "make contract  the API contract alone: spec validation, Spectral, example client, schemathesis"
	@echo "make openapi  regenerate openapi/openapi.json from the code"

## run ----------------------------------------------------------------------------------------
run: $(SPA_STAMP) backend
	$(LVYUE_RELEASE) seed --demo --if-fresh
	LVYUE_STATIC_DIR=$(FRONTEND)/dist $(LVYUE_RELEASE) serve

# PostgreSQL: creates the database when missing (UTF-8 ctype, so text search sees Chinese), keeps
# a generated key in data/jwt_secret.postgres (servers on one database must share it).
PG_ADMIN_URL ?= postgres://postgres@127.0.0.1:5432/postgres
PG_DB        ?= lvyue
PG_URL        = $(patsubst %/postgres,%/$(PG_DB),$(PG_ADMIN_URL))
PG_KEY        = data/jwt_secret.postgres

run-postgres: $(SPA_STAMP) backend
	@psql "$(PG_ADMIN_URL)" -Atc "SELECT 1 FROM pg_database WHERE datname = '$(PG_DB)'" | grep -q 1 \
	  || psql "$(PG_ADMIN_URL)" -qc "CREATE DATABASE \"$(PG_DB)\" ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8' TEMPLATE template0"
	@mkdir -p data && if [ ! -s $(PG_KEY) ]; then (umask 077 && $(LVYUE_RELEASE) secret generate > $(PG_KEY)); fi
	DATABASE_URL=$(PG_URL) LVYUE_JWT_SECRET_FILE=$(PG_KEY) $(LVYUE_RELEASE) seed --demo --if-fresh
	DATABASE_URL=$(PG_URL) LVYUE_JWT_SECRET_FILE=$(PG_KEY) LVYUE_STATIC_DIR=$(FRONTEND)/dist $(LVYUE_RELEASE) serve

build: frontend backend

backend:
	$(CARGO) build --release -p lvyue

# (Re)installs when node_modules is missing or older than the lock file.
frontend-deps:
	@if [ ! -f $(FRONTEND)/node_modules/.package-lock.json ] || [ $(FRONTEND)/package-lock.json -nt $(FRONTEND)/node_modules/.package-lock.json ]; then \
	  cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund; fi

frontend: frontend-deps
	cd $(FRONTEND) && $(NPM) run build

$(SPA_STAMP): $(SPA_SOURCES)
	@$(MAKE) --no-print-directory frontend
	@touch $@

## test ---------------------------------------------------------------------------------------
test: fmt-check clippy backend-test frontend-test contract

fmt-check:
	$(CARGO) fmt --all --check

clippy:
	$(CARGO) clippy --all-targets -- -D warnings

# The attachment tests run against a local S3-compatible server too: moto's `moto_server`, from
# the tools virtualenv (LVYUE_MOTO_SERVER); under CI a missing one fails them, like PostgreSQL.
backend-test: tools-venv
	@if [ -z "$$TEST_POSTGRES_URL" ]; then \
	  echo "!!! TEST_POSTGRES_URL is not set: the PostgreSQL cases will be SKIPPED (e.g. TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres)"; fi
	LVYUE_MOTO_SERVER=$(abspath $(CONTRACT_VENV))/bin/moto_server $(CARGO) test --workspace

# `lint` (ESLint + Prettier, frontend/eslint.config.js) fails on any error or warning; `build`
# type-checks first and fails above the bundle budget; `test:unit` checks that the API
# types are generated from the current openapi/openapi.json; `test:e2e` drives Debian's Chromium
# against the real backend on demo data.
frontend-test: frontend-deps
	cd $(FRONTEND) && $(NPM) run lint && $(NPM) run build && $(NPM) run test:unit
	$(CARGO) build -p lvyue
	cd $(FRONTEND) && LVYUE_BIN=$(abspath $(LVYUE_DEBUG)) $(NPM) run test:e2e

## API contract -------------------------------------------------------------------------------
# openapi-spec-validator and schemathesis in a virtualenv (PyPI, pinned in contract/requirements.txt),
# Spectral from npm (contract/package-lock.json); then contract/run.py against a demo server on
# SQLite, and on PostgreSQL too when TEST_POSTGRES_URL is set.
CONTRACT_VENV ?= $(or $(LVYUE_CONTRACT_VENV),contract/.venv)

# The Python tools in one virtualenv, resolved together: schemathesis and the validator
# (contract/requirements.txt) and moto's S3 server for the attachment tests (backend/tests/requirements.txt).
tools-venv:
	@if [ ! -x $(CONTRACT_VENV)/bin/st ] || [ ! -x $(CONTRACT_VENV)/bin/moto_server ] \
	  || [ contract/requirements.txt -nt $(CONTRACT_VENV)/.installed ] || [ backend/tests/requirements.txt -nt $(CONTRACT_VENV)/.installed ]; then \
	  python3 -m venv $(CONTRACT_VENV) && $(CONTRACT_VENV)/bin/pip install -q --disable-pip-version-check \
	    -r contract/requirements.txt -r backend/tests/requirements.txt \
	  && touch $(CONTRACT_VENV)/.installed; fi

contract-deps: tools-venv
	@if [ ! -f contract/node_modules/.package-lock.json ] || [ contract/package-lock.json -nt contract/node_modules/.package-lock.json ]; then \
	  cd contract && $(NPM) ci --no-audit --no-fund; fi

contract: contract-deps
	$(CARGO) build -p lvyue
	python3 contract/run.py --bin $(LVYUE_DEBUG) --venv $(CONTRACT_VENV) $(if $(TEST_POSTGRES_URL),--postgres $(TEST_POSTGRES_URL))

## openapi ------------------------------------------------------------------------------------
openapi:
	$(CARGO) run -q -p lvyue -- openapi > openapi/openapi.json

clean:
	$(CARGO) clean
	rm -rf $(FRONTEND)/dist

## benchmarks (not part of `make test`) ------------------------------------------------------
.PHONY: bench
bench:
	$(CARGO) bench -p lvyue
	$(CARGO) build --release -p lvyue
	python3 scripts/bench_import_memory.py $(LVYUE_RELEASE)
	python3 scripts/bench_export_memory.py $(LVYUE_RELEASE)
	python3 scripts/bench_hostile_files.py $(LVYUE_RELEASE)
