# The briefing's build. `make help` lists the targets.
# Everything runs inside .venv, created from requirements.lock when it is missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Parameter overrides for one build: make report PARAMS="era_boundary=2012-04-11 approximate_tolerance=0.1"
# (each name=value becomes `-p name=value`); other options of `elite-defections build` go in ARGS.
PARAMS ?=
ARGS ?=
# JupyterLab's port (`make lab`); 0 lets it pick a free one.
LAB_PORT ?= 8888

.DEFAULT_GOAL := help
.PHONY: help venv report lab diff test validate params notebooks-clean benchmark lock clean add-source draft-claims

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
	$(BIN)/elite-defections build $(foreach p,$(PARAMS),-p $(p)) $(ARGS)

lab: $(STAMP) ## Open the notebooks in JupyterLab with the project's kernel, on 127.0.0.1 only
	@echo "JupyterLab: notebooks/ with the kernel of $(VENV); its address (with a token) is printed below. Ctrl-C stops it."
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) --ServerApp.root_dir=notebooks \
		--no-browser --allow-root --LabApp.extension_manager=readonly \
		--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate

diff: $(STAMP) ## What changed in the statistics and verdicts since the previous build (OLD=file to compare)
	$(BIN)/elite-defections diff $(OLD)

test: $(STAMP) ## Run the tests (unit, data contract, end to end)
	$(BIN)/python -m pytest

benchmark: $(STAMP) ## Time a cold build, a no-change rebuild, a parameter change, against the floor
	$(BIN)/python benchmarks/bench_build.py

lock: ## Re-pin requirements.lock from pyproject.toml (needs the package index)
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet '.[test]'
	$(VENV)-lock/bin/python -m pip freeze --exclude-editable | grep -v '^elite-defections' > requirements.lock
	rm -rf $(VENV)-lock

add-source: $(STAMP) ## Register an article: make add-source FILE=a.txt KEY=k OUTLET=o TITLE=t DATE=d KIND=k [URL= AUTHOR=]
	$(BIN)/elite-defections add-source "$(FILE)" --key "$(KEY)" --outlet "$(OUTLET)" --title "$(TITLE)" \
		--date "$(DATE)" --kind "$(KIND)" $(if $(URL),--url "$(URL)") $(if $(AUTHOR),--author "$(AUTHOR)")

draft-claims: $(STAMP) ## Append claim stubs for an article's uncovered figures: make draft-claims KEY=k
	$(BIN)/elite-defections draft-claims "$(KEY)" --append

params: $(STAMP) ## List the parameters, their defaults and allowed values
	$(BIN)/elite-defections params

notebooks-clean: $(STAMP) ## Strip outputs from the committed notebooks
	$(BIN)/python -m elite_defections.engine.notebook_clean notebooks/*.ipynb

clean: ## Remove build outputs (keeps the virtual environment and the briefing); waits for a running build
	@if [ -x $(BIN)/elite-defections ]; then $(BIN)/elite-defections clean; \
	else rm -rf build; fi  # without the environment no build can be running
