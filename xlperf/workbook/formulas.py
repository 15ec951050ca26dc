"""Formula text for the input workbook: every PERF_ call wrapped with a native fallback.

``IFERROR(PERF_X(...), <native>)``: in Excel with xlwings the PERF_ function computes; in WPS,
LibreOffice or Excel without macros the PERF_ name is ``#NAME?``, and in Excel with macros but without a
working Python (or WPS with its VBA component) the workbook's own wrapper returns ``#N/A``
(xlperf/macro/vba_gen.py, never xlwings' English error text): either way the native formula gives the
same value.  :func:`python_status` shows on 总评 the one Chinese sentence saying so (blank while Python
answers, and where there are no macros).  Known gaps (stated in the 说明 sheet and covered by tests):

* 评分方法“区间”: the native formula reads at most :data:`BAND_ENTRIES` entries of a parameter of at
  most :data:`BAND_WIDTH` characters written with ASCII numbers (:func:`band_native_gap` says when a
  parameter is beyond that, and the reader warns); otherwise it shows blank;
* error inputs: PERF_ functions show a ``#错误:`` message, the fallback shows blank (a 区间 parameter
  with a malformed entry after the matching one still gives the matching entry's points);
* none for 不适用 rows: a parent's 计入得分 and 适用分值 leave them out, and 总分 is rescaled to
  full marks when whole level-1 indicators are 不适用 and the rules say so (:func:`total_rescaled`),
  as the engine does.

Every formula stays under 2,000 characters and 20 levels of nesting (Excel: 8,192 and 64; measured by
tests/test_formula_size.py on every built workbook): the steps of the 建议得分 — a written target's
comparisons removed, the 区间 parameter split and each entry tested — go into hidden helper columns
(:data:`~xlperf.workbook.layout.HELPER_COLUMNS`) of the same row, so copying a row brings them.

Pure string building; no openpyxl import.
"""

from __future__ import annotations

import re

from ..domain.scoring import ScoringError, parse_bands
from ..domain.targets import NATIVE_COMPARISONS, NATIVE_DIRECTION, NATIVE_WORDS
from .layout import BAND_ENTRIES, QUALITATIVE_TABLE_NAME

#: the VBA function of the macro workbooks and the add-in (xlperf/macro/offline.py) giving the status sentence
PYTHON_STATUS_FUNCTION = "PYTHON_STATUS"  # no "PERF_" in it: PERF_ names are the Python functions

#: characters of a 区间 parameter the native formula can split (each ";" becomes this many spaces)
BAND_WIDTH = 99
_BAND_OPS = "≥≤<>="
# 3-character masks "less, equal, greater" indexed by op: first char's place in _BAND_OPS (6 = none),
# plus 6 when the second char is "=" (">=" → 10, "<=" → 9; other doubles are malformed and never match)
_BAND_MASKS = "011110100001010010" "000000110011000000"


def rate(score: str, weight: str) -> str:
    """得分率 = score / weight, blank when either is blank."""
    return (f'=IF(OR({score}="",{weight}=""),"",IFERROR(PERF_RATE({score},{weight}),'
            f'IF({weight}>0,{score}/{weight},"")))')


def exec_rate(executed: str, budget: str) -> str:
    return (f'=IF(OR({executed}="",{budget}=""),"",IFERROR(PERF_EXEC_RATE({executed},{budget}),'
            f'IF({budget}>0,{executed}/{budget},"")))')


def strip_comparisons(cell: str) -> str:
    """去比较符（计算用）: ``cell``'s text without the comparisons (≥ > ≤ < = …, full-width too) — the
    first of the two steps of :func:`calc_target` / :func:`calc_actual`, in a helper column so that
    neither step nests SUBSTITUTE more than ~16 deep."""
    x = cell
    for token in NATIVE_COMPARISONS:
        x = f'SUBSTITUTE({x},"{token}","")'
    return "=" + x


def _strip_written(stripped: str, unit: str) -> str:
    """The text of ``stripped`` (a :func:`strip_comparisons` cell) without 以上/以内 words, spaces and
    the row's unit (not "%"): what VALUE() then reads — as :func:`xlperf.domain.targets.native_readable` predicts."""
    x = stripped
    for token in NATIVE_WORDS:
        x = f'SUBSTITUTE({x},"{token}","")'
    # the unit is removed unless blank or "%" (then "⁂", a character no form holds, is removed instead)
    return f'TRIM(SUBSTITUTE({x},IF(OR({unit}="",{unit}="%"),"⁂",{unit}),""))'


