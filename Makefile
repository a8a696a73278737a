# Lvyue: `make run` serves the app on an embedded SQLite database; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CARGO        ?= cargo
NPM          ?= npm
FRONTEND     := frontend
LVYUE_RELEASE = $(or $(CARGO_TARGET_DIR),target)/release/lvyue
LVYUE_DEBUG   = $(or $(CARGO_TARGET_DIR),target)/debug/lvyue

.PHONY: help run build backend frontend frontend-deps test fmt-check clippy backend-test frontend-test contract contract-deps openapi openapi-check clean

help:
	@echo "make run    build the SPA and the backend, migrate the embedded SQLite database, serve http://127.0.0.1:8080"
	@echo "make test   format check, clippy, backend tests on SQLite and PostgreSQL, frontend lint/type-check/build/unit/browser tests, API contract"
	@echo "make contract  the API contract alone: spec validation, Spectral, example client, schemathesis"
	@echo "make openapi  regenerate openapi/openapi.json from the code"

## run ----------------------------------------------------------------------------------------
run: frontend backend
	$(LVYUE_RELEASE) seed --demo --if-fresh
	LVYUE_STATIC_DIR=$(FRONTEND)/dist $(LVYUE_RELEASE) serve

build: frontend backend

backend:
	$(CARGO) build --release -p lvyue

# (Re)installs when node_modules is missing or older than the lock file.
frontend-deps:
	@if [ ! -f $(FRONTEND)/node_modules/.package-lock.json ] || [ $(FRONTEND)/package-lock.json -nt $(FRONTEND)/node_modules/.package-lock.json ]; then \
	  cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund; fi

frontend: frontend-deps
	cd $(FRONTEND) && $(NPM) run build

## test ---------------------------------------------------------------------------------------
test: fmt-check clippy backend-test frontend-test contract

fmt-check:
	$(CARGO) fmt --all --check

clippy:
	$(CARGO) clippy --all-targets -- -D warnings

backend-test:
	@if [ -z "$$TEST_POSTGRES_URL" ]; then \
	  echo "!!! TEST_POSTGRES_URL is not set: the PostgreSQL cases will be SKIPPED (e.g. TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/postgres)"; fi
	$(CARGO) test --workspace

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

contract-deps:
	@if [ ! -x $(CONTRACT_VENV)/bin/st ] || [ contract/requirements.txt -nt $(CONTRACT_VENV)/.installed ]; then \
	  python3 -m venv $(CONTRACT_VENV) && $(CONTRACT_VENV)/bin/pip install -q --disable-pip-version-check -r contract/requirements.txt \
	  && touch $(CONTRACT_VENV)/.installed; fi
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
