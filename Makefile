# Set-up and everyday commands. `make run` and `make test` work on a fresh machine:
# they create .venv, install what is missing (Debian packages too, when run as root) and go.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HTMX_VERSION := 2.0.4
HTMX := kikultur/web/static/vendor/htmx.min.js

.PHONY: run test lint typecheck pytest bench clean system-deps-test vendor messages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip setuptools wheel

# Building llama-cpp-python from source takes about 5 minutes on 2 cores (first time only).
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	@echo "Installiere die Werkbank (beim ersten Mal baut llama.cpp, das dauert einige Minuten) ..."
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@echo "Installiere die Werkbank mit Test-Werkzeugen (beim ersten Mal baut llama.cpp, das dauert einige Minuten) ..."
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed-run

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(BIN)/pip install -q -e '.[test,bench]'
	touch $@

# HTMX comes from the npm registry at install time (0BSD licence, kept beside it); the app
# works without it (every form also works without JavaScript).
vendor: $(HTMX)
$(HTMX):
	@bash scripts/vendor_htmx.sh $(HTMX_VERSION) || echo "Hinweis: HTMX konnte nicht geladen werden; die Werkbank läuft ohne (Formulare funktionieren auch ohne JavaScript)."

run: $(VENV)/.installed-run vendor
	$(BIN)/kikultur serve --first-run

system-deps-test:
	@bash scripts/install_system_deps.sh

lint: $(VENV)/.installed-test
	$(BIN)/ruff check kikultur tests benchmarks
	$(BIN)/ruff format --check kikultur tests benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

# pytest's exit code 5 means "no tests collected": that is a failure here.
pytest: $(VENV)/.installed-test system-deps-test vendor
	@$(BIN)/python -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "Fehler: keine Tests gelaufen." >&2; exit 1; fi; exit $$rc

test: lint typecheck pytest

bench: $(VENV)/.installed-bench
	$(BIN)/python -m benchmarks $(BENCH_ARGS)

# The message catalog template: German msgids from Python code and templates.
messages: $(VENV)/.installed-test
	VENV_BIN=$(BIN) bash scripts/regen_messages.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache test-artifacts