def calc_target(target: str, unit: str, stripped: str) -> str:
    """指标值（计算用）: the 年度指标值 as a number ("≥90%" → 0.9, "≤90万元" → 90); blank when blank or
    unreadable (the reader flags what the engine reads but this does not).  ``stripped``: the row's
    指标值去比较符 cell."""
    return (f'=IF(ISNUMBER({target}),{target},IF(TRIM({target})="","",'
            f'IFERROR(VALUE({_strip_written(stripped, unit)}),"")))')


def calc_actual(actual: str, unit: str, stripped: str) -> str:
    """完成值（计算用）: the 实际完成值 as a number where it reads as one ("168起" with 计量单位 起), else
    its trimmed text (定性 words).  ``stripped``: the row's 完成值去比较符 cell."""
    return (f'=IF(ISNUMBER({actual}),{actual},IF(TRIM({actual})="","",'
            f'IFERROR(VALUE({_strip_written(stripped, unit)}),TRIM({actual}))))')


def calc_method(method: str, target: str) -> str:
    """评分方法（计算用）: the chosen method, or for a blank one the direction of the target's
    comparison (≤/以内 → 反向, ≥/以上 → 正向), as the reader fills it."""
    def found(words):
        return "OR(" + ",".join(f'ISNUMBER(FIND("{w}",{target}))' for w in words) + ")"

    chain = '""'
    for direction, words in reversed(NATIVE_DIRECTION):
        chain = f'IF({found(words)},"{direction}",{chain})'
    return f'=IF(TRIM({method})<>"",TRIM({method}),IF(ISNUMBER({target}),"",{chain}))'


def score(method: str, weight: str, target: str, actual: str, param: str, places: int, na: str = "", *,
          band_cells: tuple[str, str]) -> str:
    """建议得分 for a leaf row (cell addresses of its inputs); blank when ``na`` (不适用) says 是.
    ``band_cells``: the row's 区间参数 and last 区间第N段 helper cells (:func:`band`)."""
    m, w, t, a, p = method, weight, target, actual, param
    ps = f'SUBSTITUTE({p},"：",":")'
    step = f'VALUE(LEFT({ps},FIND(":",{ps})-1))'
    points = f'VALUE(MID({ps},FIND(":",{ps})+1,50))'
    goal = f'IF({t}="",1,{t})'
    # deepest first: each method's IF sits one level deeper than the one before it
    natives = [
        ("阶梯", f'IF({goal}-{a}<=0,{w},ROUND(MAX(0,{w}-INT(ROUND(({goal}-{a})/{step},9))*{points}),{places}))'),
        ("区间", band(w, p, *band_cells, places)),
        ("超额扣分", f'IF({t}="","",IF({a}<={t},{w},ROUND(MAX(0,{w}-({a}-{t})*100*VALUE({p})),{places})))'),
        ("正向", f'IF({t}="","",IF({t}<=0,{w},ROUND(MAX(0,{w}*MIN({a}/{t},1)),{places})))'),
        ("反向", f'IF({t}="","",IF(OR({a}=0,{a}<={t}),{w},IF({t}<=0,0,ROUND({w}*{t}/{a},{places}))))'),
        ("定性", f'ROUND({w}*VLOOKUP(TRIM({a}),{QUALITATIVE_TABLE_NAME},2,FALSE),{places})'),
    ]
    native = '""'
    for name, expr in reversed(natives):
        native = f'IF({m}="{name}",{expr},{native})'
    skip = f'{na}="是",' if na else ""
    return (f'=IF(OR({skip}{m}="",{m}="人工",{w}="",{a}=""),"",'
            f'IFERROR(PERF_SCORE({m},{w},{t},{a},{p}),IFERROR({native},"")))')


def with_coefficient(score_formula: str, weight: str, coefficient: str, na: str, places: int) -> str:
    """建议得分 when the form has a 得分系数 column: 分值 × 系数 where one is given, else the rule's."""
    return (f'=IF(AND({na}<>"是",{coefficient}<>""),ROUND({weight}*{coefficient},{places}),'
            f"{score_formula[1:]})")


