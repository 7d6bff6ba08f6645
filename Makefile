# Duban: `make demo` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Browser assets come from the npm registry (package-lock.json) and are served by Duban itself: no CDN.
VENDOR := duban/web/static/vendor
VENDOR_STAMP := $(VENDOR)/.installed
VENDOR_FILES := node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js
export DUBAN_DEBUG ?= 1
# Development settings for `duban` in any shell: written once by `make demo`, never committed (see .gitignore).
ENV_FILE := .env

.PHONY: install assets demo serve prerequisites test test-sqlite test-postgres lint typecheck migrations-check clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(VENDOR_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is needed to install the browser assets (htmx, ECharts): install Node.js 18+ with npm (Debian: apt-get install nodejs npm)"; exit 1; }
	npm ci --no-audit --no-fund
	mkdir -p $(VENDOR)
	cp $(VENDOR_FILES) $(VENDOR)/
	touch $(VENDOR_STAMP)

assets: $(VENDOR_STAMP)

install: $(STAMP) $(VENDOR_STAMP)

# A generated secret key, debug on and the data directory; the real environment wins over it.
$(ENV_FILE):
	@umask 077 && { \
		echo "# Development settings, written by make demo. The real environment wins over this file."; \
		echo "DUBAN_DEBUG=1"; \
		echo "DUBAN_SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
		echo "DUBAN_DATA_DIR=$(CURDIR)/var"; \
	} > $@
	@echo "Wrote $@ (development settings for .venv/bin/duban)."

# Names the optional system packages that are missing and what each disables; never fails.
prerequisites: install $(ENV_FILE)
	$(BIN)/duban prerequisites

# The demo plan is shown in the middle of its year (see duban/tracking/demo.py).
demo: export DUBAN_TODAY ?= 2025-07-10
demo: install $(ENV_FILE) prerequisites
	$(BIN)/duban migrate --no-input
	$(BIN)/duban load_demo
	$(BIN)/duban runserver 127.0.0.1:8000

# The demo server again, on the data already loaded.
serve: export DUBAN_TODAY ?= 2025-07-10
serve: install $(ENV_FILE)
	$(BIN)/duban migrate --no-input
	$(BIN)/duban runserver 127.0.0.1:8000

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL names one.
test: install lint typecheck
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: install
	env -u DATABASE_URL DUBAN_DATA_DIR=$$(mktemp -d) $(BIN)/pytest

test-postgres: install
	@if [ -n "$$DATABASE_URL" ] && echo "$$DATABASE_URL" | grep -q '^postgres'; then \
		$(BIN)/pytest; \
	elif [ "$$CI" = "true" ]; then \
		echo "CI=true needs DATABASE_URL pointing to PostgreSQL: the PostgreSQL run is mandatory."; exit 1; \
	else \
		echo "DATABASE_URL is not a PostgreSQL URL: the PostgreSQL run is skipped."; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy duban bench

migrations-check: $(STAMP)
	$(BIN)/duban makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache node_modules $(VENDOR) artifacts
