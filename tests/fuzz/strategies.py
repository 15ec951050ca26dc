"""Hypothesis strategies for the fuzz tests: evaluations, cell values, workbook and byte mutations.

Structured cases start from a generated evaluation written once by the real workbook builder
(cached by its parameters), then apply a list of :data:`mutations` to the openpyxl Workbook in
memory.  Byte-level cases mutate the committed example workbook or one entry inside it.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from hypothesis import strategies as st

from . import zipmut

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_XLSX = REPO / "workbooks" / "example-2021.xlsx"

# ------------------------------------------------------------------ evaluations

money = st.decimals(min_value=0, max_value=100000, places=2)


@st.composite
def evaluation_params(draw) -> tuple:
    """Hashable parameters of a generated evaluation (so its workbook is built once)."""
    return (
        draw(st.sampled_from(["中共某县委办公室", "某市财政局", "单位" * 30, "A&B<单位>\"'"])),
        draw(st.integers(min_value=2000, max_value=2100)),
        draw(money), draw(money), draw(money),
        draw(st.sampled_from([None, "部门整体-河南2021", "项目支出-财预2020-10号"])),
        draw(st.integers(min_value=0, max_value=3)),  # which indicator value set
    )


def evaluation_from(params: tuple):
    from xlperf.app.load import load_example

    unit, year, initial, adjusted, executed, profile, variant = params
    ev = load_example()
    budget = ev.budget.model_copy(update={"initial": initial, "adjusted": adjusted, "executed": executed})
    update = {"unit": unit, "year": year, "budget": budget}
    if profile:
        update["profile"] = profile
    ev = ev.model_copy(update=update)
    if variant:
        leaves = []
        stack = list(ev.indicators)
        while stack:
            n = stack.pop()
            stack.extend(n.children)
            if not n.children:
                leaves.append(n)
        for i, leaf in enumerate(leaves):
            if i % (variant + 1) == 0 and isinstance(leaf.actual, Decimal):
                object.__setattr__(leaf, "actual", leaf.actual * variant)
    return ev


@lru_cache(maxsize=64)
def workbook_bytes(params: tuple) -> bytes:
    from xlperf.workbook.build import build_workbook

    buf = io.BytesIO()
    build_workbook(evaluation_from(params)).save(buf)
    return buf.getvalue()


# ------------------------------------------------------------------ cell values

ERRORS = ["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!"]
FORMULAS = ["=1/0", "=执行率", "=SUM(A1:A3)", "=NA()", "=B2*100", "=[1]Sheet1!A1", "=HYPERLINK(\"http://x\")",
            "=执行率_年初", "=" + "(" * 50 + "1" + ")" * 50, "=A1", "=INDIRECT(\"A1\")"]

cell_values = st.one_of(
    st.none(),
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=False, allow_infinity=False, places=4, min_value=-10**6, max_value=10**6),
    st.sampled_from(["", " ", "　", "95%", "1,234.56", "１２３", "－5", "1e400", "1e-400", "十", "是", "否",
                     "7319.56万元", "0x10", "NaN", "inf", "-0", "100%%", "合计", "定性", "正向", "达成"]),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=10),  # control characters
    st.integers(min_value=1000, max_value=40000).map(lambda n: "长" * n),  # very long text
    st.sampled_from(ERRORS),
    st.sampled_from(FORMULAS),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.times(),
)

# ------------------------------------------------------------------ workbook mutations
# Each mutation is a tuple; apply_mutation() interprets it on an openpyxl Workbook.

coords = st.tuples(st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=45),
                   st.integers(min_value=1, max_value=14))

mutations = st.one_of(
    st.tuples(st.just("named_cell"), st.integers(min_value=0, max_value=60), cell_values),
    st.tuples(st.just("cell"), coords, cell_values),
    st.tuples(st.just("cell"), coords, cell_values),
    st.tuples(st.just("merge"), coords, st.integers(min_value=0, max_value=3), st.integers(min_value=0, max_value=3)),
    st.tuples(st.just("delete_sheet"), st.integers(min_value=0, max_value=8)),
    st.tuples(st.just("rename_sheet"), st.integers(min_value=0, max_value=8),
              st.sampled_from(["Sheet1", "指标", "基本情况 ", "x" * 31, "预算资金2"])),
    st.tuples(st.just("insert_rows"), st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=40),
              st.integers(min_value=1, max_value=5)),
    st.tuples(st.just("delete_rows"), st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=40),
              st.integers(min_value=1, max_value=5)),
    st.tuples(st.just("insert_cols"), st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=12),
              st.integers(min_value=1, max_value=3)),
    st.tuples(st.just("delete_name"), st.integers(min_value=0, max_value=60)),
)


def _sheet(wb, i):
    names = wb.sheetnames
    return wb[names[i % len(names)]]


def apply_mutation(wb, m) -> None:
    """Apply one mutation in place; a mutation openpyxl itself rejects is skipped."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    kind = m[0]
    try:
        if kind == "named_cell":
            names = list(wb.defined_names.keys())
            if not names:
                return
            dn = wb.defined_names[names[m[1] % len(names)]]
            for sheet, ref in dn.destinations:
                if sheet in wb.sheetnames:
                    wb[sheet][ref.replace("$", "").split(":")[0]].value = m[2]
                break
        elif kind == "cell":
            (s, r, c), v = m[1], m[2]
            _sheet(wb, s).cell(row=r, column=c).value = v
        elif kind == "merge":
            (s, r, c), dr, dc = m[1], m[2], m[3]
            if dr or dc:
                _sheet(wb, s).merge_cells(start_row=r, start_column=c, end_row=r + dr, end_column=c + dc)
        elif kind == "delete_sheet":
            if len(wb.sheetnames) > 1:
                wb.remove(_sheet(wb, m[1]))
        elif kind == "rename_sheet":
            if m[2] not in wb.sheetnames:
                _sheet(wb, m[1]).title = m[2]
        elif kind == "insert_rows":
            _sheet(wb, m[1]).insert_rows(m[2], m[3])
        elif kind == "delete_rows":
            _sheet(wb, m[1]).delete_rows(m[2], m[3])
        elif kind == "insert_cols":
            _sheet(wb, m[1]).insert_cols(m[2], m[3])
        elif kind == "delete_name":
            names = list(wb.defined_names.keys())
            if names:
                del wb.defined_names[names[m[1] % len(names)]]
    except (IllegalCharacterError, ValueError):
        pass  # openpyxl refuses to store it: nothing to test


