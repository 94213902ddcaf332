# The two commands a newcomer needs: `make run` and `make test`. Both build the same .venv.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installe

.PHONY: run test e2e schemathesis lint format lock worker beat bench clean contrat estimation test-estimation worker-estimation

# The estimation worker's own virtualenv (OpenFisca-France, numpy): never the web .venv.
VENV_ESTIMATION := .venv-estimation
STAMP_ESTIMATION := $(VENV_ESTIMATION)/.installe

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

$(STAMP_ESTIMATION): requirements-estimation.txt requirements-estimation-dev.txt
	test -x $(VENV_ESTIMATION)/bin/python || $(PYTHON) -m venv $(VENV_ESTIMATION)
	# --no-deps: every version is pinned in the file, Flask and gunicorn < 22 are left out on purpose.
	$(VENV_ESTIMATION)/bin/python -m pip install --quiet --no-deps -r requirements-estimation-dev.txt
	$(VENV_ESTIMATION)/bin/python -m pip check
	touch $(STAMP_ESTIMATION)

## make estimation: the estimation worker's virtualenv (.venv-estimation), apart from the web one
estimation: $(STAMP_ESTIMATION)

## make test-estimation: the `estimation` suite (real worker on the `openfisca` queue; needs DATABASE_URL, REDIS_URL)
test-estimation: $(STAMP_ESTIMATION)
	$(VENV_ESTIMATION)/bin/python -m pytest -m estimation tests/estimations
	# Where OpenFisca IS installed, the web modules still never import it.
	$(VENV_ESTIMATION)/bin/python -m pytest tests/estimations/test_isolation.py

## make worker-estimation: the worker of the `openfisca` queue (the only process importing OpenFisca)
worker-estimation: $(STAMP_ESTIMATION)
	$(VENV_ESTIMATION)/bin/celery -A config worker -Q openfisca --concurrency=1 --loglevel=info

## make run: install, migrate the embedded SQLite database, load the demo data, serve on :8000
run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py charger_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# The test OpenID provider of the ProConnect tests and journey (e2e/idp/serveur.mjs runs it under Node).
OIDC_PROVIDER := build/oidc/node_modules/oidc-provider/package.json

$(OIDC_PROVIDER):
	mkdir -p build/oidc
	npm install --prefix build/oidc --silent --no-audit --no-fund oidc-provider@9.13.3

## make test: install, then run the whole suite (PostgreSQL/Redis tests run when DATABASE_URL/REDIS_URL are set;
## the ProConnect tests start the test OpenID provider themselves)
test: $(STAMP) $(OIDC_PROVIDER)
	$(BIN)/python -m pytest

SPECTRAL := build/spectral/node_modules/.bin/spectral

$(SPECTRAL):
	mkdir -p build/spectral
	npm install --prefix build/spectral --silent --no-audit --no-fund @stoplight/spectral-cli@6.16.3

## make schemathesis: hostile input generated from the OpenAPI schema on every operation (SCHEMATHESIS_CAS per operation)
schemathesis: $(STAMP)
	$(BIN)/python -m pytest -m schemathesis tests/schema -q

## make lint: ruff (lint + format), the layers' contracts (import-linter, .importlinter), migrations in step
## with the models, an OpenAPI schema without warnings, Spectral
lint: $(STAMP) $(SPECTRAL)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py spectacular --fail-on-warn --validate --file build/schema.yml
	$(SPECTRAL) lint build/schema.yml --ruleset contrat/spectral.yaml --fail-severity=warn

## make e2e: the browser journeys (Playwright + Debian's chromium at $(CHROMIUM)); screenshots in e2e/captures/
CHROMIUM ?= /usr/bin/chromium
STAMP_E2E := $(VENV)/.installe-e2e

$(STAMP_E2E): $(STAMP) requirements-e2e.txt
	$(BIN)/python -m pip install --quiet -r requirements-e2e.txt
	touch $(STAMP_E2E)

# axe-core (npm), injected by Playwright on every page of the workspace's journeys (RGAA, e2e/conftest.py).
AXE := build/axe/node_modules/axe-core/axe.min.js

$(AXE):
	mkdir -p build/axe
	npm install --prefix build/axe --silent --no-audit --no-fund axe-core@4.14.1

e2e: $(STAMP_E2E) $(OIDC_PROVIDER) $(AXE)
	@test -x $(CHROMIUM) || { echo "chromium absent : apt-get install chromium (ou CHROMIUM=/chemin)"; exit 1; }
	CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest e2e

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make contrat: a client generated from the schema (openapi-python-client) runs an integrator's journey
contrat: $(STAMP)
	bash contrat/lancer.sh

worker: $(STAMP)
	$(BIN)/celery -A config worker --loglevel=info

beat: $(STAMP)
	$(BIN)/celery -A config beat --loglevel=info

# The load test's virtualenv (locust), apart from the application's.
VENV_CHARGE := .venv-charge
STAMP_CHARGE := $(VENV_CHARGE)/.installe

$(STAMP_CHARGE): requirements-charge.txt
	test -x $(VENV_CHARGE)/bin/python || $(PYTHON) -m venv $(VENV_CHARGE)
	$(VENV_CHARGE)/bin/python -m pip install --quiet -r requirements-charge.txt
	touch $(STAMP_CHARGE)

## make bench: the figures of docs/PERFORMANCE.md on a throw-away PostgreSQL database built from DATABASE_URL
## (100 000 usagers, a journal of 1 then 50 million rows — BENCH_JOURNAL_GRAND —, the load test with locust
## behind PgBouncer); installs Debian's pgbouncer when missing. Not in CI (about an hour on 2 cores).
bench: $(STAMP) $(STAMP_CHARGE)
	command -v pgbouncer >/dev/null || test -x /usr/sbin/pgbouncer || (apt-get install -y pgbouncer || sudo apt-get install -y pgbouncer)
	# Figure 10 on a filesystem without online discard (docs/DEPLOIEMENT.md), where bench/stockage.sh can mount one.
	BENCH_STOCKAGE="$${BENCH_STOCKAGE-$$(sh bench/stockage.sh)}" $(BIN)/python bench/metropole.py
	# The agents' workspace (issue 21): its own figures, appended to docs/PERFORMANCE.md between markers.
	$(BIN)/python bench/espace.py

clean:
	rm -rf $(VENV) $(VENV_ESTIMATION) $(VENV_CHARGE) db.sqlite3 staticfiles
