"""excel_work.py's ribbon import and example-row removal, with stand-in book/sheet objects and stand-ins for
the reader, importer and form builder (the real ones are tested on their own); every expected value is a hand
value: the clerk's file name, the year 2021, the Chinese messages written out here.

Equivalent (argued, not killed):
- ``_remove_example_rows__mutmut_14``: ``sheet.range((r, 1))`` → ``sheet.range((r, 2))`` before ``.api.EntireRow.Delete()``:
  the entire row of any cell in row r is row r, so the same row is deleted.

Removed by simpler code (behaviour the same): ``if not chosen or chosen is False`` is ``if not chosen`` (False is
falsy); the 年度 guard ``if year not in (None, "") else None`` is gone, because ``int(float(None))`` raises TypeError
and ``int(float(""))`` ValueError, both already caught as "no year" (test_year_from_the_form pins both).
"""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace as NS

import pytest

from xlperf import excel_work as W
from xlperf.importer import ImportFailure
from xlperf.workbook import layout as L


class Api(NS):
    pass


class Range:
    def __init__(self, sheet, where):
        self.sheet, self.where = sheet, where
        self.value = None
        self.api = Api(Locked=True, EntireRow=Api(Delete=lambda: sheet.deleted.append(where[0])))


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.deleted = []

    def range(self, where):
        return self.cells.setdefault(where, Range(self, where))


class Book:
    def __init__(self, chosen="C:/年报/2021年报告.docx"):
        self.log = []
        self.sheets = {}
        self.app = NS(api=NS(GetOpenFilename=lambda *a: (self.log.append(("open", a)), chosen)[1]))

    def sheet(self, name):
        return self.sheets.setdefault(name, Sheet(name))


@pytest.fixture
def env(monkeypatch):
    """Every collaborator replaced; `env.free[name]` is whether that sheet can be unprotected."""
    e = NS(free={}, frozen=0, alerts=[], asks=[], answer="yes", named={"评分规则": "R", "年度": "2021"},
           rows=[], writes=[], conflicts=[], own=None, warnings=[], slots=None, imported_with=None,
           fail=None, status=[])

    @contextmanager
    def frozen(book):
        e.frozen += 1
        yield

    @contextmanager
    def unprotected(sheet):
        yield e.free.get(sheet.name, True)

    monkeypatch.setattr(W, "frozen", frozen)
    monkeypatch.setattr(W, "unprotected", unprotected)
    monkeypatch.setattr(W, "status", lambda book, t: e.status.append(t))
    monkeypatch.setattr(W, "alert", lambda book, t, critical=False: e.alerts.append((t, critical)))
    monkeypatch.setattr(W, "ask", lambda book, t: (e.asks.append(t), e.answer)[1])
    monkeypatch.setattr(W, "read_named", lambda book, n: e.named.get(n))
    monkeypatch.setattr(W, "XlwingsSource", lambda book, skip: ("src", skip))
    monkeypatch.setattr(W, "Reader", lambda src: NS(src=src, rules=lambda: "rules", outline_text=lambda: "otext"))
    monkeypatch.setattr(W, "resolve_profile", lambda rules, name: (e.__setattr__("profile_args", (rules, name)),
                                                                    ("P0", None))[1])
    profile = NS(example_names=frozenset({"示例"}))

    def import_source(path, year, a, b, profile):
        e.imported_with = (path, year, a, b, profile)
        if e.fail:
            raise ImportFailure(e.fail)
        return NS(evaluation=NS(outline=e.own), warnings=e.warnings), profile2

    profile2 = profile
    monkeypatch.setattr(W, "import_source", import_source)
    monkeypatch.setattr(W, "example_rows", lambda book, ex: (e.__setattr__("examples", ex), e.rows)[1])
    monkeypatch.setattr(W, "build_workbook", lambda ev, p: ("built", ev, p))
    monkeypatch.setattr(W, "outline_of_form", lambda text, rules: ("form", text, rules))
    monkeypatch.setattr(W, "outline_for", lambda p, own: NS(problem_slots=["一", "二"], p=p, own=own))
    monkeypatch.setattr(W, "plan_fill", lambda book, built, switch: (e.__setattr__("switch", switch), e.__setattr__("built", built),
                                                                      (list(e.writes), list(e.conflicts)))[2])
    monkeypatch.setattr(W, "_offer_slots", lambda book, slots: e.__setattr__("slots", slots))
    return e


