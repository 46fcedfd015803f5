# yusuan — two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench system clean docs

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "需要 $(PYTHON)（Debian: apt-get install python3.11 python3.11-venv）" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]' \
	  || $(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Debian packages the tests and the PDF/browser features need (installed only when missing).
system:
	@bash scripts/setup-system.sh

demo: $(STAMP)
	$(BIN)/yusuan demo

test: $(STAMP) system
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

bench: $(STAMP) system
	$(BIN)/python bench/run.py

docs: $(STAMP)
	$(BIN)/python -m yusuan.audit.docs docs/rules.md
	$(BIN)/python -m yusuan.model.schema --write docs/budget-file.md

clean:
	rm -rf $(VENV) out build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
