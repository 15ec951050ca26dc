"""Windows-only xlwings code, loaded on Linux: the one place that fakes pywin32.

xlwings keeps its real UDF machinery (the ``xlfunc``/``xlarg``/``xlret`` decorators, ``call_udf``'s argument
handling and the VBA wrapper generator) in ``xlwings/udfs.py``, which imports only ``pythoncom``,
``pywintypes`` and ``win32com.client`` at module level.  :func:`windows_stubs` puts inert stand-ins for those
three modules into ``sys.modules`` for the duration of a ``with`` block and restores ``sys.modules`` exactly
afterwards, so the rest of the process never sees a half-Windows xlwings.

:func:`load_windows_udfs` returns xlwings' real ``udfs`` module and a fresh copy of ``xlperf.udfs`` whose
functions were decorated by the real Windows decorators (so they carry ``__xlfunc__``), without touching the
``xlperf.udfs`` everybody else imports.

:func:`excel_call` converts arguments and the result exactly as ``xlwings.udfs.call_udf`` does for a
worksheet call (``conversion.read(None, value, options)`` per argument, ``conversion.write`` for the
result).  Conversion needs an engine named "excel": :func:`excel_engine` registers one whose methods are the
real ones from ``xlwings/_xlwindows.py``, taken from its source text (that module cannot be imported on Linux).

Nothing here is used at run time on a clerk's PC; it serves the build (VBA generation) and the tests.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import importlib.util
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import xlwings
from xlwings import conversion
from xlwings.main import Engine

_STUBBED = ("pythoncom", "pywintypes", "win32com", "win32com.client")
_UDF_MODULE = "xlperf.udfs"
MISSING = -2147352572  # what VBA passes for an omitted Optional argument (DISP_E_PARAMNOTFOUND)


class _ComError(Exception):
    """Stand-in for pywintypes.com_error."""


def _make_stubs() -> dict[str, types.ModuleType]:
    pythoncom = types.ModuleType("pythoncom")
    pythoncom.CoInitialize = lambda: None  # ThreadPoolExecutor initializer in udfs.py
    pythoncom.IID_IDispatch = None
    pywintypes = types.ModuleType("pywintypes")
    pywintypes.com_error = _ComError
    pywintypes.TimeType = dt.datetime
    win32com = types.ModuleType("win32com")
    client = types.ModuleType("win32com.client")

    def dispatch(*_args, **_kwargs):
        raise RuntimeError("COM is not available on this machine (win32com stub)")

    client.Dispatch = dispatch
    win32com.client = client
    return {"pythoncom": pythoncom, "pywintypes": pywintypes, "win32com": win32com, "win32com.client": client}


@contextlib.contextmanager
def windows_stubs() -> Iterator[None]:
    """Stub the three pywin32 modules (and hide ``xlwings.udfs``) inside the block; restore afterwards."""
    names = _STUBBED + ("xlwings.udfs",)
    saved = {name: sys.modules[name] for name in names if name in sys.modules}

    had_attr = hasattr(xlwings, "udfs")
    saved_attr = getattr(xlwings, "udfs", None)
    for name in names:
        sys.modules.pop(name, None)
    sys.modules.update(_make_stubs())
    try:
        yield
    finally:
        for name in names:
            sys.modules.pop(name, None)
        sys.modules.update(saved)
        if had_attr:
            xlwings.udfs = saved_attr
        elif hasattr(xlwings, "udfs"):
            del xlwings.udfs


def load_windows_udfs() -> tuple[types.ModuleType, types.ModuleType]:
    """(xlwings' real ``udfs`` module, a private copy of ``xlperf.udfs`` decorated as on Windows)."""

    with windows_stubs():
        xludfs = importlib.import_module("xlwings.udfs")
        saved = {name: getattr(xlwings, name) for name in ("func", "arg", "ret", "sub")}
        xlwings.func, xlwings.arg, xlwings.ret, xlwings.sub = (
            xludfs.xlfunc, xludfs.xlarg, xludfs.xlret, xludfs.xlsub)
        try:
            spec = importlib.util.find_spec(_UDF_MODULE)
            assert spec is not None and spec.loader is not None
            # A private module object: sys.modules["xlperf.udfs"] stays the Linux one.
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        finally:
            for name, value in saved.items():
                setattr(xlwings, name, value)
    return xludfs, module


# --- the "excel" conversion engine -----------------------------------------------------------------

_ENGINE_NAMES = ("cell_errors", "_com_time_to_datetime", "_clean_value_data_element", "Engine")


def _windows_engine_impl() -> object:
    """xlwings' Windows ``Engine`` object, compiled from ``_xlwindows.py``'s own source text."""

    source = (Path(xlwings.__file__).parent / "_xlwindows.py").read_bytes()  # ast.parse reads UTF-8 (PEP 263)
    tree = ast.parse(source)
    wanted = []
    for node in tree.body:
        name = getattr(node, "name", None)
        if isinstance(node, ast.Assign):
            name = getattr(node.targets[0], "id", None)
        if name in _ENGINE_NAMES:
            wanted.append(node)
    found = {getattr(n, "name", None) or n.targets[0].id for n in wanted}
    missing = set(_ENGINE_NAMES) - found
    if missing:
        raise RuntimeError(f"xlwings/_xlwindows.py no longer defines {sorted(missing)}")

    def no_com_time(_value):
        raise TypeError("date results are not converted in the Linux stand-in")

    namespace = {"pd": None, "np": None, "time_types": (dt.date, dt.datetime),
                 "_datetime_to_com_time": no_com_time, "Apps": lambda: None}
    exec(compile(ast.Module(body=wanted, type_ignores=[]), "xlwings/_xlwindows.py", "exec"), namespace)
    return namespace["Engine"]()


@contextlib.contextmanager
def excel_engine() -> Iterator[None]:
    """Register the Windows "excel" conversion engine inside the block (if none is registered)."""

    engines = xlwings.engines
    if "excel" in engines.engines_by_name:
        yield
        return
    engine = Engine(impl=_windows_engine_impl())
    engines.add(engine)
    try:
        yield
    finally:
        engines.engines.remove(engine)
        del engines.engines_by_name["excel"]


def excel_call(func, *args):
    """Call a decorated UDF the way ``call_udf`` does for a worksheet cell (no range/caller objects).

    ``args`` are what Excel hands over: floats, strings, ``None`` for blanks, tuples of tuples for
    multi-cell ranges, :data:`MISSING` for an omitted optional argument.
    """

    info = func.__xlfunc__
    args_info = info["args"]
    converted = []
    with excel_engine():
        for i, arg in enumerate(args):
            arg_info = args_info[min(i, len(args_info) - 1)]
            if isinstance(arg, int) and not isinstance(arg, bool) and arg == MISSING:
                converted.append(arg_info.get("optional"))
            else:
                converted.append(conversion.read(None, arg, arg_info["options"]))
        result = func(*converted)
        return conversion.write(result, None, info["ret"]["options"])
