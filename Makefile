# Two commands: `make run` serves the store with demo data, `make test` runs the tests.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 5000
WORKERS ?= 2
# Two test processes on this 2-core machine.
PYTEST_ARGS ?= -n 2
export FLASK_APP := wsgi

.PHONY: run test test-fast test-lighthouse lighthouse lock bench bench-search bench-photos bench-seller screenshots translations extract-messages migrate clean help

help:
	@echo "make run    - set up and serve the store with demo data at http://127.0.0.1:$(PORT)"
	@echo "make test   - set up and run the tests (TEST_DATABASE_URL for PostgreSQL)"
	@echo "make lock   - compile requirements*.in into the hash-locked requirements*.txt"

# Dependencies come from the locks (requirements*.txt, compiled by `make lock`): every file's
# sha256 is checked, and a package not in the lock cannot come in.
$(BIN)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

# Compile requirements.in / requirements-dev.in into the locks with pip-tools (in a venv of its
# own, so that it never changes the store's). Kept versions stay unless UPGRADE=1 (everything
# to its newest allowed version) or UPGRADE=<package> (that one). Then `make test`, commit.
LOCK_VENV ?= .venv-lock
PIP_TOOLS_VERSION ?= 7.6.2
LOCK_FLAGS = --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
	--no-emit-find-links $(if $(filter 1 yes true,$(UPGRADE)),--upgrade,$(if $(UPGRADE),--upgrade-package $(UPGRADE)))

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet --disable-pip-version-check pip-tools==$(PIP_TOOLS_VERSION)

lock: $(LOCK_VENV)/bin/pip-compile
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) -o requirements.txt requirements.in
	CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_VENV)/bin/pip-compile $(LOCK_FLAGS) -o requirements-dev.txt requirements-dev.in

# Compiled message catalogues are build output, not committed.
translations: $(BIN)/.runtime
	$(BIN)/pybabel compile -d marketplace/translations --statistics

