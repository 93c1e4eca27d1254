# The two commands of the README: `make demo` and `make test`. Both share one virtualenv in .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_NOW ?= 2026-11-28T18:00:00Z

.PHONY: demo test lint browser postgres bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps record which install the venv has; pyproject.toml changes trigger a reinstall.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,fuzz]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/readiness score evidence --root examples/shop --service shop --now $(DEMO_NOW) \
		-o report.md -o report.json -o report.html

# Debian packages the tests need: installed when missing and we may (root with apt), else a note that
# those tests will be skipped. $(1): a command that succeeds when present; $(2): the package; $(3): its tests.
define debian_package
	@if ! $(1) >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's $(2) for the $(3)..."; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null; \
		else \
			echo "note: $(2) is missing; the $(3) will be skipped (apt-get install $(2))"; \
		fi; \
	fi
endef

# The HTML report is tested in Debian's chromium.
browser:
	$(call debian_package,test -x /usr/bin/chromium,chromium,browser tests)

# The history tests run a throwaway PostgreSQL cluster from Debian's server binaries.
postgres:
	$(call debian_package,ls /usr/lib/postgresql/*/bin/initdb,postgresql,history tests)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check readiness tests bench integrations fuzz
	$(BIN)/mypy

test: $(VENV)/.installed-test browser postgres lint
	$(BIN)/pytest -q

bench: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/run_all.py

# The long fuzz campaign (fuzz/README.md): FUZZ_SECONDS per target, one target at a time, at nice 19.
FUZZ_SECONDS ?= 300
fuzz: $(VENV)/.installed-test
	fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(VENV) fuzz/out dist build report.md report.json report.html test-artifacts .pytest_cache .mypy_cache .ruff_cache
