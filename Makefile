# The two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test install install-test lint eval bench clean

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is required (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-install whenever pyproject.toml changes; torch is pinned there to the local CPU wheel.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(PY) -m assistant ingest corpus
	$(PY) -m streamlit run assistant/app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

test: install-test
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-test
	$(PY) -m ruff check assistant tests benchmarks

eval: install
	$(PY) -m assistant eval

bench: install-test
	$(PY) benchmarks/run.py --quick --json

clean:
	rm -rf .assistant-data .pytest_cache
