# Quick start: `make demo` (the bundled example) and `make test`. Each sets up .venv by itself.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: demo test bench fuzz build mutate clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m xlperf.cli score workbooks/example-2021.xlsx
	mkdir -p out
	$(PY) -m xlperf.cli report workbooks/example-2021.xlsx -o out/
	$(PY) -m xlperf.cli report workbooks/example-2021.xlsx -o out/ --format md

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

fuzz: $(STAMP)
	$(PY) scripts/fuzz.py

build: $(STAMP)
	$(PY) -m xlperf.cli build

# Mutation testing (mutmut, settings in pyproject.toml [tool.mutmut]); not part of `make test` or CI.
# MUTANTS narrows the run, e.g. make mutate MUTANTS='xlperf.numbers.* xlperf.scoring.*'; JOBS = parallel workers.
MUTANTS ?=
JOBS    ?= 2
mutate: $(STAMP)
	$(VENV)/bin/mutmut run --max-children $(JOBS) $(foreach m,$(MUTANTS),'$(m)')
	$(VENV)/bin/mutmut export-cicd-stats
	cat mutants/mutmut-cicd-stats.json
	$(VENV)/bin/mutmut results

clean:
	rm -rf out build *.egg-info mutants
