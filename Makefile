# The few verbs people type. `make site` works on a fresh machine with only Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The engine that builds the site: mkdocs (default) or properdocs, the maintained fork of MkDocs 1.x.
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: site serve test lint bench check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/$(ENGINE) build --strict

serve: $(STAMP)
	$(BIN)/$(ENGINE) serve --livereload --dirty

check: $(STAMP)
	$(BIN)/sjelden check

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check build_tools tests benchmarks
	$(BIN)/mypy build_tools

# Build speed (ours vs plain MkDocs), then search quality and speed on the same two sites.
bench: $(STAMP)
	$(BIN)/pip install --quiet pagefind-bin==1.5.2
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/search.py --site benchmarks/work/ours-100/site \
	  --default-site benchmarks/work/base-100/site --pagefind --json benchmarks/results/search.json

clean:
	rm -rf site .cache
