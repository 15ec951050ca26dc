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
from .layout import BAND_ENTRIES, QUALITATIVE_TABLE_NAME, ROW_FORMULA_KEYS

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
          band_cells: tuple[str, str], parent: str = "") -> str:
    """建议得分 of a row (cell addresses of its inputs); blank when ``na`` (不适用) says 是 or ``parent``
    (有下级) says 是: a parent's own 评分方法 counts for nothing.
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
    skip = (f'{na}="是",' if na else "") + (f'{parent}="是",' if parent else "")
    return (f'=IF(OR({skip}{m}="",{m}="人工",{w}="",{a}=""),"",'
            f'IFERROR(PERF_SCORE({m},{w},{t},{a},{p}),IFERROR({native},"")))')


def with_coefficient(score_formula: str, weight: str, coefficient: str, na: str, places: int,
                     parent: str) -> str:
    """建议得分 when the form has a 得分系数 column: 分值 × 系数 where one is given (not on a parent), else the rule's."""
    return (f'=IF(AND({na}<>"是",{parent}<>"是",{coefficient}<>""),ROUND({weight}*{coefficient},{places}),'
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


# The tree, decided by the sheet (issue 21): every indicator row holds the same formulas, so a row copied
# anywhere works, and whether a row is a leaf or a parent follows from the level columns below it — the rule
# of the reader (xlperf.workbook.read.Reader.indicators): the rows after a row, up to the next row of its own
# or a higher level, are its descendants.  Inserting a 三级 row under a 二级 leaf makes it a parent; deleting
# every child makes it a leaf again.  References to "the next row" are INDEX(column, ROW()+1): a plain
# relative reference would skip a row inserted right below.


def tree_level(level1: str, level2: str, level3: str) -> str:
    """级次（计算用）: the deepest level column holding a name (as the reader reads it); blank for no name."""
    return f'=IF(TRIM({level3})<>"",3,IF(TRIM({level2})<>"",2,IF(TRIM({level1})<>"",1,"")))'


#: more than any row number of a form: added to the rows that do not end a range, so MIN skips them
_FAR = 99999


def _down(own: str, last: int) -> str:
    """``own``'s column from this row down to the 合计 row ``last`` (absolute end): a row inserted anywhere
    below this one, right under it too, falls inside, and a copied row's range starts at its own row."""
    col = "".join(ch for ch in own if ch.isalpha())
    return f"{own}:${col}${last}"


def tree_span(level: str, last: int) -> str:
    """本级范围行数（计算用）: how many rows below this one lie before the next row of this row's level or a
    higher one — the 合计 row (``last``), level 1, ends every range; 0 for a 三级 row (the deepest level:
    always a leaf, so a row inserted under it without copying the grey formulas, whose 级次 is blank, is not
    taken for its child) and for a row without a name.  The first such row is the least row number of the
    rows below with a 级次 ≤ this one's (SUMPRODUCT evaluates the arrays in Excel, WPS and LibreOffice)."""
    lv = _down(level, last)
    rows = f"ROW({lv})"
    return (f'=IF(OR({level}="",{level}=3),0,SUMPRODUCT(MIN({rows}+{_FAR}*(1-({rows}>ROW())*ISNUMBER({lv})'
            f'*({lv}<={level}))))-ROW()-1)')


def _in_range(a: dict[str, str], last: int) -> str:
    """1 for the rows of this row's range (below it, within its 本级范围行数), 0 for the others, over the rows
    from this one to the 合计 row ``last``: a factor of the SUMPRODUCTs below."""
    rows = f"ROW({_down(a['tree_level'], last)})"
    return f"({rows}>ROW())*({rows}<=ROW()+{a['tree_span']})"


def tree_parent(a: dict[str, str], last: int) -> str:
    """有下级（计算用）: 是 when a name stands in a level column of a row within this row's range."""
    names = "&".join(_down(a[k], last) for k in ("level1", "level2", "level3"))
    return f'=IF(N({a["tree_span"]})=0,"",IF(SUMPRODUCT({_in_range(a, last)}*({names}<>""))>0,"是",""))'


def _leaf_sum(m: str, o: str, s: str, p: str) -> str:
    """Σ over ranges ``m`` (得分), ``o`` (不适用), ``s`` (建议得分), ``p`` (有下级) of what each leaf counts: its
    得分 where filled, else its 建议得分, skipping 不适用 rows and parents (whose own 得分 is ignored) — a row
    inserted without copying the grey formulas still counts its typed 得分."""
    return (f'SUMIFS({m},{o},"<>是",{m},"<>",{p},"<>是")'
            f'+SUMIFS({s},{o},"<>是",{m},"",{p},"<>是")')


def counted(a: dict[str, str], last: int, places: int) -> str:
    """计入得分 of any indicator row (``a``: this row's cells, ``last``: the 合计 row): for a parent the sum over
    its range of each leaf's 得分, else its 建议得分 (不适用 rows and parents left out; text counts nothing, as
    in SUMIFS); for a leaf blank when 不适用, else the clerk's 得分, else the 建议得分."""
    m, o, s, p = (_down(a[k], last) for k in ("manual_score", "not_applicable", "suggested", "tree_parent"))
    leaf = f'{_in_range(a, last)}*({o}<>"是")*({p}<>"是")'
    na, own = a["not_applicable"], a["manual_score"]
    return (f'=IF({a["tree_parent"]}="是",ROUND(SUMPRODUCT({leaf}*({m}<>""),{m})'
            f'+SUMPRODUCT({leaf}*({m}=""),{s}),{places}),'
            f'IF({na}="是","",IF({own}<>"",ROUND({own},{places}),{a["suggested"]})))')


def counted_weight(a: dict[str, str], last: int) -> str:
    """适用分值 of any indicator row: for a parent Σ 分值 of the applicable leaves in its range; for a leaf its
    分值, 0 when 不适用."""
    w, o, p = (_down(a[k], last) for k in ("weight", "not_applicable", "tree_parent"))
    return (f'=IF({a["tree_parent"]}="是",SUMPRODUCT({_in_range(a, last)}*({o}<>"是")*({p}<>"是"),{w}),'
            f'IF({a["not_applicable"]}="是",0,{a["weight"]}))')


def table_score(c: dict[str, str], first: int, end: int, places: int) -> str:
    """计入得分 of the 合计 row: Σ over rows ``first``…``end`` (its own row, so rows inserted above it count)."""
    m, o, s, p = (f"{c[k]}{first}:{c[k]}{end}" for k in ("manual_score", "not_applicable", "suggested",
                                                            "tree_parent"))
    return f"=ROUND({_leaf_sum(m, o, s, p)},{places})"


def table_weight(c: dict[str, str], first: int, end: int) -> str:
    """适用分值 of the 合计 row: Σ 分值 of the applicable leaves."""
    d, o, p = (f"{c[k]}{first}:{c[k]}{end}" for k in ("weight", "not_applicable", "tree_parent"))
    return f'=SUMIFS({d},{o},"<>是",{p},"<>是")'


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


def row_formulas(letter: dict[str, str], r: int, total_row: int, places: int, coefficient: bool) -> dict[str, str]:
    """Every grey formula of indicator row ``r`` (``letter``: column key → letter; ``total_row``: the 合计 row),
    by column key — the same in every row, leaf or parent: its place in the tree (级次, 本级范围行数, 有下级),
    the native 建议得分 and its helper steps, 计入得分 / 适用分值 (summing the rows below for a parent) and
    得分率.  The builder writes them; the reader compares a row's formulas with them."""
    a = {k: f"{v}{r}" for k, v in letter.items()}
    out = {
        "tree_level": tree_level(a["level1"], a["level2"], a["level3"]),
        "tree_span": tree_span(a["tree_level"], total_row),
        "tree_parent": tree_parent(a, total_row),
        "strip_target": strip_comparisons(a["target"]),
        "strip_actual": strip_comparisons(a["actual"]),
        "band_text": band_text(a["calc_method"], a["param"]),
        **{f"band_{i}": band_entry(i, a["band_text"], a["calc_actual"], a.get(f"band_{i - 1}", ""))
           for i in range(1, BAND_ENTRIES + 1)},
        "calc_target": calc_target(a["target"], a["unit"], a["strip_target"]),
        "calc_method": calc_method(a["method"], a["target"]),
        "calc_actual": calc_actual(a["actual"], a["unit"], a["strip_actual"]),
    }
    suggested = score(a["calc_method"], a["weight"], a["calc_target"], a["calc_actual"], a["param"], places,
                      a["not_applicable"], band_cells=(a["band_text"], a[f"band_{BAND_ENTRIES}"]),
                      parent=a["tree_parent"])
    if coefficient:  # 得分系数 given: 分值 × 系数, whatever the method
        suggested = with_coefficient(suggested, a["weight"], a["coefficient"], a["not_applicable"], places,
                                     a["tree_parent"])
    out["suggested"] = suggested
    out["counted"] = counted(a, total_row, places)
    out["counted_weight"] = counted_weight(a, total_row)
    out["rate"] = rate(a["counted"], a["counted_weight"])
    assert set(out) == set(ROW_FORMULA_KEYS)
    return out
