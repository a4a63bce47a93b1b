# DataPulse: `make run` starts the platform, `make test` runs every test suite.
# Both create .venv and install the pinned requirements on first use; later runs skip
# what is already up to date.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
PY     := $(VENV)/bin/python
UI     := vue-frontend
UI_SRC := $(shell find $(UI)/src $(UI)/public -type f 2>/dev/null) $(wildcard $(UI)/index.html $(UI)/vite.config.ts $(UI)/tsconfig*.json $(UI)/package.json)

.PHONY: run test install install-dev lock ui ui-deps lint test-python test-postgres test-ui test-browser test-ui-unit system-deps bench clean

run: install ui
	$(PY) -m datapulse db migrate
	$(PY) run_server.py

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# requirements.lock pins every transitive package with its hashes (`make lock` writes it
# from requirements.txt); pip refuses any file whose hash differs.
# `$(call lock_has_pins,REQUIREMENTS,LOCK)` stops when a pin of REQUIREMENTS is missing
# from LOCK (the requirements were edited, `make lock` was not run).
define lock_has_pins
	@sed -e 's/#.*//' -e '/^-/d' -e 's/\[[^]]*\]//' -e 's/[[:space:]]//g' $(1) | tr 'A-Z_' 'a-z-' | \
	  while read -r pin; do [ -z "$$pin" ] || grep -q "^$$pin " $(2) || \
	  { echo "$(2) lacks $$pin: run make lock"; exit 1; }; done
endef

$(VENV)/.installed: requirements.lock requirements.txt pyproject.toml | $(PY)
	$(call lock_has_pins,requirements.txt,requirements.lock)
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

# (Only pip-tools is needed: the lock is written while the installed one may be stale.)
# requirements-dev.lock is constrained by requirements.lock, so both pin the same runtime
# versions; it also pins pip and setuptools (pip-tools needs them), hence --allow-unsafe.
PIP_COMPILE := $(PY) -m piptools compile --quiet --generate-hashes --no-emit-index-url --no-emit-find-links \
	--strip-extras --no-header
lock: | $(PY)
	$(PY) -m pip install --quiet "$$(grep -o '^pip-tools==[^ ]*' requirements-dev.txt)"
	$(PIP_COMPILE) -o requirements.lock.new requirements.txt
	{ sed -n '1,3p' requirements.lock; echo; cat requirements.lock.new; } > requirements.lock.tmp
	mv requirements.lock.tmp requirements.lock && rm requirements.lock.new
	$(PIP_COMPILE) --allow-unsafe -c requirements.lock -o requirements-dev.lock.new requirements-dev.txt
	{ sed -n '1,4p' requirements-dev.lock; echo; cat requirements-dev.lock.new; } > requirements-dev.lock.tmp
	mv requirements-dev.lock.tmp requirements-dev.lock && rm requirements-dev.lock.new

$(VENV)/.installed-dev: requirements-dev.lock requirements-dev.txt $(VENV)/.installed
	$(call lock_has_pins,requirements-dev.txt,requirements-dev.lock)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	touch $@

# The UI is rebuilt only when its sources are newer than the build.
ui: $(if $(wildcard $(UI)/package.json),$(UI)/dist/index.html)
ui-deps: $(if $(wildcard $(UI)/package.json),$(UI)/node_modules/.installed)

$(UI)/node_modules/.installed: $(UI)/package.json $(UI)/package-lock.json
	cd $(UI) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(UI)/dist/index.html: $(UI)/node_modules/.installed $(UI_SRC)
	cd $(UI) && npm run build

# Debian packages the tests need: Chromium for the browser tests, DejaVu and Droid
# Sans Fallback for the PDF export (German and Chinese text), nginx for the generated
# proxy configuration and the multi-instance test, postgresql-client (pg_dump,
# pg_restore) for `datapulse db backup|restore` on PostgreSQL; the data files two guarded
# blind question banks read (blind14: distro-info-data, iso-codes; blind15's fonts, glyph
# metrics and colours: the fonts below, groff-base, x11-common).
DEBS := chromium fonts-dejavu-core fonts-droid-fallback nginx postgresql-client wordnet-base \
	distro-info-data iso-codes groff-base x11-common fonts-dejavu-extra fonts-liberation fonts-noto-mono \
	locales libdrm-common trans-de-en
system-deps:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy datapulse

# The SQLite pass, the PostgreSQL pass and the UI's parts (its build and browser tests,
# its unit tests) run two at a time, one per core (they share nothing but the servers,
# each test on its own folder, schema, Redis keys and free ports): a part starts as soon
# as a core is free, so the UI starts when the shorter pass ends instead of after both.
# The UI's packages (npm ci) and the Debian packages install while the lint runs.
test:
	$(MAKE) --no-print-directory --output-sync=target -j2 lint ui-deps system-deps
	$(MAKE) --no-print-directory --output-sync=target -j2 test-python test-postgres test-ui

test-python: install-dev
	$(PY) -m pytest -q

# Every suite that touches the database, again against the local PostgreSQL server
# (the agents' engine, the launcher's supervisor and the settings hold no database state);
# inside these, tests/conftest.py keeps only the tests that reach the database.
PG_TESTS := tests/api tests/files tests/datasources tests/catalog tests/chat tests/realtime \
	tests/data tests/storage tests/assistants tests/plugins tests/auth
test-postgres: install-dev
	DATAPULSE_TEST_DB=postgres $(PY) -m pytest -q $(PG_TESTS)

test-ui: $(if $(wildcard $(UI)/package.json),test-browser test-ui-unit)

test-browser: install system-deps ui
	cd $(UI) && npm run test:browser

# After the build (and its type check): in make test the browser tests, the longest part,
# then start first, and the unit tests take the other core when it frees.
test-ui-unit: $(UI)/node_modules/.installed | ui
	cd $(UI) && npm run test:unit

bench: install-dev
	@for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) $(UI)/node_modules $(UI)/dist