def w(sheet="表", row=5, col=3, value="v", conflict=False, appended=False, record=False, relabel=False,
      where="A1", old_text=""):
    return NS(sheet=sheet, row=row, col=col, value=value, conflict=conflict, appended=appended, record=record,
              relabel=relabel, where=where, old_text=old_text)


# ---- _remove_example_rows -------------------------------------------------------------------------------

def test_example_rows_deleted_bottom_up_and_counted(env):
    book = Book()
    sheet = book.sheet(L.S_IND)
    env.rows = [9, 7]
    assert W._remove_example_rows(book, frozenset({"示例"})) == 2
    assert sheet.deleted == [9, 7]
    assert env.examples == frozenset({"示例"})
    assert env.frozen == 1


def test_no_example_rows_touches_nothing(env):
    book = Book()
    env.rows = []
    assert W._remove_example_rows(book, frozenset()) == 0
    assert env.frozen == 0


def test_example_rows_on_a_password_sheet_are_kept(env):
    book = Book()
    sheet = book.sheet(L.S_IND)
    env.rows = [9]
    env.free[L.S_IND] = False
    assert W._remove_example_rows(book, frozenset({"示例"})) == 0
    assert sheet.deleted == []


# ---- import_into ----------------------------------------------------------------------------------------

def test_cancelled_dialog_does_nothing(env):
    for chosen in (False, "", None):
        book = Book(chosen=chosen)
        W.import_into(book)
        assert env.status == [] and env.alerts == []
    assert book.log == [("open", (W.IMPORT_FILTER, 1, "导入上年报告"))]


def test_filter_text():
    assert W.IMPORT_FILTER == "上年报告或填报表 (*.docx;*.txt;*.xlsx;*.xlsm),*.docx;*.txt;*.xlsx;*.xlsm"


def test_plain_import_fills_and_reports(env):
    book = Book()
    book.sheet("表")
    env.writes = [w(row=5, col=3, value="甲"), w(row=6, col=3, value="乙", record=True)]
    W.import_into(book)
    assert env.status == ["绩效自评：正在导入上年报告……"]
    assert env.profile_args == ("rules", "R")
    path, year, a, b, profile = env.imported_with
    assert str(path).replace("\\", "/").endswith("2021年报告.docx") and year == 2021 and year.__class__ is int
    assert (a, b, profile) == (None, "", "P0")
    assert env.switch is None and env.slots is None
    assert book.sheets["表"].cells[(5, 3)].value == "甲"
    assert book.sheets["表"].cells[(5, 3)].api.Locked is True
    assert env.asks == []
    assert env.alerts == [("已从“2021年报告.docx”导入：填写1个单元格。\n请核对后填写本年预算金额、实际完成值和得分。", False)]


@pytest.mark.parametrize("raw, year", [("2021.0", 2021), (2020, 2020), ("", None), (None, None), ("明年", None),
                                       ([1], None)])
def test_year_from_the_form(env, raw, year):
    env.named["年度"] = raw
    W.import_into(Book())
    assert env.imported_with[1] == year


def test_no_rules_name_is_empty_text(env):
    env.named.pop("评分规则")
    W.import_into(Book())
    assert env.profile_args == ("rules", "")


def test_import_failure_is_a_critical_box(env):
    env.fail = "读不了这个文件"
    book = Book()
    W.import_into(book)
    assert env.alerts == [("读不了这个文件", True)]
    assert env.frozen == 0


def test_removed_kept_and_warnings_in_the_message(env):
    book = Book("D:/x/上年.txt")
    book.sheet("表")
    env.rows = [8]
    book.sheet(L.S_IND)
    env.warnings = [f"注意{i}" for i in range(7)]
    env.conflicts = [w(conflict=True, where=f"B{i}", old_text="旧的内容写得很长很长超过十二个字") for i in range(5)]
    env.writes = [w(row=1), w(row=2, relabel=True)] + [w(row=10 + i, conflict=True) for i in range(5)]
    env.answer = "no"
    W.import_into(book)
    assert env.asks == ["以下单元格已有内容，与导入的内容不同：B0（现为“旧的内容写得很长很长超过”）；B1（现为“旧的内容写得很长很长超过”）；"
                        "B2（现为“旧的内容写得很长很长超过”）等5处。\n是否用导入的内容覆盖？选“否”则保留现有内容，只填写空白单元格。"]
    assert (10, 3) not in book.sheets["表"].cells
    notes = "\n".join(f"· 注意{i}" for i in range(5))
    assert env.alerts == [("已从“上年.txt”导入：填写1个单元格，删除示例行1行，保留已有内容5处。\n"
                           "请核对后填写本年预算金额、实际完成值和得分。\n" + notes, False)]


