# Two commands set up and run everything: `make serve` and `make test`.
# Each target creates .venv and installs the pinned requirements when they changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
LIGHTHOUSE_STAMP := bench/lighthouse/node_modules/.installed
DIST ?= dist
BUNDLE := ketamine-chronic-pain-review
SERVE_ADDRESS ?= 127.0.0.1:8000
export NO_MKDOCS_2_WARNING := 1
# Dates in the output (sitemap, gzip headers) come from the last commit, so two builds of one
# commit are byte-identical. Without git (a source tarball) MkDocs uses the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
# The engine that serves and builds the site: `make build ENGINE=properdocs` switches to ProperDocs
# (a fork of MkDocs 1.6, installed in .venv-properdocs; see MAINTAINING.md).
ENGINE ?= mkdocs
# Tests run in parallel, one worker per core (pytest-xdist); TEST_WORKERS=0 runs them in one process.
TEST_WORKERS ?= auto
# The fast tier: every rule on tiny fixture sites, make check, and the unit tests (not the property tests).
FAST_TESTS := tests/test_fixture_sites.py tests/test_author_check.py tests/test_safety.py tests/test_markdown_source.py \
  tests/test_bibtex_rules.py tests/test_bibliography_cache.py tests/test_reference_style.py tests/test_edition_units.py \
  tests/test_editor_notes.py tests/test_clinical_claims.py tests/test_code_paths.py
PROPERDOCS_VENV := .venv-properdocs
ENGINE_VENV := $(if $(filter properdocs,$(ENGINE)),$(PROPERDOCS_VENV),$(VENV))

.PHONY: help serve test test-fast build check changes offline editions pdf bench clean properdocs upgrade-check link-rot
.DEFAULT_GOAL := help

help:  ## List these targets (a bare `make` does this)
	@awk -F ':.*## ' -v address=$(SERVE_ADDRESS) -v dist=$(DIST) -v bundle=$(BUNDLE) '/^[a-z-]+:.*## / { \
	  gsub(/\$$\(SERVE_ADDRESS\)/, address, $$2); gsub(/\$$\(DIST\)/, dist, $$2); gsub(/\$$\(BUNDLE\)/, bundle, $$2); \
	  printf "  make %-14s %s\n", $$1, $$2 }' $(firstword $(MAKEFILE_LIST))

# `exec`: mkdocs replaces the shell, so when make is stopped, the SIGTERM make passes on reaches
# mkdocs itself and no server is left running. GIT_DATES=false: a preview skips git log.
serve: $(STAMP) $(ENGINE_VENV)/.installed  ## Serve the site with live reload on http://$(SERVE_ADDRESS)/ketamine-chronic-pain/
	@$(BIN)/python maintenance/serve_address.py $(SERVE_ADDRESS)
	GIT_DATES=false exec $(ENGINE_VENV)/bin/$(ENGINE) serve --dev-addr $(SERVE_ADDRESS)

# ProperDocs too: the engine tests compare its site with MkDocs', and would otherwise skip on a fresh machine.
test: $(STAMP) $(NODE_STAMP) $(PROPERDOCS_VENV)/.installed  ## Lint, build the site strictly and run every test: browsers and the second engine too (about 5 min)
	$(BIN)/ruff check src hooks tests bench release maintenance
	$(BIN)/pytest -n $(TEST_WORKERS)

test-fast: $(STAMP)  ## Lint, and the rule, fixture and unit tests: no real-site build, no browser (about a minute)
	$(BIN)/ruff check src hooks tests bench release maintenance
	$(BIN)/pytest -n $(TEST_WORKERS) $(FAST_TESTS)

build: $(STAMP) $(ENGINE_VENV)/.installed  ## Build the site strictly into site/ (a failed build leaves the previous site/ as it was)
	rm -rf .site-build
	$(ENGINE_VENV)/bin/$(ENGINE) build --strict --site-dir .site-build
	rm -rf site && mv .site-build site

