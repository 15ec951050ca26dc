# Quick start: `make demo` (the bundled example) and `make test`. Each sets up .venv by itself:
# `make demo` installs the runtime only, `make test`/`build`/`bench`/`fuzz`/`mutate` the developer tools too.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check
# The oldest Python the project runs on, read from pyproject.toml's requires-python (one place says it).
MIN_PY := $(shell sed -n 's/^requires-python *= *">= *\([0-9.]*\)".*/\1/p' pyproject.toml)
# Stamps record the venv's interpreter and are written only when the install completed.
RUNTIME_STAMP := $(VENV)/.runtime-stamp
STAMP         := $(VENV)/.installed-stamp
# True when the given interpreter runs and is at least MIN_PY.
py_ok = $(shell $(1) -c 'import sys; print(sys.version_info[:2] >= tuple(map(int, "$(MIN_PY)".split("."))))' 2>/dev/null)

# A .venv left by a wrong or failed run (its python missing or older than MIN_PY) is not trusted: forget its stamps,
# so the next `make` removes and rebuilds it.
ifneq ($(wildcard $(VENV)),)
ifneq ($(call py_ok,$(PY)),True)
$(shell rm -f $(RUNTIME_STAMP) $(STAMP))
endif
endif

.PHONY: demo test bench fuzz build mutate mutate-workbook clean serve

# Recipe lines: stop with one line saying which Python to install when $(PYTHON) is missing or too old; then
# (re)create .venv when its python is missing or too old.
VERSION_OK := 'import sys; sys.exit(sys.version_info[:2] < tuple(map(int, "$(MIN_PY)".split("."))))'
define make_venv
	@$(PYTHON) -c $(VERSION_OK) 2>/dev/null || { \
	  v=$$($(PYTHON) -c 'import sys; print(sys.version.split()[0])' 2>/dev/null || echo 未找到); \
	  echo "需要 Python $(MIN_PY) 或更新版本（$(PYTHON)：$$v），请安装 Python $(MIN_PY)+ 或运行 make PYTHON=python$(MIN_PY) $(or $(MAKECMDGOALS),demo) / Python >= $(MIN_PY) is required ($(PYTHON): $$v): install it or run make PYTHON=python$(MIN_PY) $(or $(MAKECMDGOALS),demo)" >&2; \
	  exit 1; }
	@$(PY) -c $(VERSION_OK) 2>/dev/null || { rm -rf $(VENV) && echo "$(PYTHON) -m venv $(VENV)" && $(PYTHON) -m venv $(VENV); }
endef

$(RUNTIME_STAMP): pyproject.toml
	$(make_venv)
	$(PIP) install -q -e .
	$(PY) -c 'import sys; print(sys.version.split()[0], "runtime")' > $@

$(STAMP): pyproject.toml
	$(make_venv)
	$(PIP) install -q -e '.[dev]'
	$(PIP) install -q -e '.[serve,serve-test]'
	$(PY) -c 'import sys; print(sys.version.split()[0], "runtime+dev")' > $@
	cp $@ $(RUNTIME_STAMP)

demo: $(RUNTIME_STAMP)
	$(PY) -m xlperf.cli score workbooks/example-2021.xlsx
	mkdir -p out
	$(PY) -m xlperf.cli report workbooks/example-2021.xlsx -o out/
	$(PY) -m xlperf.cli report workbooks/example-2021.xlsx -o out/ --format md

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/run.py

# The bureau's service on the bundled example data (out/serve-demo: a few units, one form passed, one with errors):
# prints the administrator's login and each unit's link, then serves on http://127.0.0.1:$(SERVE_PORT)/ until Ctrl+C.
SERVE_PORT ?= 8080
serve: $(STAMP)
	rm -rf out/serve-demo
	$(PY) -m xlperf.cli serve demo --data out/serve-demo --base-url http://127.0.0.1:$(SERVE_PORT)
	$(PY) -m xlperf.cli serve --data out/serve-demo --port $(SERVE_PORT) --year 2021

fuzz: $(STAMP)
	$(PY) scripts/fuzz.py

build: $(STAMP)
	$(PY) -m xlperf.cli build

# Mutation testing (mutmut, settings in pyproject.toml [tool.mutmut]; record of runs in docs/mutation.md);
# not part of `make test` or CI.  Whole package: make mutate; one module: make mutate MODULE=xlperf/importer/parse.py
# (several: MODULE='xlperf/a.py xlperf/b.py'); MUTANTS narrows to mutmut names, e.g. MUTANTS='xlperf.domain.numbers.x_fmt*';
# JOBS = parallel workers; TESTS='tests/test_a.py …' (and K='pytest -k') judge MODULE by those tests only, in a copy
# under build/mutate-narrow/.  make mutate-workbook: the workbook build judged by LibreOffice on a seeded sample.
MODULE  ?=
TESTS   ?=
K       ?=
MUTANTS ?=
JOBS    ?= 2
SAMPLE  ?= 200
SEED    ?= 19
mutate: $(STAMP)
	$(PY) scripts/mutate.py --jobs $(JOBS) $(MODULE) $(foreach m,$(MUTANTS),--mutant '$(m)') \
	  $(if $(TESTS),--tests $(TESTS)) $(if $(K),-k '$(K)')

mutate-workbook: $(STAMP)
	$(PY) scripts/mutate_workbook.py --sample $(SAMPLE) --seed $(SEED)

clean:
	rm -rf out build *.egg-info mutants $(VENV)
