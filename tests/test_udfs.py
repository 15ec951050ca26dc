"""The Excel functions (xlperf.udfs) called as Excel's UDF server calls them: doubles, text, 2-D lists."""

import pytest

import xlperf.udfs as u
from xlperf.domain import scoring

ERR = "#错误:"


# ------------------------------------------------------------------ PERF_GRADE


@pytest.mark.parametrize(
    "score, label",
    [(100, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"), (60, "中"), (59.99, "差"),
     (59.999, "差"), (0, "差"), (91, "优"), ("91", "优"), ("９１", "优"), ("89.99分", "良")],
)
def test_grade(score, label):
    assert u.PERF_GRADE(score) == label


def test_grade_custom_bands_as_2d_range():
    bands = [[90, "优秀"], [80, "良好"], [60, "中等"], [0, "较差"], [None, None]]
    assert u.PERF_GRADE(95, bands) == "优秀"
    assert u.PERF_GRADE(89.99, bands) == "良好"
    assert u.PERF_GRADE(10, bands) == "较差"
    assert u.PERF_GRADE(85, [90, "甲"]) .startswith(ERR)  # one row, no band for 85
    assert u.PERF_GRADE(95, [90, "甲"]) == "甲"


@pytest.mark.parametrize(
    "args, words",
    [
        (("约95",), ["得分", "应为数字", "约95"]),
        ((-1,), ["不能为负"]),
        ((101,), ["不能超过100"]),
        ((85, [[90, "优"], [80, None]]), ["第2行", "下限和等级"]),
        ((85, [[90, "优"], ["八十", "良"]]), ["第2行下限", "应为数字"]),
        ((50, [[90, "优"], [80, "良"]]), ["下限为0"]),
        ((85, [[90], [80]]), ["两列"]),
    ],
)
def test_grade_errors(args, words):
    out = u.PERF_GRADE(*args)
    assert out.startswith(ERR)
    for w in words:
        assert w in out


# ------------------------------------------------------------------ rates


def test_seed_figures_through_the_functions():
    assert u.PERF_GRADE(91) == "优"
    assert u.PERF_RATE(3, 10) == 0.3
    assert u.PERF_RATE(18, 20) == 0.9
    r = u.PERF_EXEC_RATE(1770.59, 7319.56)
    assert round(r * 100, 2) == 24.19
    assert f"{r:.0%}" == "24%"  # the seed prints 24%


def test_rate_text_and_errors():
    assert u.PERF_RATE("9", "10") == 0.9
    assert u.PERF_RATE(None, 10) == ""
    assert u.PERF_RATE(3, "") == ""
    assert u.PERF_RATE(3, 0) == ERR + "分值须大于0"
    assert u.PERF_RATE(3, -10) == ERR + "分值须大于0"
    assert u.PERF_RATE(12, 10) == ERR + "得分须在0-10之间"
    assert u.PERF_RATE("约3", 10) == ERR + "得分应为数字，现为“约3”"
    assert u.PERF_EXEC_RATE(100, 0) == ERR + "预算数须大于0"
    assert u.PERF_EXEC_RATE(None, 100) == ""
    assert u.PERF_EXEC_RATE("1,770.59", "7319.56万元") == u.PERF_EXEC_RATE(1770.59, 7319.56)


def test_weighted():
    assert u.PERF_WEIGHTED([[10], [20], [None]], [[0.3], [0.9], [None]]) == 21.0
    assert u.PERF_WEIGHTED([[10, 20]], [["30%", "90%"]]) == 21.0
    assert u.PERF_WEIGHTED([[None]], [[None]]) == ""
    assert u.PERF_WEIGHTED([[10], [20]], [[0.3]]) == ERR + "分值与得分率区域大小不一致"
    assert u.PERF_WEIGHTED([[10]], [["三成"]]).startswith(ERR + "得分率应为数字")


def test_total():
    assert u.PERF_TOTAL([[3], [18], [40], [30]]) == 91.0
    assert u.PERF_TOTAL([[3], [None], [40.5]]) == 43.5
    assert u.PERF_TOTAL([[None], [None]]) == ""
    assert u.PERF_TOTAL([[3], [18], [40], [30]], [[10], [20], [40], [30]]) == 91.0
    assert u.PERF_TOTAL([[3], [None], [11]], [[10], [20], [10]]) == ERR + "第3项得分11超过分值10"
    assert u.PERF_TOTAL([[3], [5]], [[10], [None]]) == ERR + "第2项有得分但分值为空"
    assert u.PERF_TOTAL([[3], [5]], [[10]]) == ERR + "得分与分值区域大小不一致"
    assert u.PERF_TOTAL([[-1]], [[10]]) == ERR + "第1项得分为负"


def test_check():
    weights = [[10], [20], [40], [30]]
    assert u.PERF_CHECK(weights, [[3], [18], [None], [30]], 100) == ""
    assert u.PERF_CHECK(weights, [[3], [18], [40], [30]]) == ""
    assert u.PERF_CHECK([[10], [20]], [[3], [18]], 100) == "分值合计30，应为100"
    # row numbers are positions in the range, blank rows included
    assert u.PERF_CHECK([[10], [None], [20]], [[3], [None], [25]]) == "第3项得分25超过分值20"
    assert u.PERF_CHECK([[10], [None]], [[3], [2]]) == "第2项分值须大于0"
    assert u.PERF_CHECK([[10], [-5]], [[3], [None]]) == "第2项分值须大于0"
    assert u.PERF_CHECK([[10]], [[3], [4]]) == "分值与得分区域大小不一致"
    assert u.PERF_CHECK([[10], ["十"]], [[3], [4]]).startswith(ERR + "第2项分值应为数字")


def test_check_without_a_total_checks_against_100():
    # no total given: the weights must add up to 100, the full marks of every shipped profile
    assert u.PERF_CHECK([[10], [20], [40], [25]], [[3], [18], [40], [25]]) == "分值合计95，应为100"
    assert u.PERF_CHECK([[10], [20], [40], [35]], [[3], [18], [40], [30]]) == "分值合计105，应为100"
    assert u.PERF_CHECK([[10], [20]], [[3], [18]]) == "分值合计30，应为100"
    assert u.PERF_CHECK([[10], [20], [40], [29.5], [0.5]], [[3], [18], [None], [None], [None]]) == ""
    # a blank total cell ("" or None, as Excel passes it) is the same as leaving it out
    assert u.PERF_CHECK([[10], [20], [40], [25]], [[3], [18], [40], [25]], None) == "分值合计95，应为100"
    assert u.PERF_CHECK([[10], [20], [40], [25]], [[3], [18], [40], [25]], "  ") == "分值合计95，应为100"
    # a per-item problem is still reported first
    assert u.PERF_CHECK([[10], [20], [40], [25]], [[3], [21], [40], [25]]) == "第2项得分21超过分值20"
    # an explicit total still wins
    assert u.PERF_CHECK([[10], [20], [40], [25]], [[3], [18], [40], [25]], 95) == ""
    assert u.PERF_CHECK([[10], [20]], [[3], [18]], "30") == ""
    assert u.PERF_CHECK([[10], [20]], [[3], [18]], "三十").startswith(ERR + "合计应为数字")


def test_default_total_is_the_full_marks_of_every_shipped_profile():
    from xlperf.domain.profiles import available, load_profile

    names = list(available())
    assert names
    for name in names:
        assert load_profile(name).total == scoring.FULL_MARKS == 100, name


# ------------------------------------------------------------------ PERF_SCORE


@pytest.mark.parametrize(
    "args, expected",
    [
        (("正向", 10, 1, 0.2419), 2.42),  # 2.419 rounded half up to 2 places
        (("正向", 10, "100%", "24.19%"), 2.42),
        (("正向", 10, 0.9, 0.9), 10.0),
        (("正向", 10, 1, 1.3), 10.0),
        (("反向", 10, 0.05, 0), 10.0),
        (("反向", 10, 0.05, 0.1), 5.0),
        (("阶梯", 10, 1, 0.9, "5%:2"), 6.0),  # exactly two steps
        (("阶梯", 10, 0.95, 0.85, "5%:2"), 6.0),
        (("阶梯", 10, 1, 0.95, "5%:2"), 8.0),
        (("阶梯", 10, 1, 0.951, "5%:2"), 10.0),
        (("阶梯", 10, None, 0.9, "5%:2"), 6.0),
        (("超额扣分", 5, 1, 1.03, "0.5"), 3.5),
        (("超额扣分", 5, 1, 1.03, 0.5), 3.5),  # a numeric param cell
        (("区间", 5, None, 0.85, "≥90%:5;≥80%:4;≥70%:3;≥60%:2;<60%:0"), 4.0),
        (("区间", 5, None, 0.85, ">=90%:5;>=80%:4;<80%:0"), 4.0),
        (("区间", 3, None, 0.1, "=0:3;<=10%:2;<=20%:1;>20%:0"), 2.0),
        (("区间", 3, None, 0, "=0:3;≤10%:2"), 3.0),
        (("定性", 10, None, "达成"), 10.0),
        (("定性", 10, None, "部分达成"), 7.0),
        (("定性", 10, None, "未达成"), 3.0),
        (("正向", 10, 1, 0.33333), 3.33),
        (("正向", 10, 8, 1), 1.25),
        (("正向", 10, 3, 1), 3.33),  # 3.333… half up → 3.33
        (("正向", 1, 8, 1), 0.13),  # 0.125 half up → 0.13 (half to even would give 0.12)
    ],
)
def test_score(args, expected):
    assert u.PERF_SCORE(*args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ("人工", 10, 1, 1),  # a person scores: blank
        (None, 10, 1, 1),
        ("正向", None, 1, 1),
        ("正向", 10, 1, None),
        ("正向", 10, None, 0.9),
        ("定性", 10, None, ""),
    ],
)
def test_score_blank(args):
    assert u.PERF_SCORE(*args) == ""


