# HomeGym: `make run` serves the app on SQLite, `make test` runs the whole suite.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := wsgi.py

.PHONY: setup run test bench lint format translations catalogues clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

# The app's own dependencies; `make run` needs nothing more.
$(VENV)/.installed-app: $(BIN)/activate requirements.txt
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Test and lint tools on top.
$(VENV)/.installed: $(VENV)/.installed-app requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed translations

translations: $(VENV)/.installed-app
	$(BIN)/pybabel compile --statistics -d homegym/translations

run: $(VENV)/.installed-app translations
	$(BIN)/flask db upgrade
	$(BIN)/flask exercises load
	$(BIN)/flask sources load
	$(BIN)/flask run --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# Every benchmark in one run, ending in one table of figures beside their
# floors; see bench/__main__.py and the README. MariaDB's homegym_bench by
# default (dropped and made again); Playwright (a dev tool) drives Chromium.
bench: $(VENV)/.installed translations
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Refresh the catalogues after changing user-facing strings.
catalogues: $(VENV)/.installed
	$(BIN)/pybabel extract --no-location --sort-output -F babel.cfg -k _l -o homegym/translations/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching -i homegym/translations/messages.pot -d homegym/translations
	$(BIN)/python tools/fill_english.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