# The 区间 rule of :func:`xlperf.domain.scoring.suggest`, natively, in three steps so that no formula is long:
# 区间参数 (band_text) splits the parameter, 区间第1段…第N段 (band_entry) each test one entry and carry
# the first match to the right, and 建议得分 (band) clamps and rounds the last one's result.


def band_text(method: str, param: str) -> str:
    """区间参数（计算用）: a 区间 row's 评分参数 with every ";"/"；" widened to ``BAND_WIDTH`` spaces, so
    that entry i is the i-th ``BAND_WIDTH``-wide slice, trimmed; blank for another method, a blank
    parameter or one longer than ``BAND_WIDTH`` (which the native formula does not read)."""
    p, width = param, BAND_WIDTH
    return (f'=IF(OR({method}<>"区间",TRIM({p})="",LEN({p})>{width}),"",'
            f'SUBSTITUTE(SUBSTITUTE({p},"；",";"),";",REPT(" ",{width})))')


def band_entry(i: int, text: str, actual: str, previous: str = "") -> str:
    """区间第i段（计算用）: the points of the first of entries 1…i (of the 区间参数 cell ``text``) that
    ``actual`` matches — ``previous`` (the 第i-1段 cell) when it holds them, else entry i's points when
    it matches, else blank; an error when entry i is reached and malformed (the 建议得分 then shows blank,
    while a malformed entry after the matching one changes nothing).

    An entry's op (≥ ≤ < > =, >=, <=, none = "=") picks a mask "less/equal/greater" that
    ``SIGN(actual − bound)`` (rounded to 9 places against binary noise) indexes; the bound is the text
    before the first ":"/"：" without op characters, the points the text after it; empty entries are
    skipped."""
    a, width = actual, BAND_WIDTH
    e = f"TRIM(MID({text},{(i - 1) * width + 1},{width}))"
    colon = f'FIND(":",SUBSTITUTE({e},"：",":"))'
    bound = f"LEFT({e},{colon}-1)"
    for ch in _BAND_OPS:
        bound = f'SUBSTITUTE({bound},"{ch}","")'
    op = f'IFERROR(FIND(LEFT({e},1),"{_BAND_OPS}"),6)+6*(MID({e},2,1)="=")'
    hit = f'MID("{_BAND_MASKS}",3*({op})-1+SIGN(ROUND({a}-VALUE(TRIM({bound})),9)),1)="1"'
    points = f"VALUE(TRIM(MID({e},{colon}+1,{width})))"
    own = f'IF({e}="","",IF({hit},{points},""))'
    return f'=IF({previous}<>"",{previous},{own})' if previous else f"={own}"


def band(weight: str, param: str, text: str, last: str, places: int) -> str:
    """The 区间 rule's result as a native expression (no leading "="): the first matching entry's points
    (held by ``last``, the 区间第N段 cell), 0 when no entry matches — or an error (blank) when the
    parameter has entries beyond :data:`BAND_ENTRIES` that the sheet does not read — clamped to
    [0, weight] and rounded like the other methods; blank for a blank parameter or one longer than
    ``BAND_WIDTH``."""
    w, p, width = weight, param, BAND_WIDTH
    rest = f'IF(TRIM(MID({text},{BAND_ENTRIES * width + 1},32767))="",0,NA())'
    return (f'IF(OR(TRIM({p})="",LEN({p})>{width}),"",'
            f'ROUND(MAX(0,MIN({w},IF({last}<>"",{last},{rest}))),{places}))')


_NUM = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)%?"
_BAND_ENTRY_RE = re.compile(rf"(?:>=|<=|[{_BAND_OPS}])? ?{_NUM} ?[:：] ?{_NUM}")


def band_native_gap(param: object, entries: int = BAND_ENTRIES) -> str:
    """Why the native 区间 formula cannot compute ``param`` (short Chinese text); "" when it computes
    exactly what the engine does, or when the engine itself rejects ``param`` (reported elsewhere)."""
    text = str(param or "")
    try:
        parse_bands(text)
    except ScoringError:
        return ""
    if len(text) > BAND_WIDTH:
        return f"参数超过{BAND_WIDTH}个字符"
    slots = [re.sub(" +", " ", s).strip(" ") for s in text.replace("；", ";").split(";")]  # as TRIM
    used = [i for i, s in enumerate(slots, start=1) if s]
    if used[-1] > entries:
        return f"超过{entries}段"
    odd = next((s for s in slots if s and not _BAND_ENTRY_RE.fullmatch(s)), None)
    if odd is not None:
        return f"“{odd[:20]}”的写法无法自动计算，请写成“≥90%:5”的形式（半角数字）"
    return ""


