# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test test-fast typecheck lint format clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(STAMP)

demo: $(STAMP)
	$(BIN)/kapmail build campaigns/kap-conditions --out outbox
	@echo
	@echo "Open the series in a browser: outbox/kap-conditions/index.html"
	@echo "(each email is NN-<slug>.html, with .txt and .eml twins; the plan is manifest.json)."

test: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

# The inner loop: no Chromium, no SMTP server (`make test` and CI still run them).
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not browser and not smtp"

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

# The README's pictures (docs/images/): the default campaign in Chromium, light and dark.
screenshots: $(TEST_STAMP)
	$(BIN)/python docs/screenshots.py

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) outbox/*/ .pytest_cache build dist
