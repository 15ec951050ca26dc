"""Fast hand-valued tests for xlperf/macro/winstub.py (session 7, s7i, finished in a second pass).

Equivalent mutant (1 of 186, with tests/test_windows_semantics.py in the selection):

- ``load_windows_udfs``: ``assert spec is not None and spec.loader is not None`` -> ``... or ...``.
  ``find_spec("xlperf.udfs")`` always returns a spec with a source loader for the installed package, so both
  forms pass; the assert only narrows the Optional types for mypy.  Were the spec ``None``, the ``or`` form would
  read ``spec.loader`` and raise AttributeError instead of AssertionError -- an error either way, only in a
  broken install, and no caller distinguishes the two.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest
import xlwings

from xlperf.macro import winstub


def test_missing_is_disp_e_paramnotfound():
    assert winstub.MISSING == -2147352572 == 0x80020004 - 2**32


def test_stubs_by_hand():
    stubs = winstub._make_stubs()
    assert sorted(stubs) == ["pythoncom", "pywintypes", "win32com", "win32com.client"]
    assert stubs["pythoncom"].CoInitialize() is None and stubs["pythoncom"].IID_IDispatch is None
    assert stubs["pywintypes"].com_error is winstub._ComError and stubs["pywintypes"].TimeType is dt.datetime
    assert stubs["win32com"].client is stubs["win32com.client"]
    assert stubs["win32com.client"].__name__ == "win32com.client"
    with pytest.raises(RuntimeError, match=r"^COM is not available on this machine \(win32com stub\)$"):
        stubs["win32com.client"].Dispatch("Excel.Application", x=1)


def test_windows_stubs_inside_and_restored_exactly():
    before = {n: sys.modules.get(n) for n in ("pythoncom", "pywintypes", "win32com", "win32com.client",
                                               "xlwings.udfs")}
    had = hasattr(xlwings, "udfs")
    with winstub.windows_stubs():
        for n in ("pythoncom", "pywintypes", "win32com", "win32com.client"):
            assert sys.modules[n].__name__ == n
        assert "xlwings.udfs" not in sys.modules
    assert {n: sys.modules.get(n) for n in before} == before
    assert hasattr(xlwings, "udfs") == had


def test_windows_stubs_drop_an_udfs_attribute_set_inside():
    had = hasattr(xlwings, "udfs")
    saved = getattr(xlwings, "udfs", None)
    with winstub.windows_stubs():
        xlwings.udfs = "inside"
    assert getattr(xlwings, "udfs", None) is saved and hasattr(xlwings, "udfs") == had


def test_load_windows_udfs_decorates_a_private_copy_and_restores_xlwings():
    before = (xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub)
    xludfs, module = winstub.load_windows_udfs()
    assert (xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub) == before
    assert all(callable(d) for d in before)  # Linux's no-op decorators, not None
    assert module is not sys.modules.get("xlperf.udfs") and module.__name__ == "xlperf.udfs"
    assert xludfs.__name__ == "xlwings.udfs"
    assert any(hasattr(f, "__xlfunc__") for f in vars(module).values())


def test_excel_engine_registered_inside_only():
    assert "excel" not in xlwings.engines.engines_by_name
    n = len(xlwings.engines.engines)
    with winstub.excel_engine():
        assert "excel" in xlwings.engines.engines_by_name
        with winstub.excel_engine():
            assert len(xlwings.engines.engines) == n + 1
    assert "excel" not in xlwings.engines.engines_by_name and len(xlwings.engines.engines) == n


def _udf(*optional):
    def f(*args):
        f.seen = args
        return f.result
    f.__xlfunc__ = {"args": [{"options": {}}] + [{"options": {}, "optional": o} for o in optional],
                    "ret": {"options": {}}}
    return f


def test_excel_call_scalar_range_blank_and_missing_optional():
    f = _udf(7)
    f.result = 2.5
    assert winstub.excel_call(f, 3.0, winstub.MISSING) == [[2.5]]  # Excel gets a 2-D array
    assert f.seen == (3.0, 7)
    f.result = [[1.0, "a"]]
    assert winstub.excel_call(f, ((1.0, None), (2.0, "x")), "s") == [[1.0, "a"]]
    assert f.seen == ([[1.0, None], [2.0, "x"]], "s")


def test_excel_call_missing_without_default_is_none_and_extra_args_use_the_last_info():
    f = _udf()
    f.result = None
    winstub.excel_call(f, winstub.MISSING, 1.0, winstub.MISSING - 1)
    assert f.seen == (None, 1.0, float(winstub.MISSING - 1)) or f.seen == (None, 1.0, winstub.MISSING - 1)


def test_excel_call_true_is_not_missing():
    f = _udf(7)
    f.result = True
    assert winstub.excel_call(f, True) == [[True]] and f.seen == (True,)


def test_excel_call_date_result_is_refused_with_the_stand_in_message():
    f = _udf()
    f.result = dt.datetime(2026, 1, 2)
    with pytest.raises(TypeError, match=r"^date results are not converted in the Linux stand-in$"):
        winstub.excel_call(f, 1.0)


def test_engine_impl_names_what_xlwindows_no_longer_defines(monkeypatch):
    monkeypatch.setattr(winstub, "_ENGINE_NAMES", winstub._ENGINE_NAMES + ("Nope", "Also"))
    with pytest.raises(RuntimeError, match=r"^xlwings/_xlwindows\.py no longer defines \['Also', 'Nope'\]$"):
        winstub._windows_engine_impl()


def test_engine_impl_is_the_windows_engine_compiled_under_its_own_file_name():
    impl = winstub._windows_engine_impl()
    assert impl.name == "excel" and impl.type == "desktop"
    assert impl.apps is None  # Apps() is the stand-in lambda: None
    code = type(impl).prepare_xl_data_element.__code__
    assert code.co_filename == "xlwings/_xlwindows.py"


def test_excel_call_date_argument_read_as_a_datetime():
    f = _udf()
    f.result = 1.0
    winstub.excel_call(f, dt.datetime(2026, 1, 2, 3, 4, 5))
    assert f.seen == (dt.datetime(2026, 1, 2, 3, 4, 5),)
