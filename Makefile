# Followthrough: `make help` lists the targets. `make run` and `make test` work on a fresh machine
# with Python 3.11+ and Node.js/npm.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
export FOLLOWTHROUGH_BASE_URL ?= http://$(HOST):$(PORT)

.DEFAULT_GOAL := help
.PHONY: help setup run test test-sqlite test-postgres lint assets migrate demo clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Followthrough needs Python 3.11 or newer: set PYTHON=python3.11 (or newer)")'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

src/followthrough/static/build/app.css: node_modules/.installed scripts/build-assets.mjs src/followthrough/assets/app.scss
	npm run --silent build

assets: src/followthrough/static/build/app.css ## Build the GOV.UK Frontend assets (npm)

setup: $(BIN)/.installed assets ## Create the virtual environment, install, build assets

migrate: setup ## Create or update the database (SQLite under var/, or DATABASE_URL)
	$(BIN)/followthrough manage migrate --no-input -v 0

demo: migrate ## Load the demo data and print how to sign in
	@$(BIN)/followthrough demo

run: demo ## Set everything up, load the demo and serve on http://127.0.0.1:8000
	@echo
	$(BIN)/followthrough serve --host $(HOST) --port $(PORT)

test: setup lint test-sqlite test-postgres ## Set everything up and run the whole suite (SQLite and PostgreSQL)

test-sqlite: setup ## Run the suite on SQLite (all but the tests that need PostgreSQL's concurrency)
	$(BIN)/pytest -m "not postgres_only"

test-postgres: setup ## Run the suite on PostgreSQL (POSTGRES_URL); with CI=true it must run
	@if $(BIN)/python scripts/db_reachable.py "$(POSTGRES_URL)"; then \
		DATABASE_URL="$(POSTGRES_URL)" $(BIN)/pytest -m "not sqlite_only"; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL), and CI must run the suite on it." >&2; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(POSTGRES_URL): the PostgreSQL run is skipped here (CI runs it)."; \
	fi

lint: setup ## Check the code with ruff (including the layer rules)
	$(BIN)/ruff check src tests bench scripts

clean: ## Remove the virtual environment, node_modules, built assets and var/
	rm -rf $(VENV) node_modules src/followthrough/static/build var
