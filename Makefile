# The two commands that matter: `make run` and `make test`. `make check` is the everyday loop.
# `make help` lists the rest.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app portal
HOST ?= 127.0.0.1
PORT ?= 5000
SCREENSHOTS := $(CURDIR)/test-results/screenshots
# Every Python package, dependencies of dependencies too, at one version with its hashes: `make lock`
LOCK := requirements.lock
# Tests run on every CPU (pytest-xdist); ARGS passes more to pytest, e.g. make check ARGS="-k resume --lf"
XDIST ?= -n auto
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help run test check install lock system system-test system-bench setup translations static db content demo audio lint security test-sqlite test-postgres bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

# Safety alert emails go to a demo mail server (aiosmtpd, on MAIL_PORT) that prints each one here,
# unless PORTAL_SMTP_HOST names a real one. PORTAL_DEMO=1: the help page shows the demo's
# fictional local numbers too (content/help.yaml).
MAIL_PORT ?= 8025
run: setup ## Set everything up, then start the portal at http://127.0.0.1:5000
	@echo "The portal is starting at http://$(HOST):$(PORT)/  (press Ctrl+C to stop)"
	@export PORTAL_DEMO=1; \
	if [ -n "$$PORTAL_SMTP_HOST" ]; then exec $(FLASK) run --host $(HOST) --port $(PORT); fi; \
	echo "Safety alert emails are printed here by a demo mail server on port $(MAIL_PORT)."; \
	$(BIN)/python -m aiosmtpd -n -l 127.0.0.1:$(MAIL_PORT) & mail=$$!; trap 'kill $$mail' EXIT; \
	PORTAL_SMTP_HOST=127.0.0.1 PORTAL_SMTP_PORT=$(MAIL_PORT) PORTAL_BASE_URL=http://$(HOST):$(PORT) \
	$(FLASK) run --host $(HOST) --port $(PORT)

test: system-test install translations static ## Install what the tests need and run them all (SQLite, then PostgreSQL)
	$(MAKE) lint
	$(MAKE) security
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	@echo "Browser screenshots: $(SCREENSHOTS)/ (SQLite run) and $(SCREENSHOTS)-postgres/ (PostgreSQL run)"

check: install translations static ## The everyday loop, under 3 minutes: lint, then every test but the browser and load tests, on SQLite
	$(MAKE) lint
	HYPOTHESIS_PROFILE=check $(BIN)/pytest -q $(XDIST) -m "not browser and not load" $(ARGS)

setup: system install translations static db content demo audio ## Install, migrate, load content, demo staff and answers, build audio

system: ## Debian packages for running (only those missing)
	bash scripts/system-packages.sh run

system-test:
	bash scripts/system-packages.sh test

install: $(VENV)/.installed ## Python packages into .venv, exactly as requirements.lock says

# The lock in pip's hash-checking mode (a file whose hash is not in the lock is refused), then the
# portal itself without dependencies (the lock has them). pip check fails on a lock that no
# longer fits the pins in pyproject.toml.
$(VENV)/.installed: pyproject.toml $(LOCK)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps -e .
	$(BIN)/pip check || { echo "$(LOCK) does not fit pyproject.toml: run make lock"; exit 1; }
	touch $@

# uv (pinned in pyproject.toml, so in the lock) solves for Python 3.11 on Linux x86_64 whoever
# runs it, keeping the versions already locked where they still fit (new pins change the lock).
lock: ## Solve pyproject.toml's dependencies again into requirements.lock (versions and hashes)
	test -x $(BIN)/uv || $(MAKE) install || test -x $(BIN)/uv
	$(BIN)/uv pip compile pyproject.toml --extra test --generate-hashes --quiet \
		--python-version 3.11 --python-platform x86_64-unknown-linux-gnu \
		--custom-compile-command "make lock" -o $(LOCK)

translations: install ## Compile the interface catalogues (.po -> .mo)
	@if ls translations/*/LC_MESSAGES/messages.po >/dev/null 2>&1; then $(FLASK) translate compile; fi

static: install ## Copy style sheets and scripts to names holding their content hash
	$(FLASK) digest compile

db: install ## Apply database migrations
	$(FLASK) db upgrade

content: install ## Check the statement bank, then load it into the database
	$(FLASK) content check
	$(FLASK) content load

demo: install ## Make the demo staff accounts (sign-in details shown once, kept in instance/demo-passwords.txt) and demo answers if missing
	$(FLASK) demo staff
	$(FLASK) demo answers

audio: install ## Make an audio clip for every text (skips clips already made)
	$(FLASK) audio build --slow

lint: install ## Lint (ruff), check formatting and types (mypy), and that packages import only the layers below them
	$(BIN)/ruff check portal tests bench
	$(BIN)/ruff format --check portal tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy portal

security: install ## Static security scan with bandit (settings and accepted findings: pyproject.toml)
	$(BIN)/bandit -c pyproject.toml -r portal bench -q

test-sqlite: install
	SCREENSHOT_DIR=$(SCREENSHOTS) $(BIN)/pytest -q $(XDIST) $(ARGS)

test-postgres: install
	SCREENSHOT_DIR=$(SCREENSHOTS)-postgres bash scripts/with-postgres.sh $(BIN)/pytest -q $(XDIST) $(ARGS)

bench: system-bench install translations static ## Measure and add the figures to bench/RESULTS.md (about 9 minutes)
	$(BIN)/python -m bench.http_bench
	$(BIN)/python -m bench.page_weight
	$(BIN)/python -m bench.report_bench
	$(BIN)/python -m bench.report_bench --demo
	$(BIN)/python -m bench.audio_bench
	$(BIN)/python -m bench.safety_bench
	$(BIN)/python -m bench.security_bench
	$(BIN)/python -m bench.taps_bench
	$(BIN)/python -m bench.studio_bench
	bash scripts/with-postgres.sh sh -c '$(BIN)/python -m bench.http_bench --database-url "$$DATABASE_URL" \
		&& $(BIN)/python -m bench.report_bench --database-url "$$DATABASE_URL"'

system-bench:
	bash scripts/system-packages.sh bench

clean: ## Remove the virtualenv and generated files (keeps instance/ data)
	rm -rf $(VENV) translations/*/LC_MESSAGES/*.mo
	rm -f portal/static/cache_manifest.json
	find portal/static -regextype posix-extended -regex '.*-[0-9a-f]{32}\.[a-z0-9]+' -delete