extract-messages: $(BIN)/.runtime
	PYTHONPATH=. $(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -o marketplace/translations/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i marketplace/translations/messages.pot -d marketplace/translations --no-fuzzy-matching

migrate: $(BIN)/.runtime
	$(BIN)/flask db upgrade

# In development with no STRIPE_* set, `make run` also starts the local Stripe stand-in
# (marketplace/dev/fake_stripe/, test mode: nothing is charged) on FAKE_STRIPE_PORT and
# stops it with the store; the store finds it by itself (marketplace/config.py). Its port
# follows PORT, so that two stores on one machine each have their own.
FAKE_STRIPE_PORT ?= $(shell expr $(PORT) + 7111)
export FAKE_STRIPE_PORT
# Likewise the local Xendit stand-in (marketplace/dev/fake_xendit/: QRIS, virtual accounts,
# e-wallets; nothing moves) when no XENDIT_* is set.
FAKE_XENDIT_PORT ?= $(shell expr $(PORT) + 7112)
export FAKE_XENDIT_PORT

# Links in mail (and the demo logins' address) follow PORT unless PUBLIC_BASE_URL is set.
run: export PUBLIC_BASE_URL ?= http://127.0.0.1:$(PORT)
run: translations migrate
	$(BIN)/flask demo-data --if-empty
	$(BIN)/flask demo-logins
	@if [ "$${SENTRA_CONFIG:-development}" = development ] && \
	    [ -z "$${STRIPE_SECRET_KEY}$${STRIPE_WEBHOOK_SECRET}$${STRIPE_API_BASE}" ]; then \
	  $(BIN)/python -m marketplace.dev.fake_stripe --port $(FAKE_STRIPE_PORT) \
	    --webhook-url http://127.0.0.1:$(PORT)/payments/stripe/webhook & fake=$$!; \
	  trap 'kill $$fake 2>/dev/null; wait $$fake 2>/dev/null' EXIT INT TERM; \
	fi; \
	if [ "$${SENTRA_CONFIG:-development}" = development ] && \
	    [ -z "$${XENDIT_SECRET_KEY}$${XENDIT_CALLBACK_TOKEN}$${XENDIT_API_BASE}" ]; then \
	  $(BIN)/python -m marketplace.dev.fake_xendit --port $(FAKE_XENDIT_PORT) \
	    --callback-url http://127.0.0.1:$(PORT)/payments/xendit/callback & xfake=$$!; \
	  trap 'kill $$fake $$xfake 2>/dev/null; wait $$fake $$xfake 2>/dev/null' EXIT INT TERM; \
	fi; \
	$(BIN)/gunicorn --no-control-socket --workers $(WORKERS) --bind 127.0.0.1:$(PORT) \
		--limit-request-line 8190 --access-logfile - wsgi:app

# The house first (docs/architecture.json as import-linter contracts in .importlinter): a change
# that breaks it fails here, naming the import.
test: $(BIN)/.dev translations
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Lighthouse 12 for tests/e2e/test_lighthouse.py (and `LIGHTHOUSE=1 make bench`), from npm with
# the versions and hashes of tools/lighthouse/package-lock.json, into tools/lighthouse/node_modules:
# test tooling, like the Debian Chromium it drives; the store never loads it.
LIGHTHOUSE_BIN := tools/lighthouse/node_modules/.bin/lighthouse
$(LIGHTHOUSE_BIN): tools/lighthouse/package-lock.json
	cd tools/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: $(LIGHTHOUSE_BIN)

# The Lighthouse scores alone (one page at a time, nothing else on the CPU: its blocking-time
# figure is a measurement of this machine). REQUIRE_LIGHTHOUSE=1 makes a missing one a failure.
test-lighthouse: $(BIN)/.dev translations
	$(BIN)/python -m pytest -p no:randomly -m lighthouse tests/e2e/test_lighthouse.py

# The store under load next to a bare Flask page (see bench/README.md): installs Debian's wrk
# when missing, needs PostgreSQL on 127.0.0.1:5432. BENCH_SECONDS=3 for a quick run,
# LIGHTHOUSE=1 for Lighthouse 12 scores too.
# As deploy/sentra.service: 2 × cores + 1 single-threaded workers.
BENCH_WORKERS ?= 5
bench: $(BIN)/.runtime translations
	$(BIN)/python -m bench --workers $(BENCH_WORKERS) $(if $(BENCH_SECONDS),--seconds $(BENCH_SECONDS)) \
		$(if $(filter 1 yes true,$(LIGHTHOUSE)),--lighthouse) $(BENCH_ARGS)
	$(MAKE) bench-search
	$(MAKE) bench-photos

# Search at 20,000 and 100,000 synthetic products (bench/search.py, about 10 min): build time and
# latency per query group, written to bench/SEARCH_RESULTS.md. BENCH_SEARCH_ARGS="--sizes 20000
# --stemmers snowball --queries 50" for a quick run. Then the PostgreSQL backend at 100,000 and
# 1,000,000 products (bench/search_pg.py, BENCH_PG_DATABASE_URL or TEST_DATABASE_URL names the
# server; about 40 min) to bench/SEARCH_PG_RESULTS.md; BENCH_SEARCH_PG_ARGS="--sizes 100000".
bench-search: $(BIN)/.runtime
	$(BIN)/python -m bench.search $(BENCH_SEARCH_ARGS)
	$(BIN)/python -m bench.search_pg $(BENCH_SEARCH_PG_ARGS)

# CPU seconds per photo for the worst photo of each format the store accepts (bench/photos.py,
# about a minute), written to bench/PHOTOS_RESULTS.md.
bench-photos: $(BIN)/.runtime
	$(BIN)/python -m bench.photos $(BENCH_PHOTOS_ARGS)

# A seller lists a product with two 12-megapixel photos on a throttled 3G profile, with and
# without JavaScript (bench/seller3g.py, about 10 min; needs Debian's chromium): bytes sent and
# received and network time, written to bench/SELLER3G_RESULTS.md.
bench-seller: $(BIN)/.runtime translations
	$(BIN)/python -m bench.seller3g $(BENCH_SELLER_ARGS)

# The main pages at 390×844 and 1280×800 in docs/screenshots/ (tools/screenshots.py): the store
# with its demo data on a throw-away database, Playwright driving Debian's Chromium.
screenshots: $(BIN)/.dev translations
	$(BIN)/python -m tools.screenshots

clean:
	rm -rf $(VENV) $(LOCK_VENV) instance/test-* .pytest_cache
