"""Formula text for the input workbook: every PERF_ call wrapped with a native fallback.

``IFERROR(PERF_X(...), <native>)``: in Excel with xlwings the PERF_ function computes; in WPS,
LibreOffice or Excel without Python the PERF_ name is ``#NAME?`` and the native formula gives the
same value.  Known gaps (stated in the 说明 sheet and covered by tests):

* 评分方法“区间”: no native equivalent of the parameter string — the fallback is blank;
* error inputs: PERF_ functions show a ``#错误:`` message, the fallback shows blank;
* 不适用 rows: the native 得分率 of a parent uses the applicable leaf weights, and the total is not
  rescaled (the report uses the engine, which rescales whole 不适用 level-1 indicators).

Pure string building; no openpyxl import.
"""

from __future__ import annotations

from .layout import QUALITATIVE_TABLE_NAME


def rate(score: str, weight: str) -> str:
    """得分率 = score / weight, blank when either is blank."""
    return (f'=IF(OR({score}="",{weight}=""),"",IFERROR(PERF_RATE({score},{weight}),'
            f'IF({weight}>0,{score}/{weight},"")))')


def exec_rate(executed: str, budget: str) -> str:
    return (f'=IF(OR({executed}="",{budget}=""),"",IFERROR(PERF_EXEC_RATE({executed},{budget}),'
            f'IF({budget}>0,{executed}/{budget},"")))')


def score(method: str, weight: str, target: str, actual: str, param: str, places: int) -> str:
    """建议得分 for a leaf row (cell addresses of its inputs)."""
    m, w, t, a, p = method, weight, target, actual, param
    ps = f'SUBSTITUTE({p},"：",":")'
    step = f'VALUE(LEFT({ps},FIND(":",{ps})-1))'
    points = f'VALUE(MID({ps},FIND(":",{ps})+1,50))'
    goal = f'IF({t}="",1,{t})'
    natives = [
        ("正向", f'IF({t}="","",IF({t}<=0,{w},ROUND(MAX(0,{w}*MIN({a}/{t},1)),{places})))'),
        ("反向", f'IF({t}="","",IF(OR({a}=0,{a}<={t}),{w},IF({t}<=0,0,ROUND({w}*{t}/{a},{places}))))'),
        ("阶梯", f'IF({goal}-{a}<=0,{w},ROUND(MAX(0,{w}-INT(ROUND(({goal}-{a})/{step},9))*{points}),{places}))'),
        ("超额扣分", f'IF({t}="","",IF({a}<={t},{w},ROUND(MAX(0,{w}-({a}-{t})*100*VALUE({p})),{places})))'),
        ("定性", f'ROUND({w}*VLOOKUP(TRIM({a}),{QUALITATIVE_TABLE_NAME},2,FALSE),{places})'),
    ]
    native = '""'
    for name, expr in reversed(natives):
        native = f'IF({m}="{name}",{expr},{native})'
    return (f'=IF(OR({m}="",{m}="人工",{w}="",{a}=""),"",'
            f'IFERROR(PERF_SCORE({m},{w},{t},{a},{p}),IFERROR({native},"")))')


def counted(not_applicable: str, manual: str, suggested: str, places: int) -> str:
    """计入得分 of a leaf: blank when 不适用; the clerk's 得分 wins over the suggestion."""
    return f'=IF({not_applicable}="是","",IF({manual}<>"",ROUND({manual},{places}),{suggested}))'


def counted_weight(not_applicable: str, weight: str) -> str:
    return f'=IF({not_applicable}="是",0,{weight})'


def total(scores: str, weights: str, places: int) -> str:
    # PERF_TOTAL sums in Decimal (exact for the rounded scores it gets), so it needs no ROUND; wrapping
    # it in ROUND would turn its "#错误:" text into an error and hide the message behind the fallback.
    return f"=IFERROR(PERF_TOTAL({scores},{weights}),ROUND(SUM({scores}),{places}))"


def grade(total_cell: str, bands: list[tuple[str, str]]) -> str:
    """等级 with the band table cells (lower-bound cell, label cell), highest first."""
    native = bands[-1][1]
    for lower, label in reversed(bands[:-1]):
        native = f"IF({total_cell}>={lower},{label},{native})"
    return f'=IF({total_cell}="","",IFERROR(PERF_GRADE({total_cell},{_range(bands)}),{native}))'


def _range(bands: list[tuple[str, str]]) -> str:
    return f"{bands[0][0]}:{bands[-1][1]}"


def check(weights: str, scores: str, full: str, weight_sum: str) -> str:
    """一致性检查: blank when consistent (same rule as PERF_CHECK for the clean case)."""
    native = (f'IF({weight_sum}<>{full},"分值合计"&{weight_sum}&"，应为"&{full},'
              f'IF(SUMPRODUCT(ISNUMBER({scores})*({scores}>{weights}))>0,"有得分超过分值",""))')
    return f"=IFERROR(PERF_CHECK({weights},{scores},{full}),{native})"