check: $(STAMP)  ## Report every author mistake (path:line:col) in about a second, without a build
	$(BIN)/python -m living_review.check

changes: $(STAMP)  ## Print what the working tree changes since the latest edition, as Markdown (a pull request's summary)
	@$(BIN)/python -m living_review.changes

offline: $(STAMP) $(ENGINE_VENV)/.installed $(NODE_STAMP)  ## Write the offline bundle: $(DIST)/$(BUNDLE)-offline.zip (opens from file://)
	rm -rf $(DIST)/.offline && mkdir -p $(DIST)/.offline
	$(ENGINE_VENV)/bin/$(ENGINE) build --strict --quiet -f mkdocs-offline.yml --site-dir $(DIST)/.offline/$(BUNDLE)
	cd $(DIST)/.offline && $(abspath $(BIN))/python -m zipfile -c $(BUNDLE)-offline.zip $(BUNDLE)
	mv $(DIST)/.offline/$(BUNDLE)-offline.zip $(DIST)/$(BUNDLE)-offline.zip  # atomic: never a half-written zip
	rm -rf $(DIST)/.offline
	@$(BIN)/python -c 'import os, sys; print(f"{sys.argv[1]}: {os.path.getsize(sys.argv[1]) / 1e6:.2f} MB")' $(DIST)/$(BUNDLE)-offline.zip

editions: $(STAMP)  ## Publish new editions (tags vX.Y) with mike on branch editions-preview; write site-editions/ (the hosted site)
	@$(BIN)/python release/publish_editions.py  # it says what it does, a few lines

pdf: $(STAMP)  ## Print the whole review to $(DIST)/$(BUNDLE)-<edition>.pdf with headless Chromium
	DIST=$(DIST) $(BIN)/python release/print_pdf.py

bench: $(STAMP) $(NODE_STAMP) $(LIGHTHOUSE_STAMP)  ## Measure what citations cost: ratios with vs without, growth, memory, sizes, phones (Lighthouse)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/lighthouse.py

# Exits from the stack (MAINTAINING.md): a second engine, an early warning for upgrades, link rot.

properdocs: $(PROPERDOCS_VENV)/.installed  ## Install ProperDocs in .venv-properdocs (`make test` does it too) to build with it

upgrade-check: $(STAMP) $(NODE_STAMP)  ## Build and test with the newest versions the pins' majors allow; report what changes
	$(BIN)/python maintenance/upgrade_check.py

link-rot: build  ## Check every external link of the built site (DOIs, PubMed, licences) for rot; needs internet
	$(BIN)/python maintenance/link_rot.py site

$(PROPERDOCS_VENV)/.installed: requirements.txt requirements-properdocs.txt pyproject.toml
	test -x $(PROPERDOCS_VENV)/bin/python || $(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-properdocs.txt
	$(PROPERDOCS_VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(LIGHTHOUSE_STAMP): bench/lighthouse/package.json bench/lighthouse/package-lock.json
	npm ci --prefix bench/lighthouse --no-audit --no-fund --loglevel=error
	touch $(LIGHTHOUSE_STAMP)

# The plugin (src/living_review, pyproject.toml) goes in editable, into this checkout's own .venv
# only: a copy of the repository that borrows the venv (VENV=..., as tests do) leaves it as it is.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	if [ "$$(realpath $(VENV))" = "$$(realpath .)/.venv" ]; then \
	  $(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .; fi
	$(BIN)/python -m compileall -q src hooks  # bytecode for builds where PYTHONDONTWRITEBYTECODE is set (~60 ms each)
	touch $(STAMP)

clean:  ## Remove what builds and tests write (site/, site-editions/, dist/, caches); keeps .venv and node_modules
	rm -rf site .site-build site-editions dist test-artifacts .pytest_cache .hypothesis .ruff_cache .cache \
	  tests/fixtures/*/.cache