@pytest.mark.parametrize(
    "args, words",
    [
        (("线性", 10, 1, 1), ["未知的评分方法", "线性"]),
        (("线性", 10, 1, None), ["未知的评分方法"]),
        (("正向", 0, 1, 1), ["分值须大于0"]),
        (("正向", -10, 1, 1), ["分值须大于0"]),
        (("正向", "十", 1, 1), ["分值应为数字"]),
        (("正向", 10, 1, "约95"), ["实际完成值应为数字", "约95"]),
        (("正向", 10, "≥九成", 0.9), ["年度指标值应为数字"]),
        (("阶梯", 10, 1, 0.9, "5%"), ["5%:2"]),
        (("阶梯", 10, 1, 0.9), ["参数格式"]),
        (("超额扣分", 5, 1, 1.1, "0.5分/点"), ["每个百分点的扣分"]),
        (("区间", 5, None, 0.9, "大于90%:5"), ["区间"]),
        (("区间", 5, None, 0.9), ["区间参数为空"]),
        (("定性", 10, None, "还行"), ["“还行”无法识别", "达成、达成预期", "基本达成", "无改善"]),
    ],
)
def test_score_errors(args, words):
    out = u.PERF_SCORE(*args)
    assert isinstance(out, str) and out.startswith(ERR)
    for w in words:
        assert w in out


# ------------------------------------------------------------------ cell-error policy


def test_unexpected_bug_is_logged_not_shown(tmp_path, monkeypatch):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(scoring, "grade", broken)
    out = u.PERF_GRADE(95)
    assert out.startswith(ERR + "内部错误")
    assert "Traceback" not in out and "boom" not in out
    log = (tmp_path / "xlperf.log").read_text(encoding="utf-8")
    assert "PERF_GRADE" in log and "ZeroDivisionError: boom" in log


def test_every_function_is_declared_and_documented():
    for name in u.__all__:
        func = getattr(u, name)
        assert name.startswith("PERF_")
        doc = (func.__doc__ or "").strip()
        assert doc and any("\u4e00" <= c <= "\u9fff" for c in doc), name
        assert len(doc.splitlines()) == 1, name  # Excel's Function Wizard shows one line


def test_udfs_import_stays_light():
    import subprocess
    import sys

    code = (
        "import sys, xlperf.udfs; "
        "print(','.join(m for m in ('pydantic', 'openpyxl', 'jinja2', 'docxtpl', 'docx') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=__import__("pathlib").Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == ""
