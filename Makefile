# ECF Hub: `make run` to try it, `make test` to check it. Everything else is set-up they share.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
CSS := ecfhub/static_build/css/app.css
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := ecfhub.settings

.PHONY: setup run test serve lint typecheck bench bench-pages clean

setup: $(VENV)/.installed node_modules/.installed $(CSS)

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -c constraints.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CSS): node_modules/.installed $(wildcard assets/scss/*.scss)
	mkdir -p $(dir $(CSS))
	npx --no-install sass --no-source-map --quiet-deps --style=compressed --load-path=node_modules assets/scss/app.scss $(CSS)

run: setup
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "ECF Hub is starting at http://127.0.0.1:$(PORT) (the task worker runs beside it). Ctrl-C stops both."
	SITE_URL=http://127.0.0.1:$(PORT) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile.dev

# Three test processes (pytest-xdist; TEST_WORKERS=0 for one), each with its own test database and,
# for the browser tests, its own Chromium and live server. Three on two cores: the browser tests spend
# most of their time waiting on Chromium, so a third process keeps both cores busy (docs/testing.md).
TEST_WORKERS ?= 3
test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# As in production: DEBUG=0 (so SECRET_KEY and ALLOWED_HOSTS must be set), hashed static files
# collected for WhiteNoise, migrations, then gunicorn + the task worker + the periodic jobs (Procfile).
# Over plain http://127.0.0.1 add SECURE_SSL_REDIRECT=0 ECFHUB_INSECURE_LOCAL=1 (docs/deploy.md).
serve: setup
	DEBUG=0 $(PY) manage.py collectstatic --noinput -v0
	DEBUG=0 $(PY) manage.py migrate --noinput -v0
	DEBUG=0 exec $(VENV)/bin/honcho start -f Procfile

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

typecheck: setup
	$(VENV)/bin/mypy ecfhub

# Every bench/bench_*.py script, bench_pages.py among them (figures, never pass/fail; bench/README.md).
BENCH_PARTICIPANTS ?= 10000
export BENCH_PARTICIPANTS
bench: setup
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# The pages under load at BENCH_PARTICIPANTS, served as in production beside a bare Django floor
# (needs wrk: apt-get install wrk). PostgreSQL when DATABASE_URL names an empty database, else SQLite
# under var/bench/. Writes bench/results/<date>-<scale>-<db>.json.
bench-pages: setup $(CSS)
	$(PY) bench/bench_pages.py --participants $(BENCH_PARTICIPANTS)

clean:
	rm -rf $(VENV) node_modules ecfhub/static_build var
