# The two commands of the README. Each installs what it needs into .venv first (once; again when
# pyproject.toml changes). torch is installed on its own, pinned, before anything that depends on it,
# so pip takes the CPU build instead of the newest CUDA one.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TORCH := torch==2.13.0

.PHONY: run test install install-test

run: $(VENV)/.installed  ## install, update the index, then run Pacer (the bot with DISCORD_TOKEN, else a chat)
	$(BIN)/pacer index
	$(BIN)/pacer

test: $(VENV)/.installed-test  ## install with test tools, then lint, type-check and run the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

.PHONY: bench
bench: $(VENV)/.installed  ## run the benchmarks (about 35 minutes); each prints its table and appends to benchmarks/results.jsonl
	$(BIN)/python -m benchmarks.run
