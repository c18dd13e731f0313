# Two entry points: `make run` (demo on embedded defaults, server and worker) and `make test`.
PYTHON ?= $(shell command -v python3.13 || command -v python3.12 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# Test processes (pytest-xdist): one per core; TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

.PHONY: setup run test lint format worker messages

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (3.13 recommended); set PYTHON=/path/to/python3.13")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py compile_translations

run: setup
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo
	$(PY) manage.py run_with_worker $(HOST)

test: setup
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

worker: setup
	$(VENV)/bin/celery -A transformation worker --beat --loglevel=info

# Refresh the .po files of every app after changing strings (needs GNU gettext).
messages: setup
	for app in transformation assessments roi governance casestudies adoption; do \
		(cd $$app && ../$(PY) ../manage.py makemessages -l de -l nl --no-obsolete); done
	$(PY) manage.py makemessages -l de -l nl --no-obsolete --ignore=".venv/*" --ignore="*/*"