def test_three_conflicts_have_no_count_and_yes_overwrites(env):
    book = Book()
    book.sheet("表")
    env.conflicts = [w(conflict=True, where=f"C{i}", old_text="旧") for i in range(3)]
    env.writes = [w(row=10 + i, conflict=True, value=i) for i in range(3)]
    env.answer = "yes"
    W.import_into(book)
    assert env.asks[0].startswith("以下单元格已有内容，与导入的内容不同：C0（现为“旧”）；C1（现为“旧”）；C2（现为“旧”）。\n")
    assert [book.sheets["表"].cells[(10 + i, 3)].value for i in range(3)] == [0, 1, 2]
    assert env.alerts[0][0] == "已从“2021年报告.docx”导入：填写3个单元格。\n请核对后填写本年预算金额、实际完成值和得分。"


def test_appended_rows_unlocked_and_skipped_on_a_password_sheet(env):
    book = Book()
    book.sheet("甲表"), book.sheet("乙表")
    env.free["乙表"] = False
    env.writes = [w(sheet="甲表", row=3, value=1, appended=True), w(sheet="乙表", row=4, value=2, appended=True),
                  w(sheet="乙表", row=5, value=3), w(sheet="甲表", row=6, value=4)]
    W.import_into(book)
    a, b = book.sheets["甲表"].cells, book.sheets["乙表"].cells
    assert a[(3, 3)].value == 1 and a[(3, 3)].api.Locked is False
    assert a[(6, 3)].value == 4 and a[(6, 3)].api.Locked is True
    assert b[(4, 3)].value is None and b[(4, 3)].api.Locked is True
    assert b[(5, 3)].value == 3
    assert env.frozen == 1


def test_own_outline_switches_the_form_and_offers_its_slots(env):
    env.own = "自有提纲"
    W.import_into(Book())
    assert env.switch[0] == ("form", "otext", "rules")
    assert env.switch[1].own == "自有提纲"
    assert env.switch[1].p.example_names == frozenset({"示例"})  # the profile import_source gave back
    assert env.built[0] == "built" and env.built[2].example_names == frozenset({"示例"})
    assert env.slots == ["一", "二"]


def test_four_conflicts_are_counted(env):
    book = Book()
    book.sheet("表")
    env.conflicts = [w(conflict=True, where=f"C{i}", old_text="旧") for i in range(4)]
    W.import_into(book)
    assert "C2（现为“旧”）等4处。\n" in env.asks[0]


class SlotCell:
    def __init__(self):
        self.sheet = NS(name="设置")
        self.calls = []
        rule = NS(Delete=lambda: self.calls.append("Delete"), Add=lambda *a: self.calls.append(("Add",) + a))
        self.api = NS(Validation=rule)


@pytest.mark.parametrize("free", [True, False])
def test_offer_slots_sets_the_drop_down(monkeypatch, free):
    cell = SlotCell()
    asked = []
    monkeypatch.setattr(W, "named_cell", lambda book, name: (asked.append(name), cell)[1])

    @contextmanager
    def unprotected(sheet):
        assert sheet is cell.sheet
        yield free

    monkeypatch.setattr(W, "unprotected", unprotected)
    W._offer_slots("book", ["（一）", "（二）"])
    assert asked == ["问题措施位置"]
    if free:
        assert cell.calls == ["Delete", ("Add", 3, 1, 1, "（一）,（二）")]
        assert cell.api.Validation.ErrorMessage == "只能填：（一）、（二）（可从下拉列表选择）"
    else:
        assert cell.calls == [] and not hasattr(cell.api.Validation, "ErrorMessage")


def test_offer_slots_without_the_name_or_slots(monkeypatch):
    cell = SlotCell()
    monkeypatch.setattr(W, "named_cell", lambda book, name: None)
    W._offer_slots("book", ["（一）"])  # no cell: nothing to do, no error
    monkeypatch.setattr(W, "named_cell", lambda book, name: cell)
    W._offer_slots("book", [])
    assert cell.calls == []
