# The two commands of the README: `make demo` and `make test`. Both share one virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_NOW ?= 2026-11-28T18:00:00Z

.PHONY: demo test lint browser postgres bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps record which install the venv has; pyproject.toml changes trigger a reinstall.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/readiness score evidence --root examples/shop --service shop --now $(DEMO_NOW) \
		-o report.md -o report.json -o report.html

# The HTML report is tested in Debian's chromium; install it when missing and we may (root with apt).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "note: /usr/bin/chromium is missing; browser tests will be skipped (apt-get install chromium)"; \
		fi; \
	fi

# The history tests run a throwaway PostgreSQL cluster from Debian's server binaries; install them when
# missing and we may (root with apt).
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's postgresql for the history tests..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
		else \
			echo "note: PostgreSQL server binaries are missing; its history tests will be skipped (apt-get install postgresql)"; \
		fi; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check readiness tests bench integrations
	$(BIN)/mypy

test: $(VENV)/.installed-test browser postgres lint
	$(BIN)/pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) dist build report.md report.json report.html test-artifacts .pytest_cache .mypy_cache .ruff_cache
