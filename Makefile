# Kakehashi: `make run` to talk to it, `make test` to check it.
SHELL := /bin/bash
PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
MODEL := models/kakehashi.tar.gz
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: setup build train run run-cluster test test-fast test-prerequisites lint validate bench clean clinc150

setup: $(INSTALLED)

$(INSTALLED): pyproject.toml
	@command -v $(PYTHON) >/dev/null && $(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 10)' \
		|| { echo "Python 3.10 is needed (set PYTHON=/path/to/python3.10)"; exit 1; }
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==24.2
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

# Training data generated from knowledge/faq/ (files rewritten only when their content changes).
build: setup
	$(BIN)/kakehashi build

# Retrains only when the config, domain, training data or NLU components changed.
train: build
	@$(MAKE) --no-print-directory $(MODEL)

$(MODEL): bot/config.yml $(wildcard bot/domain/*.yml bot/data/*/*.yml build/data/*.yml build/domain/*.yml build/multilingual/*.yml nlu/*.py kakehashi/rasa_server/rule_policy.py knowledge/encoder.py knowledge/e5_*.py)
	$(BIN)/rasa train --config bot/config.yml --domain build/domain --data bot/data build/data \
		--out models --fixed-model-name kakehashi
	touch $@

run: train
	$(BIN)/python -m kakehashi.tools.servers

# The production topology on this machine: nginx, two Rasa replicas, PostgreSQL and Redis.
run-cluster: train
	$(BIN)/python -m kakehashi.tools.cluster

validate: setup
	$(BIN)/kakehashi validate

# The whole suite. System packages and services it needs: tests/prerequisites.sh (as root it
# installs and starts them; otherwise it prints the command to run).
test: test-prerequisites train validate
	$(BIN)/pytest -q

test-prerequisites:
	@bash tests/prerequisites.sh

# Unit tests and the checks of the staff's knowledge files: no servers, no model (under a minute).
test-fast: validate
	$(BIN)/pytest -q tests/unit tests/knowledge

# Speed and memory against the stock `rasa init` assistant, on loopback (a few minutes); the
# production topology part needs nginx, PostgreSQL and Redis (test-prerequisites).
bench: test-prerequisites train
	$(BIN)/python -m kakehashi.tools.bench

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf build models .pytest_cache
# In-scope accuracy and out-of-scope recall on the public CLINC150 benchmark (English; 10-60 min).
clinc150: setup
	$(BIN)/python -m kakehashi.tools.clinc150
