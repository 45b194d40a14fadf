# The few verbs a person needs. `make run` and `make test` install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app service
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: install runtime-packages system-packages run test lint pytest bench bench-verify bench-coldstart clean translations fuzz

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip 'setuptools>=77'
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Debian packages. The service needs Noto Sans CJK (embedded in PDF certificates) and
## HarfBuzz's subsetter (WeasyPrint subsets embedded fonts with it, and warns without); the tests
## also need poppler-utils (pdftoppm, pdftotext, pdffonts check rendered PDFs), libzbar0 (pyzbar
## decodes QR codes) and Chromium. Only what is missing is installed, so root (as in CI) is
## needed only the first time.
RUNTIME_PACKAGES := fonts-noto-cjk libharfbuzz-subset0
SYSTEM_PACKAGES := $(RUNTIME_PACKAGES) poppler-utils libzbar0

runtime-packages:
	@missing="$$(for p in $(RUNTIME_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then apt-get update && apt-get install -y $$missing; fi

system-packages:
	@missing="$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done)"; \
	if [ -n "$$missing" ]; then apt-get update && apt-get install -y $$missing; fi
	@# Debian's Chromium drives the browser tests (tests/e2e); Playwright downloads no browser.
	command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)

## Migrate the embedded SQLite database, build the Brightway project and the open
## reference library, create the demo manufacturer (its token is printed), and serve.
run: install runtime-packages
	$(FLASK) db upgrade
	$(FLASK) lca bootstrap
	$(FLASK) lca library uslci
	$(FLASK) demo seed
	@echo "API on http://$(HOST):$(PORT)/api/v1 -- OpenAPI /api/openapi.json -- Swagger UI /api/docs"
	$(BIN)/gunicorn --workers 2 --threads 4 --bind $(HOST):$(PORT) 'service:create_app()'

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

pytest: install system-packages
	$(BIN)/pytest

## The whole suite: linters, types, import contracts, tests (SQLite unless
## TEST_DATABASE_URL names a PostgreSQL database).
test: lint pytest

## Extract the pages' texts, merge them into the zh_Hans and zh_Hant catalogues, and compile
## the .mo files (committed, so `make run` needs no build step).
WEB_I18N := service/web/translations
translations: install
	$(BIN)/pybabel extract -F service/web/babel.cfg -k lazy_gettext --no-location --sort-output \
		--project gba-footprint -o $(WEB_I18N)/messages.pot .
	$(BIN)/pybabel update -i $(WEB_I18N)/messages.pot -d $(WEB_I18N) --no-fuzzy-matching -w 100
	$(BIN)/pybabel compile -d $(WEB_I18N) --statistics

## Schemathesis against the served OpenAPI document with a manufacturer's token: 40 generated
## requests per operation (over 2,000), none may be a server error. The suite runs 2 each.
fuzz: install
	FUZZ_EXAMPLES=40 $(BIN)/pytest -s -q tests/service/test_fuzz.py

bench: install
	$(BIN)/python bench/engine.py

## Public verification under gunicorn + wrk vs a bare endpoint (ARGS="--labels 1000000
## --database-url postgresql://postgres@127.0.0.1:5432/bench_verify"), and worker cold start.
bench-verify: install
	command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
	$(BIN)/python bench/verify.py $(ARGS)

bench-coldstart: install
	$(BIN)/python bench/coldstart.py $(ARGS)

clean:
	rm -rf $(VENV) instance .pytest_cache .mypy_cache .ruff_cache
