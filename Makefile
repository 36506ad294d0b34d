# Etalase: the two commands of the README, and a few helpers. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
ADDRESS ?= 127.0.0.1:8000
SITE_PORT ?= 8001
# Products in the benchmark's synthetic catalog: make bench N=10000 (N per site with SITES=3)
N ?= 2000
SITES ?= 1
# The national benchmark: make bench-national INSTITUTIONS=10 PRODUCTS=50 for a quick run
INSTITUTIONS ?= 100
PRODUCTS ?= 200
# The browser tests drive Debian's Chromium; browsers that download themselves are not used.
CHROMIUM := /usr/bin/chromium
# The Indonesian of Wagtail's and other packages' screens, completed by Etalase (cms/settings/base.py).
PACKAGE_TRANSLATIONS := cms/translations/packages/id/LC_MESSAGES

.DEFAULT_GOAL := help
.PHONY: help demo test lint messages bench bench-orders bench-import bench-admin bench-national budget publish-faults \
	bake-faults bench-traffic

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(INSTALLED): requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(CHROMIUM):
	@[ "$$(id -u)" = 0 ] || { echo "The browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; }
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

demo: $(INSTALLED) ## Install, migrate, seed and bake the demo catalog; serve the admin and the baked site
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --public-address http://127.0.0.1:$(SITE_PORT)
	$(BIN)/python manage.py bake
	$(BIN)/python manage.py publish
	@echo "Admin:       http://$(ADDRESS)/admin/  (log in with a demo login above)"
	@echo "Baked site:  http://127.0.0.1:$(SITE_PORT)/  (rebaked after every approval)"
	@# The task workers: one for approvals only (the default queue), one that rebuilds every
	@# site after a category or theme change and helps with approvals, one for marketplace
	@# imports; Ctrl+C stops all five processes.
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py run_worker --queue-name default --no-startup-delay & \
	$(BIN)/python manage.py run_worker --queue-name default,rebuilds --no-startup-delay & \
	$(BIN)/python manage.py run_worker --backend imports --queue-name imports --no-startup-delay & \
	$(BIN)/python manage.py serve_site --port $(SITE_PORT) & \
	$(BIN)/python manage.py runserver $(ADDRESS)

test: $(INSTALLED) $(CHROMIUM) ## Run the test suite (SQLite, or PostgreSQL when DATABASE_URL is set)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/hadolint Dockerfile
	$(BIN)/pytest -n auto

bench: $(INSTALLED) ## Benchmark bake and publish on a synthetic catalog of N products (default 2000)
	$(BIN)/python benchmarks/bake_and_publish.py --products $(N) --sites $(SITES)

bench-orders: $(INSTALLED) ## Benchmark the orders report, exports and sales list at 100,000 sales
	$(BIN)/python benchmarks/orders_report.py

bench-import: $(INSTALLED) ## Marketplace import: rows per second and peak memory for 5,000 and 100,000 rows
	$(BIN)/python benchmarks/orders_import.py

bench-traffic: $(INSTALLED) ## Traffic import: lines per second and peak memory for 1,000,000 log lines
	$(BIN)/python benchmarks/traffic_import.py

bench-admin: $(INSTALLED) ## Admin requests per second with 1, 2 and 4 gunicorn workers (DATABASE_URL for PostgreSQL)
	$(BIN)/python benchmarks/admin_load.py

bench-national: $(INSTALLED) ## Rebuild of every site with 1 and 2 workers, approvals meanwhile, national catalog (DATABASE_URL: PostgreSQL)
	$(BIN)/python benchmarks/national_scale.py --sites $(INSTITUTIONS) --products $(PRODUCTS)

publish-faults: $(INSTALLED) ## Stop the demo's publish at every step (error, SIGKILL) and check the next one converges
	$(BIN)/python benchmarks/publish_faults.py

bake-faults: $(INSTALLED) ## Kill the demo's incremental bake at every step (SIGKILL) and check the next one converges
	$(BIN)/python benchmarks/bake_faults.py

budget: $(INSTALLED) ## Lighthouse scores and transfer sizes of the baked demo site against their budgets
	$(BIN)/python benchmarks/site_budget.py

lint: $(INSTALLED) ## Format and lint with ruff; check the order of the apps' imports
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/lint-imports

messages: $(INSTALLED) ## Update the Indonesian translations after changing interface strings
	for app in institutions cms orders site theme reach oversight operations; do \
	  (cd $$app && ../$(BIN)/django-admin makemessages --locale id --no-obsolete --ignore 'migrations/*' \
	   && ../$(BIN)/django-admin compilemessages --locale id) || exit 1; \
	done
	@# Translations of the installed packages' strings (LOCALE_PATHS): written by hand, compiled only.
	for domain in django djangojs; do \
	  msgfmt --check-format -o $(PACKAGE_TRANSLATIONS)/$$domain.mo $(PACKAGE_TRANSLATIONS)/$$domain.po \
	  || exit 1; \
	done
