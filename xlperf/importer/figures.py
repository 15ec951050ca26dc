"""Budget amounts as other reports word them, in 元 or 万元, in sentences and in tables (pure core).

Sentences: ``全年预算数2565万元``, ``年初批复预算8个项目985万元``, ``调整预算后项目预算861.46万元``,
``项目经费预算124万元，全年实际支出数为101.84万元``, ``年初安排预算资金 1 万元``, ``年初预算数1234500元``.
Each amount is classified by the words just before it in its clause; a sentence about the “三公” funds, income,
carry-overs or the 基本/项目 split is not the budget's.  Tables: a header row naming 年初预算数 / 全年预算数 /
全年执行数 maps the columns of the rows below it (the 年度资金总额/合计 row first, else a 财政拨款 row).

Never a wrong figure: a figure stated twice with different values, or a table row of amounts with no header, is
left blank with a warning that quotes the text; amounts in 元 are converted to 万元 and the warning says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Optional

AMOUNT = re.compile(r"(\d[\d,，]*(?:\.\d+)?)(万元|元)")
#: a clause that is about something other than the whole budget: its amounts are not read here
OTHER_SUBJECT = re.compile(r"三公|公务接待|公务用车|因公出国|收入|结转|结余|基本支出|项目支出|人员经费|公用经费|政府采购|"
                           r"上年|同比|较上年|比上年|到位")
#: (figure, words before the amount that name it), most specific first
LABELS = (
    ("budget.adjusted", re.compile(r"全年预算(?:数|金额|资金)?|调整(?:后)?(?:的)?(?:预算|后)|调整预算")),
    ("budget.initial", re.compile(r"年初(?:批复|安排|下达|部门)?(?:的)?(?:项目)?(?:预算|批复)|预算年初")),
    ("budget.executed", re.compile(r"执行(?:数|金额)|实际(?:支出|使用|执行)|支出(?:数|金额)|已支出|全年支出")),
    ("budget.initial", re.compile(r"(?:项目|经费|资金)预算(?:资金|数|金额)?$|^预算(?:资金|数|金额)?(?:为|是|共计|合计)?$")),
)
TABLE_COLUMNS = (("budget.initial", ("年初预算数", "年初预算")), ("budget.adjusted", ("全年预算数", "调整预算数", "调整后预算")),
                 ("budget.executed", ("全年执行数", "执行数", "实际支出")), ("exec.weight", ("分值",)), ("exec.score", ("得分",)))
TOTAL_ROWS = re.compile(r"年度资金总额|资金总额|^合计|^总计")
GRANT_ROWS = re.compile(r"财政拨款")


def _dec(text: str) -> Optional[Decimal]:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


def _wan(value: Decimal, unit: str) -> Decimal:
    return value / 10000 if unit == "元" else value


def _show(d: Decimal) -> str:
    return format(d.normalize(), "f")


@dataclass
class Amounts:
    """Every budget amount a report states, with the text it came from; :meth:`settle` keeps the sure ones."""

    found: dict[str, list[tuple[Decimal, str]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    header: dict[str, int] = field(default_factory=dict)  # table column of each figure
    table_unit: str = "万元"
    rows: list[tuple[str, dict[str, Decimal], str]] = field(default_factory=list)
    exec_score: Optional[tuple[Decimal, Decimal]] = None  # (分值, 得分) of 预算执行率 in a 自评表's amounts part

    def add(self, key: str, value: Decimal, unit: str, quote: str) -> None:
        if unit == "元":
            self.notes.append(f"“{quote}”以元为单位，已换算为{_show(_wan(value, unit))}万元")
        self.found.setdefault(key, []).append((_wan(value, unit), quote))

    # ------------------------------------------------------------------ sentences
    def sentence(self, text: str) -> None:
        for sent in re.split(r"[。；;！？]", text):
            for clause in re.split(r"、|[，,](?!\d{3})", sent):
                if OTHER_SUBJECT.search(clause):
                    if re.search(r"三公|公务", clause):
                        break  # the rest of this sentence is about the “三公” funds too
                    continue
                start = 0
                for m in AMOUNT.finditer(clause):
                    words = re.sub(r"\d+个项目|共计|合计|总额|为|是|达到?|约", "", clause[start:m.start()])
                    start = m.end()
                    key = next((k for k, rx in LABELS if rx.search(words)), None)
                    value = _dec(m.group(1))
                    if key and value is not None:
                        self.add(key, value, m.group(2), clause.strip())

    # ------------------------------------------------------------------ tables
    def table_row(self, cells: list[str], raw: str) -> bool:
        """One table row (its cells); True when it was a budget header or a budget row."""
        cols = {key: i for key, words in TABLE_COLUMNS for i, c in enumerate(cells)
                if any(w in re.sub(r"\s+", "", c) for w in words) and not re.search(r"\d", c)}
        if sum(k.startswith("budget.") for k in cols) >= 2:
            self.header = {}
            for key, i in cols.items():
                self.header.setdefault(key, i)
            self.table_unit = "元" if re.search(r"[（(]元[）)]|单位[:：]元", raw) else "万元"
            return True
        numbers = [c for c in cells if re.fullmatch(r"-?\d[\d,]*(?:\.\d+)?", c)]
        label = cells[0] if cells and not re.fullmatch(r"-?\d[\d,.]*%?", cells[0]) else ""
        if not self.header or len(numbers) < 2:
            if len(numbers) >= 3 and label and re.search(r"拨款|资金|经费|预算数|支出", label):
                self.notes.append(f"表格行“{' '.join(cells)[:40]}”没有表头，不知各数是哪一项，金额未导入")
                return True
            return False
        values = {key: _dec(cells[i]) for key, i in self.header.items() if i < len(cells) and _dec(cells[i]) is not None}
        if values:
            self.rows.append((label, values, " ".join(cells)[:40]))
        return True

    def end_table(self) -> None:
        """A table ended: its total row (else its one 财政拨款 row) gives the amounts."""
        rows = [r for r in self.rows if TOTAL_ROWS.search(r[0])] or [r for r in self.rows if GRANT_ROWS.search(r[0])]
        if len(rows) >= 1:
            label, values, quote = rows[0]
            for key, v in values.items():
                if key.startswith("budget."):
                    self.add(key, v, self.table_unit, quote)
            if "exec.weight" in values and "exec.score" in values:  # the 自评表's 预算执行率 row: 分值 and 得分
                self.exec_score = (values["exec.weight"], values["exec.score"])
        self.header, self.rows = {}, []

    # ------------------------------------------------------------------ the sure ones
    def settle(self, out: dict[str, object]) -> list[str]:
        """Figures stated once (or always alike) go into ``out`` unless it holds them already; figures stated
        with different values stay blank, and the warning quotes each statement."""
        notes = list(self.notes)
        for key, cands in self.found.items():
            values = {v for v, _ in cands}
            if key in out:
                values.add(out[key])  # xlperf's own sentence said it too
            if len(values) == 1:
                out.setdefault(key, cands[0][0])
                continue
            out.pop(key, None)
            name = {"budget.initial": "年初预算数", "budget.adjusted": "调整预算数（全年预算数）",
                    "budget.executed": "预算执行金额（执行数）"}[key]
            quotes = "、".join(f"“{q}”" for q in dict.fromkeys(q for _, q in cands))
            notes.append(f"{name}有不同的说法（{quotes}），未导入，请在“预算资金”表填写")
        return notes
