# styrgraf — run `make help` for the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SEEDS  := ../shared/seeds
SOURCES ?= $(SEEDS)
# data/ is the committed graph of the seeds, which the tests read. A build of other sources
# goes to local/data (git-ignored), so `make run SOURCES=DIR` leaves data/ as it is.
DATA   ?= $(if $(filter $(abspath $(SEEDS)),$(abspath $(SOURCES))),data,local/data)
# What run validates and serves: the build, or the committed data/ when there are no sources
GRAPH  := $(if $(wildcard $(SOURCES)/.),$(DATA),data)
STAMP  := $(VENV)/.installed
# Two test processes when pytest-xdist is installed, each module's tests in one of them
# (PARALLEL= runs them in one process). Read when the recipe runs: the venv may be new.
PARALLEL ?= $$($(BIN)/python -c 'import xdist; print("-n 2 --dist loadfile")' 2>/dev/null)

.DEFAULT_GOAL := help
.PHONY: help run build validate publish test check lint fmt typecheck clean lock bench bench-serve bench-load bench-corpus bench-identity bench-scale bench-footprint

help: ## Show this help
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-10s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -r requirements.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $(STAMP)

venv: $(STAMP) ## Create the virtualenv from the lock file

# The query editor's browser code (YASGUI), pinned in package.json and package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "npm is missing: install Node.js and npm (e.g. apt-get install -y npm), then run make again" >&2; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

run: $(STAMP) node_modules/.package-lock.json ## Build the graph from $(SOURCES) (else use data/), validate it, serve it at :8000
	@if [ -d "$(SOURCES)" ]; then $(BIN)/styrgraf build --sources "$(SOURCES)" --out "$(DATA)"; \
	else echo "No sources at $(SOURCES): using the committed data/"; fi
	@$(BIN)/styrgraf validate "$(GRAPH)"; rc=$$?; \
	if [ $$rc -eq 1 ]; then echo "The data has findings (exit 1): see the report above."; \
	elif [ $$rc -ne 0 ]; then exit $$rc; fi
	$(BIN)/styrgraf serve "$(GRAPH)" --port 8000

build: $(STAMP) ## Rebuild data/ from $(SOURCES) (other sources: local/data, or DATA=DIR)
	$(BIN)/styrgraf build --sources "$(SOURCES)" --out "$(DATA)"

validate: $(STAMP) ## Validate data/ (or DATA=DIR) against shapes/
	$(BIN)/styrgraf validate "$(DATA)"

publish: $(STAMP) ## Write data/ as a static linked-data site to site/ (dumps, VoID, DCAT, server configs)
	$(BIN)/styrgraf publish "$(DATA)" --out site

test: lint node_modules/.package-lock.json ## Run lint, type checks and the whole test suite
	$(BIN)/pytest $(PARALLEL)

check: lint node_modules/.package-lock.json ## Lint, type checks and the fast tests (not those marked slow)
	$(BIN)/pytest -m "not slow" $(PARALLEL)

bench: $(STAMP) ## Benchmark validation (fast engine vs pySHACL) and serving (vs oxigraph, rdflib-endpoint)
	$(BIN)/python -m bench.validate_bench && $(BIN)/python -m bench.serve_bench

bench-serve: $(STAMP) ## Benchmark serving only: styrgraf vs oxigraph serve and rdflib-endpoint
	$(BIN)/python -m bench.serve_bench

bench-load: $(STAMP) ## Benchmark fairness: a client beside another's bombs, and a burst of 300
	$(BIN)/python -m bench.load_bench

bench-corpus: $(STAMP) ## Build the whole corpus (../shared/corpus/goteborg): time, memory, kinds, coverage
	$(BIN)/python -m bench.corpus_bench

bench-identity: $(STAMP) ## Ingest the corpus's follow-ups, and how assignment matching scales
	$(BIN)/python -m bench.identity_bench

bench-scale: $(STAMP) ## Entity pages, publishing and the traversal graph by data size (SCALES=10k,100k to leave 1M out)
	$(BIN)/python -m bench.scale_bench --scales $(or $(SCALES),10k,100k,1M)

bench-footprint: $(STAMP) ## Start-up, memory (PSS) and load rate against oxigraph serve at 100k and 1M
	$(BIN)/python -m bench.footprint_bench --scales $(or $(SCALES),100k,1M)

lint: $(STAMP) ## Ruff (lint + format check) and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

fmt: $(STAMP) ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: ## Re-pin requirements.lock from pyproject.toml (needs uv)
	uv pip compile pyproject.toml --extra dev -o requirements.lock

clean: ## Remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
