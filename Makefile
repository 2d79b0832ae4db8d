# The briefing's build. `make help` lists the targets.
# Everything runs inside .venv, created from requirements.lock when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Parameter overrides for the notebooks, e.g. make report ARGS="-p era_boundary=2012-01-01"
ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help venv report test validate params notebooks-clean benchmark lock clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

venv: $(STAMP) ## Create or refresh the virtual environment from requirements.lock

validate: $(STAMP) ## Load and check the evidence base (sources, claims, reference data)
	$(BIN)/elite-defections validate

report: $(STAMP) ## Build the briefing: validate, run the notebooks, render HTML and PDF
	$(BIN)/elite-defections build $(OVERRIDES) $(ARGS)

test: $(STAMP) ## Run the tests (unit, data contract, end to end)
	$(BIN)/python -m pytest

benchmark: $(STAMP) ## Time a cold build, a no-change rebuild, a parameter change, against the floor
	$(BIN)/python benchmarks/bench_build.py

lock: ## Re-pin requirements.lock from pyproject.toml (needs the package index)
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet '.[test]'
	$(VENV)-lock/bin/python -m pip freeze --exclude-editable | grep -v '^elite-defections' > requirements.lock
	rm -rf $(VENV)-lock

params: $(STAMP) ## List the parameters, their defaults and allowed values
	$(BIN)/elite-defections params

notebooks-clean: $(STAMP) ## Strip outputs from the committed notebooks
	$(BIN)/python -m elite_defections.notebook_clean notebooks/*.ipynb

clean: ## Remove build outputs (keeps the virtual environment and the briefing)
	rm -rf build
