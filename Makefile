# Everything starts from a fresh machine with Python 3.11, git and make: the first target
# that needs the virtualenv creates it and installs the project with its dev extras.
# The Python: PYTHON=name-or-path if given, else the first 3.11+ of python3.13, python3.12,
# python3.11, python3 (scripts/find_python.sh); a .venv made by another Python is rebuilt.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# "VERSION REALPATH NAME", or "!" and what to install; computed once, only if a target needs it
FOUND_PYTHON = $(eval FOUND_PYTHON := $$(shell PYTHON='$(PYTHON)' $(SHELL) scripts/find_python.sh))$(FOUND_PYTHON)
# Tests may talk to servers on this machine only; cassettes replay, never record.
PYTEST_FLAGS ?= --block-network --allowed-hosts=127.0.0.1,localhost,::1 --record-mode=none

.PHONY: help venv generate check-generated fetch-spec lint typecheck test demo cassettes bench clean docs browser

help:
	@echo "make test             lint, type-check, generated/ drift check, the test suite"
	@echo "make demo             the quick start, end to end, on the local emulator"
	@echo "make generate         regenerate generated/ from openapi.json"
	@echo "make check-generated  fail if generated/ differs from what make generate makes"
	@echo "make fetch-spec       download the published spec and list changed operations"
	@echo "make cassettes        re-record tests/cassettes (FORMIFY_LIVE=1: against the real API)"
	@echo "make bench            benchmarks, side by side with bare httpx/hmac"
	@echo "make docs             build the documentation site into site/ (warnings are errors)"
	@echo "make clean            remove .venv, caches and everything else the targets create"
	@echo "Python: the first 3.11+ of python3.13 python3.12 python3.11 python3; make PYTHON=... to choose"

# runs on every make that needs the venv (cheap when nothing changed); targets may depend on
# `venv` or on $(STAMP)
venv:
	$(if $(filter-out !%,$(firstword $(FOUND_PYTHON) !)),,$(error $(or $(patsubst !%,%,$(FOUND_PYTHON)),scripts/find_python.sh printed nothing)))
	@VENV=$(VENV) $(SHELL) scripts/venv.sh $(FOUND_PYTHON)

$(STAMP): venv ;

generate: $(STAMP)
	$(BIN)/python scripts/generate.py

check-generated: $(STAMP)
	$(BIN)/python scripts/generate.py --check

fetch-spec: $(STAMP)
	$(BIN)/python scripts/fetch_spec.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

test: lint typecheck check-generated docs browser
	@# pytest exits 5 when it collected no test: an empty run must not pass
	$(BIN)/pytest $(PYTEST_FLAGS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest ran no tests" >&2; exit 1; fi; exit $$rc

# the emulator's browser test (tests/test_emulator_browser.py) drives the OS's Chromium at
# these paths (Debian's chromium + chromium-driver): installed here when missing, as root (as
# CI is); a failed install fails make. Elsewhere it says what to install (the test then skips,
# or fails under CI=true)
BROWSER_BINS := /usr/bin/chromium /usr/bin/chromedriver
browser:
	@missing=; for bin in $(BROWSER_BINS); do [ -x "$$bin" ] || missing="$$missing $$bin"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "browser test:$$missing missing (sudo apt-get install -y chromium chromium-driver)"; exit 0; \
	fi; \
	echo "browser test:$$missing missing: apt-get install -y chromium chromium-driver"; \
	export DEBIAN_FRONTEND=noninteractive; \
	apt-get update -q && apt-get install -y -q chromium chromium-driver || exit 1; \
	for bin in $(BROWSER_BINS); do \
	  [ -x "$$bin" ] || { echo "browser test: $$bin still missing after apt-get install" >&2; exit 1; }; \
	done

# the site from docs/ and the docstrings (mkdocs.yml); --strict: any warning fails the build.
# NO_MKDOCS_2_WARNING: mkdocs-material's end-of-life banner, not a warning about the docs
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

demo: $(STAMP)
	$(BIN)/python examples/quickstart.py

cassettes: $(STAMP)
	$(BIN)/python scripts/record_cassettes.py

# Each script prints "TARGET <what> <ratio> <op> <target> ok|MISSED" lines (scripts/_bench.py)
# and exits non-zero when one is missed; every script runs, then bench fails if any missed.
bench: $(STAMP)
	@rc=0; for script in scripts/bench_*.py; do echo "== $$script"; 	  $(BIN)/python $$script || rc=1; done; 	if command -v wrk >/dev/null; then echo "== scripts/bench_emulator_wrk.sh"; 	  scripts/bench_emulator_wrk.sh || rc=1; 	else echo "== emulator wrk targets skipped: wrk is not installed (apt-get install -y wrk)"; fi; 	if [ $$rc -ne 0 ]; then echo "make bench: a target was missed (MISSED above)" >&2; fi; exit $$rc

# everything the targets and the tests leave behind (tests/test_makefile_clean.py checks each
# .gitignore entry goes): after `make test demo docs`, `git status --ignored` shows nothing
clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis .bench .bench-* site dist build signed.pdf \
		artifacts
	find . -path ./.git -prune -o \( -name __pycache__ -o -name .ruff_cache -o -name .mypy_cache \
		-o -name .pytest_cache -o -name '*.egg-info' \) -prune -exec rm -rf {} + -o -name '*.py[co]' -exec rm -f {} +
