"""Excel worksheet functions (xlwings UDFs): =PERF_GRADE(), =PERF_SCORE() … .

Excel's UDF server imports this module at every start, so it imports only xlwings and the light
stdlib-only core (``xlperf.domain.numbers``, ``xlperf.domain.scoring``) — never pydantic, openpyxl, jinja2.

Conventions (see README「公式参考」):

* rates are fractions (0.951 = 95.1%); text such as "95.1%" is accepted too;
* numbers from Excel are binary doubles and are converted through their decimal text,
  so 0.9 is exactly 90%;
* blank required input → blank result; a fixable problem → "#错误:…" text; never a traceback;
* results never exceed the weight nor go below 0.
"""

from __future__ import annotations

import functools
from decimal import Decimal

import xlwings as xw

from .domain import scoring
from .infra.applog import log_exception
from .domain.numbers import InputError, fmt_number, is_blank, round_half_up, to_decimal
from .domain.targets import parse_written

__all__ = [
    "PERF_GRADE", "PERF_RATE", "PERF_EXEC_RATE", "PERF_WEIGHTED",
    "PERF_TOTAL", "PERF_SCORE", "PERF_CHECK",
]

CATEGORY = "绩效自评"
SCORE_PLACES = 2  # suggested scores are rounded half-up to 2 decimals, like the default profile
ERROR_PREFIX = "#错误:"


class _Blank(Exception):
    """A required input is blank: the cell shows blank."""


def _cell_policy(func):
    """The cell-error policy: blank → "", InputError → "#错误:…", bug → "#错误:内部错误" + log."""

    @functools.wraps(func)
    def wrapper(*args):
        try:
            return func(*args)
        except _Blank:
            return ""
        except InputError as exc:
            return ERROR_PREFIX + str(exc)
        except Exception:  # noqa: BLE001 - an unexpected bug must never reach the cell as a traceback
            log_exception(f"UDF {func.__name__}{args!r}")
            return ERROR_PREFIX + "内部错误，详见日志"

    return wrapper


def _req(value: object, label: str) -> Decimal:
    if is_blank(value):
        raise _Blank
    try:
        return to_decimal(value)
    except InputError as exc:
        raise InputError(f"{label}{exc}") from exc


def _opt(value: object, label: str) -> Decimal | None:
    return None if is_blank(value) else _req(value, label)


def _target(value: object) -> Decimal | None:
    """年度指标值 as a number, or as real tables write it: "≥90%", "≤90万元", "2天以内"."""
    if isinstance(value, str):  # blank text reads as no written target and falls through to blank
        written = parse_written(value)
        if written is not None:
            return written.value
    return _opt(value, "年度指标值")


def _flat(values: object) -> list:
    """A cell, a row, a column or a 2-D range as one flat list (row by row)."""
    if isinstance(values, (list, tuple)):
        out = []
        for v in values:
            out.extend(_flat(v))
        return out
    return [values]


def _num(d: Decimal) -> float:
    return float(d)


@xw.func(category=CATEGORY)
@xw.arg("score", err_to_str=True, doc="总分（数字）")
@xw.arg("bands", err_to_str=True, ndim=2, doc="可选：两列区域（下限, 等级），缺省为 90优/80良/60中/0差")
@xw.ret(doc="等级：优/良/中/差")
@_cell_policy
def PERF_GRADE(score, bands=None):
    """按得分返回评价等级（90及以上优、80及以上良、60及以上中、60以下差，或自定义等级表）。"""
    s = _req(score, "得分")
    if s < 0:
        raise InputError("得分不能为负")
    if is_blank(bands):
        if s > 100:
            raise InputError("得分不能超过100")
        return scoring.grade(s)
    return scoring.grade(s, _band_table(bands))


def _band_table(bands: object) -> list[tuple[Decimal, str]]:
    """A 2-column range (lower bound, label) as a list; fully blank rows are skipped."""
    rows = bands if isinstance(bands, (list, tuple)) else [[bands]]
    if rows and not any(isinstance(r, (list, tuple)) for r in rows):
        rows = [rows]  # one row handed over as a flat list
    table = []
    for n, row in enumerate(rows, start=1):
        row = list(row) if isinstance(row, (list, tuple)) else [row]
        if all(is_blank(v) for v in row):
            continue
        if len(row) < 2:
            raise InputError("等级表应为两列：下限、等级")
        lower, label = row[0], row[1]
        if is_blank(lower) or is_blank(label):
            raise InputError(f"等级表第{n}行须同时填写下限和等级")
        table.append((_req(lower, f"等级表第{n}行下限"), str(label).strip()))
    if not table:
        raise InputError("等级表为空，应为两列：下限、等级")
    return table


@xw.func(category=CATEGORY)
@xw.arg("score", err_to_str=True, doc="得分")
@xw.arg("weight", err_to_str=True, doc="分值（权重）")
@xw.ret(doc="得分率（小数，设为百分比格式）")
@_cell_policy
def PERF_RATE(score, weight):
    """得分率 = 得分 ÷ 分值。"""
    s, w = _req(score, "得分"), _req(weight, "分值")
    if w > 0 and not 0 <= s <= w:
        raise InputError(f"得分须在0-{fmt_number(w, 6)}之间")
    return _num(scoring.rate(s, w))