def structured_bytes(params: tuple, muts: list) -> bytes:
    """The workbook of ``params`` with ``muts`` applied, saved as .xlsx bytes."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(params)))
    for m in muts:
        apply_mutation(wb, m)
    buf = io.BytesIO()
    try:
        wb.save(buf)
    except (ValueError, TypeError, OverflowError):  # e.g. a value openpyxl cannot serialise
        return workbook_bytes(params)
    return buf.getvalue()


# ------------------------------------------------------------------ byte mutations

def _mutate(data: bytes, op: str, pos: int, n: int, val: int, other: int) -> bytes:
    if not data:
        return data
    pos %= len(data)
    if op == "truncate":
        return data[:pos]
    if op == "flip":
        out = bytearray(data)
        for k in range(max(1, n % 16)):
            i = (pos + k * 997) % len(out)
            out[i] ^= (val % 255) + 1
        return bytes(out)
    if op == "splice":  # copy a block of the data over another place
        src = other % len(data)
        block = data[src: src + 1 + n % 4096]
        return data[:pos] + block + data[pos + len(block):]
    if op == "insert":
        return data[:pos] + bytes([val % 256]) * (1 + n % 64) + data[pos:]
    if op == "delete":
        return data[:pos] + data[pos + 1 + n % 512:]
    return data


byte_ops = st.sampled_from(["truncate", "flip", "splice", "insert", "delete"])
byte_cases = st.tuples(
    st.sampled_from(["file", "entry", "entry", "entry"]),
    st.integers(min_value=0, max_value=40),  # which entry
    byte_ops,
    st.integers(min_value=0, max_value=10**7), st.integers(min_value=0, max_value=10**6),
    st.integers(min_value=0, max_value=255), st.integers(min_value=0, max_value=10**7),
)


@lru_cache(maxsize=1)
def _example() -> tuple[bytes, tuple[str, ...], dict]:
    data = EXAMPLE_XLSX.read_bytes()
    parts = zipmut.entries(data)
    return data, tuple(parts), parts


def byte_bytes(case: tuple) -> bytes:
    where, entry, op, pos, n, val, other = case
    data, names, parts = _example()
    if where == "file":
        return _mutate(data, op, pos, n, val, other)
    name = names[entry % len(names)]
    changed = dict(parts)
    changed[name] = _mutate(parts[name], op, pos, n, val, other)
    return zipmut.rezip(changed)


targets = st.sampled_from(["check", "score", "report", "report", "batch"])
