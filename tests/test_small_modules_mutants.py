"""The package's small glue functions judged by fast tests (``make mutate`` over ``xlperf/__init__.py``,
``xlperf/workbook/__init__.py``, ``xlperf/workbook/layout.py``, ``xlperf/macro/__init__.py``): the public names
load on first use from the module README “维护者” names, the percent format has as many decimals as asked, and the
two package-level entry points hand their argument to the function that does the work and return what it returns."""

from __future__ import annotations

from pathlib import Path

import pytest

import xlperf
import xlperf.macro
import xlperf.workbook
from xlperf.workbook import layout


@pytest.mark.parametrize("name, module, attr", [
    ("load", "xlperf.app.load", "load_evaluation"),
    ("check", "xlperf.app.check", "check_file"),
    ("score", "xlperf.app.check", "score"),
    ("build_report", "xlperf.app.check", "build_report"),
    ("write_report", "xlperf.app.reports", "write_report"),
    ("new_form", "xlperf.app.forms", "new_form"),
    ("import_last_year", "xlperf.app.forms", "import_last_year"),
    ("run_batch", "xlperf.batch.run", "run_batch"),
])
def test_each_public_name_is_the_use_case_function_and_is_kept_once_loaded(name, module, attr, monkeypatch):
    import importlib

    monkeypatch.delitem(vars(xlperf), name, raising=False)  # as in a fresh interpreter
    value = xlperf.__getattr__(name)
    assert value is getattr(importlib.import_module(module), attr)
    assert vars(xlperf)[name] is value  # the next use finds it without __getattr__


def test_an_unknown_name_is_an_attribute_error_naming_it():
    with pytest.raises(AttributeError) as err:
        xlperf.__getattr__("no_such_name")
    assert str(err.value) == "module 'xlperf' has no attribute 'no_such_name'"


def test_dir_lists_the_public_names_sorted_even_before_they_load(monkeypatch):
    for name in ("score", "run_batch"):
        monkeypatch.delitem(vars(xlperf), name, raising=False)
    listed = xlperf.__dir__()
    assert listed == sorted(listed)
    assert {"load", "check", "score", "build_report", "write_report", "new_form", "import_last_year",
            "run_batch", "__version__"} <= set(listed)
    assert len(listed) == len(set(listed))


@pytest.mark.parametrize("places, fmt", [(-1, "0%"), (0, "0%"), (1, "0.0%"), (2, "0.00%"), (4, "0.0000%")])
def test_percent_format_has_the_places_asked(places, fmt):
    assert layout.percent_format(places) == fmt


def test_read_workbook_is_the_readers(monkeypatch):
    import xlperf.workbook.read as read

    seen = []
    monkeypatch.setattr(read, "read_workbook", lambda path: seen.append(path) or ("ev", ["p"]))
    assert xlperf.workbook.read_workbook("甲.xlsx") == ("ev", ["p"])
    assert seen == ["甲.xlsx"]


def test_build_twins_puts_each_xlsm_next_to_its_xlsx(monkeypatch, tmp_path):
    import xlperf.macro.xlsm as xlsm

    built = []
    monkeypatch.setattr(xlsm, "build_xlsm", lambda src, dst: built.append((src, dst)) or dst)
    a, b = tmp_path / "a.xlsx", str(tmp_path / "sub" / "b.xlsx")
    assert xlperf.macro.build_twins([a, b]) == [tmp_path / "a.xlsm", tmp_path / "sub" / "b.xlsm"]
    assert built == [(a, tmp_path / "a.xlsm"), (b, tmp_path / "sub" / "b.xlsm")]
