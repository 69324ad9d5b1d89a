# The README's commands. Each target installs what it needs into .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STACK ?= dev
# The policy pack's own virtualenv: PulumiPolicy.yaml's `virtualenv: venv`, relative to policy/.
POLICY_VENV ?= policy/venv
POLICY_REQUIREMENTS ?= policy/requirements.txt

.PHONY: setup preview test lint bench clean policy-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-install only when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

## The virtualenv `pulumi preview --policy-pack policy` runs the pack in; the Pulumi CLI does not
## create it. Same python as .venv; re-installed only when the pack's requirements change.
$(POLICY_VENV)/.installed: $(POLICY_REQUIREMENTS)
	$(PYTHON) -m venv $(POLICY_VENV)
	$(POLICY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r $(POLICY_REQUIREMENTS)
	touch $@

policy-venv: $(POLICY_VENV)/.installed

## Offline preview of a stack (default dev): resource tree, plan and manifests under build/$(STACK)/.
preview: setup
	$(BIN)/meshfleet preview --stack $(STACK)

## Lint, type check and the test suite: what CI runs.
test: setup lint
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pyright
	PYTHONPATH=policy $(BIN)/lint-imports
	$(BIN)/python -m tests.contracts

## Wall time and peak memory of offline previews (dev, and fleets of 10 and 40 clusters).
bench: setup
	$(BIN)/python tests/benchmarks/bench_preview.py

clean:
	rm -rf build $(VENV) $(POLICY_VENV) .pytest_cache .ruff_cache
