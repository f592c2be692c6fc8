# Set-up is part of every target: a fresh clone needs only `make demo` or `make test`.
# `make demo` installs the package with its plotting extra only; `make test` and `make lint`
# install every extra (tests, progress bar, data, benchmark peers, ruff and mypy, the docs site and
# the notebooks). `make docs` serves the site at http://127.0.0.1:8000 while you edit docs/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_STAMP := $(VENV)/.installed-demo
STAMP := $(VENV)/.installed
# What ruff format and mypy check: the three packages (ruff's lint rules check the whole tree).
LINT_PATHS ?= autograd nn viz

.PHONY: demo test lint docs bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(DEMO_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[plots]'
	touch $(DEMO_STAMP)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install -e '.[dev,plots,progress,data,bench,lint,docs]'
	touch $(STAMP) $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(PY) demos/forward_vs_reverse.py

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check $(LINT_PATHS)
	$(PY) -m mypy $(addprefix -p ,$(LINT_PATHS))

test: lint
	$(PY) -m pytest
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet --site-dir build/site

docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve

bench: $(STAMP)
	$(PY) -m benchmarks

clean:
	rm -rf $(VENV) out build *.egg-info
