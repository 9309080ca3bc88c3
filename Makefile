# Two commands set up and run everything: `make serve` and `make test`.
# Each target creates .venv and installs the pinned requirements when they changed.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check offline bench clean

serve: $(STAMP)  ## Serve the site with live reload on http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

test: $(STAMP)  ## Build the site strictly and run every test
	$(BIN)/pytest

build: $(STAMP)  ## Build the site strictly into site/
	$(BIN)/mkdocs build --strict --site-dir site

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

clean:  ## Remove generated output (keeps .venv)
	rm -rf site dist test-artifacts .pytest_cache
