# Etalase: the two commands of the README, and a few helpers. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
ADDRESS ?= 127.0.0.1:8000
# The browser tests drive Debian's Chromium; browsers that download themselves are not used.
CHROMIUM := /usr/bin/chromium

.DEFAULT_GOAL := help
.PHONY: help demo test lint messages

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(CHROMIUM):
	@[ "$$(id -u)" = 0 ] || { echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; }
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

demo: $(INSTALLED) ## Install, migrate, seed the demo catalog and serve the admin (SQLite, dev settings)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Admin: http://$(ADDRESS)/admin/  (log in with a demo login above)"
	$(BIN)/python manage.py runserver $(ADDRESS)

test: $(INSTALLED) $(CHROMIUM) ## Run the test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/pytest

lint: $(INSTALLED) ## Format and lint with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(INSTALLED) ## Update the Indonesian translations after changing interface strings
	cd cms && ../$(BIN)/django-admin makemessages --locale id --no-obsolete --ignore 'migrations/*'
	cd cms && ../$(BIN)/django-admin compilemessages --locale id