@xw.func(category=CATEGORY)
@xw.arg("executed", err_to_str=True, doc="执行数（万元）")
@xw.arg("budget", err_to_str=True, doc="预算数（万元），年初或调整后")
@xw.ret(doc="执行率（小数）")
@_cell_policy
def PERF_EXEC_RATE(executed, budget):
    """预算执行率 = 执行数 ÷ 预算数。"""
    return _num(scoring.exec_rate(_req(executed, "执行数"), _req(budget, "预算数")))


@xw.func(category=CATEGORY)
@xw.arg("weights", err_to_str=True, ndim=2, doc="分值区域")
@xw.arg("rates", err_to_str=True, ndim=2, doc="得分率区域（与分值区域同样大小）")
@xw.ret(doc="加权得分")
@_cell_policy
def PERF_WEIGHTED(weights, rates):
    """加权得分 = Σ 分值 × 得分率（两个同样大小的区域，空行跳过）。"""
    ws, rs = _flat(weights), _flat(rates)
    if len(ws) != len(rs):
        raise InputError("分值与得分率区域大小不一致")
    pairs = [(w, r) for w, r in zip(ws, rs) if not (is_blank(w) and is_blank(r))]
    if not pairs:
        raise _Blank
    w = [_req(a, "分值") for a, _ in pairs]
    r = [_req(b, "得分率") for _, b in pairs]
    return _num(scoring.weighted(w, r))


@xw.func(category=CATEGORY)
@xw.arg("scores", err_to_str=True, ndim=2, doc="得分区域")
@xw.arg("weights", err_to_str=True, ndim=2, doc="可选：分值区域，用于检查得分不超过分值")
@xw.ret(doc="总分")
@_cell_policy
def PERF_TOTAL(scores, weights=None):
    """总分 = Σ 得分；给出分值区域时，任一得分超过其分值即报错。"""
    ss = _flat(scores)
    if all(is_blank(s) for s in ss):
        raise _Blank
    if is_blank(weights):
        vals = [_req(s, "得分") for s in ss if not is_blank(s)]
        return _num(scoring.total(vals))
    ws = _flat(weights)
    if len(ws) != len(ss):
        raise InputError("得分与分值区域大小不一致")
    rows = [(n, s, w) for n, (s, w) in enumerate(zip(ss, ws), start=1) if not is_blank(s)]
    for n, _, w in rows:
        if is_blank(w):
            raise InputError(f"第{n}项有得分但分值为空")
    return _num(scoring.total([_req(s, "得分") for _, s, _ in rows],
                              [_req(w, "分值") for _, _, w in rows],
                              [n for n, _, _ in rows]))


@xw.func(category=CATEGORY)
@xw.arg("method", err_to_str=True, doc="评分方法：正向/反向/阶梯/超额扣分/区间/定性/人工")
@xw.arg("weight", err_to_str=True, doc="分值")
@xw.arg("target", err_to_str=True, doc="年度指标值（区间、定性可空）")
@xw.arg("actual", err_to_str=True, doc="实际完成值；定性填 达成/部分达成/未达成")
@xw.arg("param", err_to_str=True, doc="可选参数：阶梯“5%:2”；超额扣分“0.5”；区间“≥90%:5;≥80%:4;<80%:0”")
@xw.ret(doc="建议得分")
@_cell_policy
def PERF_SCORE(method, weight, target, actual, param=None):
    """按评分方法计算建议得分（不超过分值、不低于0）。"""
    if is_blank(method) or is_blank(weight):
        raise _Blank
    m = str(method).strip()
    if m not in scoring.METHODS:
        raise InputError(scoring.unknown_method(m))
    w = _req(weight, "分值")
    if m == "人工":
        raise _Blank
    if is_blank(actual):
        raise _Blank
    if m == "定性":
        act: Decimal | str = str(actual)
    else:
        act = _req(actual, "实际完成值")
    tgt = _target(target)
    if tgt is None and m in ("正向", "反向", "超额扣分"):
        raise _Blank
    result = scoring.suggest(m, w, tgt, act, None if is_blank(param) else str(param))
    return "" if result is None else _num(round_half_up(result, SCORE_PLACES))


@xw.func(category=CATEGORY)
@xw.arg("weights", err_to_str=True, ndim=2, doc="分值区域")
@xw.arg("scores", err_to_str=True, ndim=2, doc="得分区域（空白表示未评分）")
@xw.arg("total", err_to_str=True, doc="可选：分值合计应为多少，缺省为100")
@xw.ret(doc="一致时为空，否则为问题说明")
@_cell_policy
def PERF_CHECK(weights, scores, total=None):
    """一致性检查：分值为正、得分不超过分值、分值合计等于总分值（缺省为100）；一致时返回空。"""
    ws, ss = _flat(weights), _flat(scores)
    if len(ws) != len(ss):
        return "分值与得分区域大小不一致"
    rows = [(n, w, s) for n, (w, s) in enumerate(zip(ws, ss), start=1) if not (is_blank(w) and is_blank(s))]
    w = [_req(a, f"第{n}项分值") if not is_blank(a) else Decimal(0) for n, a, _ in rows]
    s = [_opt(b, f"第{n}项得分") for n, _, b in rows]
    expected = scoring.FULL_MARKS if is_blank(total) else _req(total, "合计")
    return scoring.check(w, s, expected, [n for n, _, _ in rows])