def _leaf_sum(c: dict[str, str], first: int, end: int) -> str:
    """Σ over rows ``first``…``end`` of what each leaf counts: its 得分 where filled, else its 建议得分,
    skipping 不适用 rows — computed from the input columns, so a row inserted without copying the
    grey formulas still counts its typed 得分.  Parent rows hold no 得分 and no 建议得分: they add 0."""
    m, o, s = (f"{c[k]}{first}:{c[k]}{end}" for k in ("manual_score", "not_applicable", "suggested"))
    return f'SUMIFS({m},{o},"<>是",{m},"<>")+SUMIFS({s},{o},"<>是",{m},"")'


def block_score(c: dict[str, str], row: int, nxt: int, end: int, places: int) -> str:
    """计入得分 of the parent at ``row`` whose block ends above ``nxt`` (``end`` = the 合计 row).

    A difference of two sums that both run to the 合计 row: a row inserted anywhere in the block —
    right under the parent, in the middle, or just above the next parent or 合计 — falls inside the
    first range and outside the second, the way Excel, WPS and LibreOffice shift references."""
    return f"=ROUND({_leaf_sum(c, row, end)}-({_leaf_sum(c, nxt, end)}),{places})"


def block_weight(c: dict[str, str], row: int, nxt: int, end: int, places: int | None = 4) -> str:
    """适用分值 of the parent at ``row``: its 分值 less the 分值 of 不适用 rows in its block; for the 合计
    row (``places`` None) the level-1 分值 less every 不适用 row's."""
    d, o, a = c["weight"], c["not_applicable"], c["level1"]
    na = lambda r: f'SUMIFS({d}{r}:{d}{end},{o}{r}:{o}{end},"是")'  # noqa: E731
    if places is None:
        return f'=SUMIFS({d}{row}:{d}{end},{a}{row}:{a}{end},"<>")-{na(row)}'
    return f"=ROUND({d}{row}-{na(row)}+{na(nxt)},{places})"


def counted(not_applicable: str, manual: str, suggested: str, places: int) -> str:
    """计入得分 of a leaf: blank when 不适用; the clerk's 得分 wins over the suggestion."""
    return f'=IF({not_applicable}="是","",IF({manual}<>"",ROUND({manual},{places}),{suggested}))'


def counted_weight(not_applicable: str, weight: str) -> str:
    return f'=IF({not_applicable}="是",0,{weight})'


def total(scores: str, weights: str, places: int) -> str:
    # PERF_TOTAL sums in Decimal (exact for the rounded scores it gets), so it needs no ROUND; wrapping
    # it in ROUND would turn its "#错误:" text into an error and hide the message behind the fallback.
    return f"=IFERROR(PERF_TOTAL({scores},{weights}),ROUND(SUM({scores}),{places}))"


def total_rescaled(raw: str, applicable: str, weight_sum: str, full: str, rescale: str, places: int) -> str:
    """总分: the 得分合计, rescaled to ``full`` marks when the rules say so and whole level-1 indicators
    are 不适用 (their 分值 missing from ``applicable``) — as :func:`xlperf.domain.evaluate.evaluate`."""
    return (f'=IF(AND({rescale}="是",N({applicable})>0,N({applicable})<{weight_sum}),'
            f"ROUND({raw}*{full}/{applicable},{places}),{raw})")


def unless_blank(formula: str, scored: list[str]) -> str:
    """``formula``, or blank while no indicator has a 得分 or a 建议得分 (a blank form shows no 总分 0, 等级 差)."""
    count = "+".join(f"COUNT({r})" for r in scored)
    return f'=IF({count}=0,"",{formula[1:]})'


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


def python_status(*after: str) -> str:
    """The status sentence of the macro workbooks when Python cannot be reached; blank otherwise and where the
    function does not exist (#NAME?).  ``after``: cells it is computed after (总分, 等级: their PERF_ calls
    have decided by then)."""
    return f'=IFERROR({PYTHON_STATUS_FUNCTION}({",".join(after)}),"")'
