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

# Throughput, latency and queries per page under gunicorn; see bench/training.py.
# Then a 10 MB Hevy import against its floor; see bench/imports.py.
# Then the coach's plan generation and five-year analysis; see bench/coach.py.
bench: $(VENV)/.installed-app translations
	$(BIN)/python -m bench.training $(BENCH_ARGS)
	$(BIN)/python -m bench.imports $(BENCH_ARGS)
	$(BIN)/python -m bench.coach $(BENCH_ARGS)

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
