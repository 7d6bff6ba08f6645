# Duban: `make demo` to try it, `make test` to check it.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DUBAN_DEBUG ?= 1

.PHONY: install demo serve test test-sqlite test-postgres lint typecheck migrations-check clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/duban migrate --no-input
	$(BIN)/duban load_demo
	$(BIN)/duban runserver 127.0.0.1:8000

# The whole suite on SQLite, then again on PostgreSQL when DATABASE_URL names one.
test: $(STAMP) lint typecheck
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite: $(STAMP)
	env -u DATABASE_URL DUBAN_DATA_DIR=$$(mktemp -d) $(BIN)/pytest

test-postgres: $(STAMP)
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
	$(BIN)/mypy duban

migrations-check: $(STAMP)
	$(BIN)/duban makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
