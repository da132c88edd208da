# Everything starts from a fresh machine with Python 3.11, git and make: the first target
# that needs the virtualenv creates it and installs the project with its dev extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# Tests may talk to servers on this machine only; cassettes replay, never record.
PYTEST_FLAGS ?= --block-network --allowed-hosts=127.0.0.1,localhost,::1 --record-mode=none

.PHONY: help venv generate check-generated fetch-spec lint typecheck test demo cassettes bench clean

help:
	@echo "make test             lint, type-check, generated/ drift check, the test suite"
	@echo "make demo             the quick start, end to end, on the local emulator"
	@echo "make generate         regenerate generated/ from openapi.json"
	@echo "make check-generated  fail if generated/ differs from what make generate makes"
	@echo "make fetch-spec       download the published spec and list changed operations"
	@echo "make cassettes        re-record tests/cassettes (FORMIFY_LIVE=1: against the real API)"
	@echo "make bench            benchmarks, side by side with bare httpx/hmac"

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

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

test: lint typecheck check-generated
	@# pytest exits 5 when it collected no test: an empty run must not pass
	$(BIN)/pytest $(PYTEST_FLAGS) $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest ran no tests" >&2; exit 1; fi; exit $$rc

demo: $(STAMP)
	$(BIN)/python examples/quickstart.py

cassettes: $(STAMP)
	$(BIN)/python scripts/record_cassettes.py

bench: $(STAMP)
	@for script in scripts/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
