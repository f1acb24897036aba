# The two commands a newcomer needs: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin

.PHONY: run test lint install compile format clean openapi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'

# The extraction modules compiled with mypyc (app/extract/native.py), about a fifth faster: built
# once, and again only when their sources change. Without a C compiler, `make run` goes on with the
# Python sources.
COMPILE = ZONEFACTS_EXTRACT=python $(BIN)/python -c 'from app.extract.native import build_if_stale; build_if_stale()'

compile: install
	@$(COMPILE)

run: install
	@$(COMPILE) || echo "make run: the compiled build failed; extraction runs as Python sources" >&2
	$(BIN)/zonefacts serve

lint: install
	$(BIN)/ruff check app tests migrations bench conftest.py
	$(BIN)/ruff format --check app tests migrations bench conftest.py
	$(BIN)/mypy

# The whole suite on the Python sources (their doctests included), then the extraction tests once
# more on the compiled build.
test: lint compile
	$(BIN)/pytest
	ZONEFACTS_EXTRACT=compiled $(BIN)/pytest -q -o addopts=-ra tests/extract

# openapi.json at the root is the published schema; a test fails when it is out of date.
openapi: install
	$(BIN)/python -c 'from app.api.docs import openapi_text; from app.main import create_app; \
	open("openapi.json", "w", encoding="utf-8").write(openapi_text(create_app()))'

format: install
	$(BIN)/ruff check --fix app tests migrations bench
	$(BIN)/ruff format app tests migrations bench

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache app/extract/_compiled

# The performance benchmark (bench/run.py): a few minutes, plus about 5 the first time, when it builds
# its databases under bench/.data/. Needs wrk (apt-get install wrk). BENCH_ARGS=--quick or --full.
.PHONY: bench
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)
