# Interop Watch. `make run` and `make test` set everything up on a machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared

.PHONY: run test demo eval bench soak clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed: set PYTHON=python3.11 (or newer)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/interopwatch run

test: $(STAMP)
	$(BIN)/python -m pytest -q

demo: $(STAMP)
	$(BIN)/interopwatch demo

eval: $(STAMP)
	$(BIN)/python -m tests.eval.run_eval --shared $(SHARED)

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run_bench --shared $(SHARED)

soak: $(STAMP)
	$(BIN)/python -m tests.bench.soak

clean:
	rm -rf $(VENV) build *.egg-info
