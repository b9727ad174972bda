# Two commands set everything up: `make site` builds, `make test` runs every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
RUNTIME := $(VENV)/.runtime-installed
DEV     := $(VENV)/.dev-installed

.PHONY: site strict serve test lint messages bench screenshots clean

site: $(RUNTIME)            ## build site/ (creates .venv with pinned dependencies first)
	$(PY) build.py

strict: $(RUNTIME)          ## build as CI does: warnings are errors
	$(PY) build.py --strict

serve: $(RUNTIME)           ## live preview on http://127.0.0.1:8000/
	$(PY) build.py serve

test: $(DEV)                ## every test, browser tests included
	$(PY) -m pytest

lint: $(DEV)
	$(BIN)/ruff check .

messages: $(RUNTIME)        ## extract interface strings from templates/ and update the .po files
	$(BIN)/pybabel extract -F babel.cfg -o locales/messages.pot --sort-by-file --omit-header .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --omit-header --no-fuzzy-matching

$(RUNTIME): requirements.txt requirements-fonts.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements-fonts.txt
	touch $@

$(DEV): $(RUNTIME) requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

clean:
	rm -rf site site.tmp site.old .cache
