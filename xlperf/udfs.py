"""Excel worksheet functions (xlwings UDFs): =PERF_GRADE(), =PERF_SCORE() … .

Excel's UDF server imports this module at every start, so it imports only xlwings and the light
stdlib-only core (``xlperf.numbers``, ``xlperf.scoring``) — never pydantic, openpyxl, jinja2.

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

from . import scoring
from .numbers import InputError, is_blank, round_half_up, to_decimal

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
            from .applog import log_exception

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


def _flat(values: object) -> list:
    """A cell, a row, a column or a 2-D range as one flat list (row by row)."""
    if isinstance(values, (list, tuple)):
        out = []
        for v in values:
            out.extend(_flat(v) if isinstance(v, (list, tuple)) else [v])
        return out
    return [values]


def _num(d: Decimal) -> float:
    return float(d)


@xw.func(category=CATEGORY)
@xw.arg("score", doc="总分（数字）")
@xw.arg("bands", ndim=2, doc="可选：两列区域（下限, 等级），缺省为 90优/80良/60中/0差")
@xw.ret(doc="等级：优/良/中/差")
@_cell_policy
def PERF_GRADE(score, bands=None):
    """按得分返回评价等级（90及以上优、80及以上良、60及以上中、60以下差，或自定义等级表）。"""
    s = _req(score, "得分")
    if s < 0:
        raise InputError("得分不能为负")
    if is_blank(bands):
        return scoring.grade(s)
    table = []
    for row in bands if isinstance(bands, list) else [[bands]]:
        row = row if isinstance(row, list) else [row]
        if len(row) < 2 or (is_blank(row[0]) and is_blank(row[1])):
            continue
        table.append((_req(row[0], "等级下限"), str(row[1]).strip()))
    if not table:
        raise InputError("等级表为空，应为两列：下限、等级")
    return scoring.grade(s, table)


@xw.func(category=CATEGORY)
@xw.arg("score", doc="得分")
@xw.arg("weight", doc="分值（权重）")
@xw.ret(doc="得分率（小数，设为百分比格式）")
@_cell_policy
def PERF_RATE(score, weight):
    """得分率 = 得分 ÷ 分值。"""
    return _num(scoring.rate(_req(score, "得分"), _req(weight, "分值")))


@xw.func(category=CATEGORY)
@xw.arg("executed", doc="执行数（万元）")
@xw.arg("budget", doc="预算数（万元），年初或调整后")
@xw.ret(doc="执行率（小数）")
@_cell_policy
def PERF_EXEC_RATE(executed, budget):
    """预算执行率 = 执行数 ÷ 预算数。"""
    return _num(scoring.exec_rate(_req(executed, "执行数"), _req(budget, "预算数")))


@xw.func(category=CATEGORY)
@xw.arg("weights", ndim=2, doc="分值区域")
@xw.arg("rates", ndim=2, doc="得分率区域（与分值区域同样大小）")
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
@xw.arg("scores", ndim=2, doc="得分区域")
@xw.arg("weights", ndim=2, doc="可选：分值区域，用于检查得分不超过分值")
@xw.ret(doc="总分")
@_cell_policy
def PERF_TOTAL(scores, weights=None):
    """总分 = Σ 得分；给出分值区域时，任一得分超过其分值即报错。"""
    ss = _flat(scores)
    if is_blank(weights):
        vals = [_req(s, "得分") for s in ss if not is_blank(s)]
        return _num(scoring.total(vals))
    ws = _flat(weights)
    if len(ws) != len(ss):
        raise InputError("得分与分值区域大小不一致")
    pairs = [(s, w) for s, w in zip(ss, ws) if not is_blank(s)]
    return _num(scoring.total([_req(s, "得分") for s, _ in pairs], [_req(w, "分值") for _, w in pairs]))


@xw.func(category=CATEGORY)
@xw.arg("method", doc="评分方法：正向/反向/阶梯/超额扣分/区间/定性/人工")
@xw.arg("weight", doc="分值")
@xw.arg("target", doc="年度指标值（区间、定性可空）")
@xw.arg("actual", doc="实际完成值；定性填 达成/部分达成/未达成")
@xw.arg("param", doc="可选参数：阶梯“5%:2”；超额扣分“0.5”；区间“≥90%:5;≥80%:4;<80%:0”")
@xw.ret(doc="建议得分")
@_cell_policy
def PERF_SCORE(method, weight, target, actual, param=None):
    """按评分方法计算建议得分（不超过分值、不低于0）。"""
    if is_blank(method) or is_blank(weight):
        raise _Blank
    m = str(method).strip()
    w = _req(weight, "分值")
    if m == "人工":
        raise _Blank
    if is_blank(actual):
        raise _Blank
    if m == "定性":
        act: Decimal | str = str(actual)
    else:
        act = _req(actual, "实际完成值")
    tgt = _opt(target, "年度指标值")
    if tgt is None and m in ("正向", "反向", "超额扣分"):
        raise _Blank
    result = scoring.suggest(m, w, tgt, act, None if is_blank(param) else str(param))
    return "" if result is None else _num(round_half_up(result, SCORE_PLACES))


@xw.func(category=CATEGORY)
@xw.arg("weights", ndim=2, doc="分值区域")
@xw.arg("scores", ndim=2, doc="得分区域（空白表示未评分）")
@xw.arg("total", doc="可选：分值合计应为多少（如100）")
@xw.ret(doc="一致时为空，否则为问题说明")
@_cell_policy
def PERF_CHECK(weights, scores, total=None):
    """一致性检查：分值为正、得分不超过分值、分值合计等于总分值；一致时返回空。"""
    ws, ss = _flat(weights), _flat(scores)
    if len(ws) != len(ss):
        return "分值与得分区域大小不一致"
    rows = [(w, s) for w, s in zip(ws, ss) if not (is_blank(w) and is_blank(s))]
    w = [_req(a, "分值") if not is_blank(a) else Decimal(0) for a, _ in rows]
    s = [_opt(b, "得分") for _, b in rows]
    return scoring.check(w, s, _opt(total, "合计"))
