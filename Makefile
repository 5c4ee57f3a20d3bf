# The few verbs people type. `make site` works on a fresh machine with only Python 3.11.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The engine that builds the site: mkdocs (default) or properdocs, the maintained fork of MkDocs 1.x.
ENGINE ?= mkdocs
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: site serve preview test lint bench check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

site: $(STAMP)
	$(BIN)/$(ENGINE) build --strict

# Live preview: answers at once with what `make site` last built (or a page that says it is building),
# rebuilds on every save, and shows content errors in the browser (build_tools/engine/serve.py).
ADDR ?= 127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/sjelden serve --engine $(ENGINE) --addr $(ADDR)

# The pages changed against main (or FILES="diagnoses/<slug>/index.md ..."), with their links and search.
# SERVE=1 serves it at http://127.0.0.1:$(PREVIEW_PORT)/ after building (Ctrl+C stops).
PREVIEW_DIR ?= forhandsvisning
PREVIEW_PORT ?= 8001
preview: $(STAMP)
	$(BIN)/sjelden preview $(FILES) --site-dir $(PREVIEW_DIR) --url http://127.0.0.1:$(PREVIEW_PORT)/
	@echo "Forhåndsvisningen ligger i $(PREVIEW_DIR)/: http://127.0.0.1:$(PREVIEW_PORT)/"
ifeq ($(SERVE),1)
	@echo "Viser den på http://127.0.0.1:$(PREVIEW_PORT)/ (Ctrl+C stopper)."
	$(BIN)/python -m http.server --bind 127.0.0.1 -d $(PREVIEW_DIR) $(PREVIEW_PORT)
else
	@echo "Vis den i nettleseren med: make preview SERVE=1   (eller $(BIN)/python -m http.server -d $(PREVIEW_DIR) $(PREVIEW_PORT))"
endif

check: $(STAMP)
	$(BIN)/sjelden check

# The whole suite, browser and axe tests included: axe-core comes from npm (pinned) into .cache/axe/,
# and a machine without Debian's chromium or npm stops here with how to get them, instead of skipping.
AXE := .cache/axe/node_modules/axe-core/axe.min.js
$(AXE):
	@command -v npm >/dev/null || { echo "make test needs npm for axe-core: apt-get install npm" >&2; exit 1; }
	npm install --prefix .cache/axe --no-audit --no-fund --silent axe-core@4.14.1

# The Nu Html Checker (tests/test_validator.py): vnu.jar from npm (pinned), run with Java.
VNU := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU):
	@command -v npm >/dev/null || { echo "make test needs npm for vnu-jar: apt-get install npm" >&2; exit 1; }
	npm install --prefix .cache/vnu --no-audit --no-fund --silent vnu-jar@26.9.27

# Two workers (pytest-xdist): the machines here have two cores. The sample build is made once for both,
# and tests/conftest.py says how the work is cut and in what order (pytest_xdist_make_scheduler).
TEST_WORKERS ?= 2
test: $(STAMP) $(AXE) $(VNU)
	@test -x /usr/bin/chromium || command -v chromium >/dev/null || { echo "make test needs Debian's chromium for the browser tests: apt-get install chromium" >&2; exit 1; }
	@command -v java >/dev/null || { echo "make test needs Java for the Nu Html Checker: apt-get install default-jre-headless" >&2; exit 1; }
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check build_tools tests benchmarks
	$(BIN)/mypy build_tools

# Build speed (ours vs plain MkDocs), then search quality and speed on the same two sites, then a
# pull request's preview against the full build.
bench: $(STAMP)
	$(BIN)/pip install --quiet pagefind-bin==1.5.2
	$(BIN)/python benchmarks/build.py
	$(BIN)/python benchmarks/search.py --site benchmarks/work/ours-100/site \
	  --default-site benchmarks/work/base-100/site --pagefind --json benchmarks/results/search.json
	$(BIN)/python benchmarks/preview.py

clean:
	rm -rf site .cache $(PREVIEW_DIR)
