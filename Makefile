# The README's two commands: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

# The oldest Python kapmail runs on, read from pyproject.toml's requires-python (">=3.11").
REQUIRES := $(shell sed -n 's/^requires-python *= *">=\([0-9.]*\)".*/\1/p' pyproject.toml)
IS_NEW_ENOUGH = import sys; sys.exit(sys.version_info < tuple(map(int, "$(REQUIRES)".split("."))))

.PHONY: demo test test-fast typecheck lint format clean screenshots docs venv messages templates

# Every goal but `clean` needs the interpreter: checked before anything is made, one line.
ifneq ($(filter-out clean,$(or $(MAKECMDGOALS),venv)),)
ifneq ($(shell $(PYTHON) -c '$(IS_NEW_ENOUGH)' 2>/dev/null && echo ok),ok)
$(error kapmail needs Python $(REQUIRES) or newer, but $(PYTHON) is $(or $(shell command -v $(PYTHON) >/dev/null 2>&1 && $(PYTHON) -V 2>&1),not found): install it and run make PYTHON=python$(REQUIRES) (or newer))
endif
endif

# The interpreter is checked before .venv is made; a .venv made by a too-old (or removed)
# Python is made again, so installing a newer Python is all a failed `make demo` needs.
venv:
	@if [ -e $(VENV) ] && ! $(BIN)/python -c '$(IS_NEW_ENOUGH)' 2>/dev/null; then echo "$(VENV) was made by an older Python: making it again"; rm -rf $(VENV); fi
	@[ -x $(BIN)/python ] || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet --upgrade pip; }

$(STAMP): pyproject.toml | venv
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | venv
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
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir build/site
	$(BIN)/python -m pytest

# The inner loop: no Chromium, no SMTP server (`make test` and CI still run them).
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not browser and not smtp"

typecheck: $(TEST_STAMP)
	$(BIN)/mypy

# The manual (mkdocs.yml, docs/): built into build/site; `make docs SERVE=1` serves it live.
docs: $(TEST_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs $(if $(SERVE),serve,build --strict --site-dir build/site)

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

# The catalogs (kapmail/locale/): every message of the templates and the planner extracted into
# kapmail.pot, each language's .po brought up to date (without dates: the same sources give the
# same files), then compiled to the .mo files shipped.
LOCALES := kapmail/locale
messages: $(TEST_STAMP)
	$(BIN)/pybabel --quiet extract -F babel.cfg -c Translators: --no-location --sort-output \
	  --omit-header -o $(LOCALES)/kapmail.pot .
	$(BIN)/pybabel --quiet update -i $(LOCALES)/kapmail.pot -d $(LOCALES) -D kapmail \
	  --ignore-obsolete --no-fuzzy-matching
	sed -i '/^"POT-Creation-Date: /d; /^"PO-Revision-Date: /d' $(LOCALES)/*/LC_MESSAGES/kapmail.po
	$(BIN)/python -c 'from kapmail.i18n import compile_catalogs; print(*compile_catalogs(), sep="\n")'

# kapmail's own templates compiled ahead of time (templates/_compiled/, kapmail.render.precompile):
# run after editing a shipped template; until then they are read from their files (a test says so).
templates: $(TEST_STAMP)
	$(BIN)/python -m kapmail.render.precompile
