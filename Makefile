# The project's commands. `make help` lists them; the README opens with `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install run demo test test-fast test-e2e lint format clean mutation fuzz backup restore load faults

help: ## List the commands
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed ## Create the virtualenv and install the project with its dev tools

# The demo site and the API's URLs are where `make run` serves.
demo run: export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

demo: install ## Migrate the database and load the demo content (safe to repeat)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py load_demo

run: demo ## Install, migrate, load the demo and serve the CMS at http://127.0.0.1:8000/admin/
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install ## Run the whole test suite (PostgreSQL when DATABASE_URL is set, else SQLite)
	$(BIN)/pytest --cov --cov-report=term

test-fast: install ## Run the tests without the browser tests
	$(BIN)/pytest -m "not e2e"

test-e2e: install ## Run only the browser tests (needs /usr/bin/chromium: apt-get install chromium)
	$(BIN)/pytest -m e2e

lint: install ## Check code style, the import layers and Django's system checks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install ## Format the code and fix what ruff can fix
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean: ## Remove the virtualenv, the SQLite database and uploaded media
	rm -rf $(VENV) db.sqlite3 media .test-media staticfiles

# Each schemathesis run (v3 anonymous, writer, editor; the content API) stops after
# FUZZ_MAX_TIME seconds; hypothesis sends FUZZ_EXAMPLES x 20 v2 and content API requests.
fuzz: install ## Fuzz the APIs on a live server with schemathesis and hypothesis (a few minutes)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-30} FUZZ_PHASES=coverage,fuzzing FUZZ_SEED=$${FUZZ_SEED:-random} \
	FUZZ_MAX_TIME=$${FUZZ_MAX_TIME:-60} $(BIN)/pytest -m fuzz --durations=0 tests/test_fuzz.py

mutation: install ## Mutation testing of the publish gate: delete each clause, the gate's tests must fail
	$(BIN)/python tools/mutation.py --jobs $${MUTATION_JOBS:-2}

# LOAD_CLIENTS clients (100) for LOAD_SECONDS (60) against the clinic_load database
# (LOAD_DATABASE_URL), which it drops and recreates; bench/load.py says what it checks.
load: install ## Load test: readers, writers and clinicians at once, then checks from the database
	$(BIN)/python bench/load.py

# Its own throwaway PostgreSQL and Redis (never the shared ones); about a minute and a half.
faults: install ## Fault tests: database restart, killed worker, Redis down, failing webhook receiver
	$(BIN)/python bench/faults.py

# PostgreSQL only (DATABASE_URL); MEDIA_ROOT is the media folder. BACKUP names the archive.
backup: install ## Back up the database and media to one archive (BACKUP=path, else backups/)
	$(BIN)/python manage.py backup $(BACKUP)

restore: install ## Restore BACKUP=path into an empty database and media folder
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/clinic-....tar"; exit 2; }
	$(BIN)/python manage.py restore $(BACKUP)
