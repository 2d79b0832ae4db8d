# The briefing's build. `make help` lists the targets.
# Everything runs inside .venv, which tools/setup_venv.py creates with uv from requirements.lock and
# checks before every target (docs/setup.md): rebuilt for another Python or after a failed install.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-pin with `make lock UPGRADE=1` to move every pin to the newest version that fits.
UPGRADE ?=
# Parameter overrides for one build: make report PARAMS="era_boundary=2012-04-11 approximate_tolerance=0.1"
# (each name=value becomes `-p name=value`); other options of `elite-defections build` go in ARGS.
PARAMS ?=
ARGS ?=
# JupyterLab's port (`make lab`); 0 lets it pick a free one.
LAB_PORT ?= 8888

.DEFAULT_GOAL := help
.PHONY: help venv report sensitivity lab diff test validate params notebooks-clean benchmark lock clean add-source draft-claims

help: ## List the targets
	@echo "Targets:"
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo ""
	@echo "Variables (make TARGET NAME=value):"
	@echo '  PARAMS="name=value ..."  parameter overrides for one build: make report PARAMS="era_boundary=2012-04-11"'
	@echo '  ARGS="..."               more options of elite-defections build, for make report:'
	@echo '                             --sensitivity     also run the sensitivity alternatives (as make sensitivity)'
	@echo '                             --no-sensitivity  do not show their results even when current'
	@echo '                             --force           rerun every notebook even if nothing changed'
	@echo '                             --jobs N          notebooks run at once (default 2)'
	@echo '                           e.g. make report ARGS="--force --jobs 1"'
	@echo '  OLD=file                 make diff: the statistics file to compare with'
	@echo '  LAB_PORT=8888            make lab: the port (0 picks a free one)'
	@echo '  PYTHON=python3           the Python .venv is built with (3.11 or later)'
	@echo '  UPGRADE=1                make lock: move every pin to the newest version that fits'
	@echo "Set-up, the lock, the Lab and notebooks in git: docs/setup.md"

venv: ## Create or refresh .venv from requirements.lock with uv (every target does this first)
	@$(PYTHON) tools/setup_venv.py

validate: venv ## Load and check the evidence base (sources, claims, reference data)
	$(BIN)/elite-defections validate

report: venv ## Build the briefing: validate, run the notebooks, render HTML and PDF (sensitivity shown only if current)
	$(BIN)/elite-defections build $(foreach p,$(PARAMS),-p $(p)) $(ARGS)

sensitivity: venv ## The briefing with the sensitivity alternatives run for its inputs (each notebook under each)
	$(BIN)/elite-defections build --sensitivity $(foreach p,$(PARAMS),-p $(p)) $(ARGS)

lab: venv ## JupyterLab on the project (notebooks/ open) with the project's kernel, on 127.0.0.1 only
	@echo "JupyterLab: the project folder, notebooks/ open, with the kernel of $(VENV); its address (with a token) is printed below. Ctrl-C stops it."
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.port=$(LAB_PORT) --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/notebooks --no-browser --allow-root --LabApp.extension_manager=readonly \
		--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate --LabApp.news_url=None \
		--LabApp.app_settings_dir=jupyter/lab-settings \
		--FileContentsManager.post_save_hook=elite_defections.engine.notebook_clean.refresh_git_index

diff: venv ## What changed in the statistics and verdicts since the previous build (OLD=file to compare)
	$(BIN)/elite-defections diff $(OLD)

test: venv ## Run the tests (unit, data contract, end to end)
	$(BIN)/python -m pytest

benchmark: venv ## Time a cold build, a no-change rebuild, a parameter change, against the floor
	$(BIN)/python benchmarks/bench_build.py

lock: ## Re-pin requirements.lock (hashed, by uv) and environment.yml from pyproject.toml (needs the index)
	@$(PYTHON) tools/lock.py $(if $(UPGRADE),--upgrade)

add-source: venv ## Register an article: make add-source FILE=a.txt KEY=k OUTLET=o TITLE=t DATE=d KIND=k [URL= AUTHOR=]
	$(BIN)/elite-defections add-source "$(FILE)" --key "$(KEY)" --outlet "$(OUTLET)" --title "$(TITLE)" \
		--date "$(DATE)" --kind "$(KIND)" $(if $(URL),--url "$(URL)") $(if $(AUTHOR),--author "$(AUTHOR)")

draft-claims: venv ## Append claim stubs for an article's uncovered figures: make draft-claims KEY=k
	$(BIN)/elite-defections draft-claims "$(KEY)" --append

params: venv ## List the parameters, their defaults and allowed values
	$(BIN)/elite-defections params

notebooks-clean: venv ## Strip outputs, execution counts and metadata drift from the notebooks, as git commits them
	$(BIN)/python -m elite_defections.engine.notebook_clean notebooks/*.ipynb

clean: ## Remove build outputs (keeps the virtual environment and the briefing); waits for a running build
	@if [ -x $(BIN)/elite-defections ]; then $(BIN)/elite-defections clean; \
	else rm -rf build; fi  # without the environment no build can be running
