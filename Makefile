# make run   build the graph from data/*.txt and print the summary
# make test  run the test suite
# make lint  ruff (lint and format) and mypy
# make screenshot  regenerate docs/reading-view.png (the reading view, in chromium)
# make bench-plot  redraw bench/growth.svg from bench/corpus_results.json
#
# The virtual environment is .venv; installs are skipped while pyproject.toml is
# unchanged (stamp files inside .venv, so a fresh venv reinstalls).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_RUN  := $(VENV)/.lexgraph-installed
STAMP_TEST := $(VENV)/.lexgraph-installed-test

.PHONY: run test lint venv
.PHONY: screenshot bench-plot

venv: $(BIN)/python

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP_RUN): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e .
	touch $@

# The test extras include the runtime install: one stamp satisfies both.
$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -e '.[test]'
	touch $@ $(STAMP_RUN)

run: $(STAMP_RUN)
	$(BIN)/lexgraph build

test: $(STAMP_TEST)
	$(BIN)/pytest

lint: $(STAMP_TEST)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

# docs/reading-view.png: the browser test's screenshot of the reading view (needs chromium
# and chromium-driver: apt-get install chromium chromium-driver)
screenshot: $(STAMP_TEST)
	LEXGRAPH_SCREENSHOT=docs/reading-view.png $(BIN)/pytest -q -p no:cacheprovider \
		tests/test_serve_browser.py -k lima_meeting

# bench/growth.svg: how the corpus benchmark's costs grow with the corpus (matplotlib)
bench-plot: $(STAMP_TEST)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/plot.py
