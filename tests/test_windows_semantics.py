"""Windows semantics on Linux: xlperf.udfs under xlwings' real decorators and argument conversion.

xlwings' decorators are no-ops on Linux, so the plain tests call the functions with Python values.
Here the real ``xlfunc/xlarg/xlret`` (``xlwings/udfs.py``, loaded with pywin32 stubbed) decorate the
functions, and arguments pass through ``xlwings.conversion`` as ``call_udf`` does on Windows: Excel hands
over floats, text, ``None`` for blank cells, tuples of tuples for multi-cell ranges, and a marker for an
omitted optional argument.  The result of each call must be what the plain Linux call gives.
"""

import sys

import pytest

import xlperf.udfs as plain
from xlperf.macro.winstub import MISSING, excel_call, load_windows_udfs, windows_stubs


@pytest.fixture(scope="module")
def win():
    return load_windows_udfs()[1]


def test_stubs_are_removed_after_the_block():
    before = {name: sys.modules.get(name) for name in ("pythoncom", "pywintypes", "win32com.client")}
    with windows_stubs():
        assert "pythoncom" in sys.modules
        import xlwings.udfs  # noqa: F401 - the real Windows module imports under the stubs
    after = {name: sys.modules.get(name) for name in before}
    assert after == before
    assert "xlwings.udfs" not in sys.modules


def test_every_function_is_decorated_on_windows_and_plain_module_untouched(win):
    for name in plain.__all__:
        info = getattr(win, name).__xlfunc__
        assert info["name"] == name
        assert info["category"] == "绩效自评"
        assert info["volatile"] is False and info["async_mode"] is None
        assert not hasattr(getattr(plain, name), "__xlfunc__")
    assert sys.modules["xlperf.udfs"] is plain


def test_range_arguments_declare_ndim_2(win):
    def ndim(func, arg):
        return func.__xlfunc__["argmap"][arg]["options"].get("ndim")

    assert ndim(win.PERF_GRADE, "bands") == 2
    assert ndim(win.PERF_GRADE, "score") is None
    for func, args in ((win.PERF_WEIGHTED, ("weights", "rates")), (win.PERF_TOTAL, ("scores", "weights")),
                       (win.PERF_CHECK, ("weights", "scores"))):
        assert [ndim(func, a) for a in args] == [2, 2]


BANDS = ((90.0, "优秀"), (80.0, "良好"), (60.0, "中等"), (0.0, "较差"), (None, None))

# (function, what Excel passes, the plain Linux call's arguments, the value the cell must show)
CASES = [
    ("PERF_GRADE", (91.0, MISSING), (91,), "优"),
    ("PERF_GRADE", (89.99, MISSING), (89.99,), "良"),
    ("PERF_GRADE", ("91", MISSING), ("91",), "优"),
    ("PERF_GRADE", (None, MISSING), (None,), ""),
    ("PERF_GRADE", (95.0, BANDS), (95, [list(r) for r in BANDS]), "优秀"),
    ("PERF_GRADE", (10.0, BANDS), (10, [list(r) for r in BANDS]), "较差"),
    # a one-row band table: Excel passes ((90, "甲"),); ndim=2 keeps it a table of one row
    ("PERF_GRADE", (95.0, ((90.0, "甲"),)), (95, [[90, "甲"]]), "甲"),
    ("PERF_RATE", (8.0, 10.0), (8, 10), 0.8),
    ("PERF_RATE", (None, 10.0), (None, 10), ""),
    ("PERF_EXEC_RATE", (95.1, 100.0), (95.1, 100), 0.951),
    ("PERF_WEIGHTED", (((10.0,), (20.0,), (None,)), ((0.5,), (1.0,), (None,))),
     ([[10], [20], [None]], [[0.5], [1], [None]]), 25.0),
    # single cells: ndim=2 turns them into 1x1 tables
    ("PERF_WEIGHTED", (10.0, 0.5), ([[10]], [[0.5]]), 5.0),
    ("PERF_TOTAL", (((10.0, 20.0, None),), MISSING), ([[10, 20, None]],), 30.0),
    ("PERF_TOTAL", (((10.0,), (20.0,)), ((10.0,), (30.0,))), ([[10], [20]], [[10], [30]]), 30.0),
    ("PERF_CHECK", (((60.0,), (40.0,)), ((55.0,), (None,)), 100.0), ([[60], [40]], [[55], [None]], 100), ""),
    ("PERF_SCORE", ("正向", 10.0, 0.9, 0.81, MISSING), ("正向", 10, 0.9, 0.81), 9.0),
    ("PERF_SCORE", ("人工", 10.0, None, 0.81, MISSING), ("人工", 10, None, 0.81), ""),
]


@pytest.mark.parametrize("name, excel_args, plain_args, shown", CASES)
def test_windows_conversion_gives_the_plain_result(win, name, excel_args, plain_args, shown):
    assert getattr(plain, name)(*plain_args) == shown
    # the UDF server hands Excel a 2-D array; a 1x1 array is the cell's value
    assert excel_call(getattr(win, name), *excel_args) == [[shown]]


@pytest.mark.parametrize("name, excel_args", [
    ("PERF_GRADE", (-1.0, MISSING)),
    ("PERF_RATE", ("约8", 10.0)),
    ("PERF_WEIGHTED", (((10.0,), (20.0,)), ((0.5,),))),
    ("PERF_TOTAL", (((20.0,),), ((10.0,),))),
])
def test_input_problems_reach_the_cell_as_chinese_text(win, name, excel_args):
    ((value,),) = excel_call(getattr(win, name), *excel_args)
    assert isinstance(value, str) and value.startswith("#错误:")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in value)


def test_error_cells_reach_the_function_as_error_text(win):
    """Excel hands a #DIV/0! cell over as COM error code -2146826281; with err_to_str the function
    names the error instead of treating the cell as blank."""
    ((value,),) = excel_call(win.PERF_RATE, -2146826281, 10.0)
    assert value.startswith("#错误:") and "#DIV/0!" in value
