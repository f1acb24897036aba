# The two commands a newcomer needs: `make run` and `make test`.
VENV   ?= .venv
PYTHON ?= python3
BIN    := $(VENV)/bin

.PHONY: run test lint install format clean openapi

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'

run: install
	$(BIN)/zonefacts serve

lint: install
	$(BIN)/ruff check app tests migrations bench
	$(BIN)/ruff format --check app tests migrations bench
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

# openapi.json at the root is the published schema; a test fails when it is out of date.
openapi: install
	$(BIN)/python -c 'from app.api.docs import openapi_text; from app.main import create_app; \
	open("openapi.json", "w", encoding="utf-8").write(openapi_text(create_app()))'

format: install
	$(BIN)/ruff check --fix app tests migrations bench
	$(BIN)/ruff format app tests migrations bench

clean:
	rm -rf var .pytest_cache .mypy_cache .ruff_cache

# The performance benchmark (bench/run.py): a few minutes, plus about 5 the first time, when it builds
# its databases under bench/.data/. Needs wrk (apt-get install wrk). BENCH_ARGS=--quick or --full.
.PHONY: bench
bench: install
	$(BIN)/python -m bench.run $(BENCH_ARGS)
