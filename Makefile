# Cercle — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint install migrate messages compilemessages seed bench format clean

$(BIN)/activate: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(BIN)/activate

install: $(BIN)/activate

## Serve the site on http://127.0.0.1:8000 with SQLite and eager tasks: no other service needed.
run: install
	$(PY) manage.py migrate --noinput
	$(MAKE) --no-print-directory compilemessages
	$(PY) manage.py seed_demo
	@echo "Cercle is on http://$(HOST):$(PORT)/ — log in as marie.dupont@example.fr / cercle-demo-2026"
	@echo "Moderation in http://$(HOST):$(PORT)/admin/ — moderation@example.fr (a moderator), admin@example.fr (a superuser), same password"
	$(PY) manage.py runserver $(HOST):$(PORT)

## Lint, then the whole test suite (browser journeys included).
test: lint
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## Translations: the compiled .mo files are committed, so msgfmt is only needed after editing a .po file.
compilemessages:
	@if command -v msgfmt >/dev/null 2>&1; then $(PY) manage.py compilemessages --ignore=.venv -v 0; \
	else echo "msgfmt not found: using the committed translations"; fi

## Each app keeps its own catalogue in <app>/locale; site-wide templates/ use locale/.
APPS := accounts circles listings bookings reviews moderation pages
messages: install
	for app in $(APPS); do (cd $$app && ../$(PY) ../manage.py makemessages -l fr -l en --no-obsolete) || exit 1; done
	$(PY) manage.py makemessages -l fr -l en --no-obsolete $(foreach a,$(APPS),--ignore=$(a)) --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=bench
	$(MAKE) --no-print-directory compilemessages

seed: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo

## Load benchmark on PostgreSQL, with a Redis of its own as the cache: see bench/README.md.
bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles media db.sqlite3
