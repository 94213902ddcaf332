# The two commands a newcomer needs: `make run` and `make test`. Both build the same .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installe

.PHONY: run test schemathesis lint format lock worker beat bench clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

## make run: install, migrate the embedded SQLite database, load the demo data, serve on :8000
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py charger_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: install, then run the whole suite (PostgreSQL/Redis tests run when DATABASE_URL/REDIS_URL are set)
test: $(STAMP)
	$(BIN)/python -m pytest

## make schemathesis: hostile input generated from the OpenAPI schema on every operation (SCHEMATHESIS_CAS per operation)
schemathesis: $(STAMP)
	$(BIN)/python -m pytest -m schemathesis tests/schema -q

## make lint: ruff (lint + format), migrations in step with the models, an OpenAPI schema without warnings
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --fail-on-warn --validate --file /dev/null

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

worker: $(STAMP)
	$(BIN)/celery -A config worker --loglevel=info

beat: $(STAMP)
	$(BIN)/celery -A config beat --loglevel=info

## make bench: figures at métropole scale (set DATABASE_URL to measure on PostgreSQL)
bench: $(STAMP)
	$(BIN)/python bench/usagers_liste.py
	$(BIN)/python bench/indicateurs_acces_droits.py
	$(BIN)/python bench/rappels.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
