"""``xlperf batch`` end to end with the real reader and report renderer."""

import json

import openpyxl

from xlperf.cli import main
from report_helpers import department_data, department_example

REPORT = "2021年度部门整体绩效自评报告"


def write_example(path, unit):
    data = department_data()
    data["unit"] = unit
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_real_reports_and_summary(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    write_example(src / "a.json", "甲局")
    write_example(src / "b.json", "=乙局")
    code = main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md,docx", "--jobs", "2"])
    assert code == 0, capsys.readouterr()
    md = (out / f"甲局{REPORT}.md").read_text(encoding="utf-8")
    assert md.startswith(f"# 甲局{REPORT}") and "91" in md
    from docx import Document

    assert Document(out / f"=乙局{REPORT}.docx").paragraphs[0].text == f"=乙局{REPORT}"
    ws = openpyxl.load_workbook(out / "汇总表.xlsx")["汇总"]
    links = sorted(ws.cell(r, ws.max_column).hyperlink.target for r in (3, 4))
    assert links == [f"=乙局{REPORT}.docx", f"甲局{REPORT}.docx"]
    printed = capsys.readouterr()
    assert "共2个工作簿：成功2，有警告0，填报有误0，无法读取0，失败0" in printed.out
    assert "[2/2]" in printed.err  # plain progress lines when not a terminal


def test_rerun_prints_skips(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    write_example(src / "a.json", "甲局")
    args = ["batch", str(src), "-o", str(out), "--include-json", "--format", "md"]
    assert main(args) == 0
    assert main(args) == 0
    assert "本次处理0个，跳过未变化的1个" in capsys.readouterr().out


def test_could_not_start_exits_2(tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "~$lock.xlsx").write_bytes(b"x")
    out = str(tmp_path / "out")
    assert main(["batch", str(tmp_path / "missing"), "-o", out]) == 2
    assert "文件夹不存在" in capsys.readouterr().err
    assert main(["batch", str(empty), "-o", out]) == 2
    assert "没有找到工作簿" in capsys.readouterr().err
    write_example(empty / "a.json", "甲局")
    assert main(["batch", str(empty), "-o", out, "--include-json", "--format", "odt"]) == 2
    assert "不支持的报告格式：odt" in capsys.readouterr().err
    assert main(["batch", str(empty), "-o", out, "--include-json", "--profile", "不存在的规则"]) == 2
    assert "找不到评分规则" in capsys.readouterr().err
    assert main(["batch", str(empty), "-o", out, "--jobs", "0"]) == 2
    assert main(["batch", str(empty)]) == 2  # -o is required


def test_real_workbooks_folder(tmp_path, capsys):
    """Workbooks built by xlperf.workbook.build, read by the real reader, rendered to Word."""
    from xlperf.domain.model import Evaluation
    from xlperf.workbook.build import write_workbook

    src, out = tmp_path / "in", tmp_path / "out"
    (src / "科室").mkdir(parents=True)
    ev = department_example()

    def book(path, **changes):
        data = ev.model_dump()
        data.update(changes)
        return write_workbook(path, Evaluation.model_validate(data))

    book(src / "甲局.xlsx", unit="甲局")
    book(src / "科室" / "乙局.xlsx", unit="乙局")
    book(src / "丙局1.xlsx", unit="丙局")
    book(src / "丙局2.xlsx", unit="丙局")
    book(src / "公式.xlsx", unit="=1+1")
    data = ev.model_dump()
    data["indicators"][0]["manual_score"] = "15"
    write_workbook(src / "错误.xlsx", Evaluation.model_validate({**data, "unit": "错误局"}))
    good = (src / "甲局.xlsx").read_bytes()
    (src / "截断.xlsx").write_bytes(good[: len(good) // 2])
    (src / "改名.xlsx").write_bytes(b"%PDF-1.4 not a workbook")
    (src / "加密.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200
                                    + "EncryptionInfo".encode("utf-16-le"))
    (src / "~$甲局.xlsx").write_bytes(b"\0" * 165)
    code = main(["batch", str(src), "-o", str(out), "--jobs", "2"])
    assert code == 1
    wb = openpyxl.load_workbook(out / "汇总表.xlsx")
    ws = wb["汇总"]
    header = [c.value for c in ws[2]]
    rows = {r[1].value: dict(zip(header, r)) for r in ws.iter_rows(min_row=3)}
    assert sorted(rows) == sorted(["甲局.xlsx", "科室/乙局.xlsx", "丙局1.xlsx", "丙局2.xlsx", "公式.xlsx", "错误.xlsx",
                                   "截断.xlsx", "改名.xlsx", "加密.xlsx"])
    status = {f: r["状态"].value for f, r in rows.items()}
    assert status == {"甲局.xlsx": "成功", "科室/乙局.xlsx": "成功", "公式.xlsx": "成功", "丙局1.xlsx": "有警告",
                      "丙局2.xlsx": "有警告", "错误.xlsx": "填报有误", "截断.xlsx": "无法读取", "改名.xlsx": "无法读取",
                      "加密.xlsx": "无法读取"}
    assert "密码" in rows["加密.xlsx"]["原因"].value
    assert "不是Excel工作簿" in rows["改名.xlsx"]["原因"].value
    assert "损坏" in rows["截断.xlsx"]["原因"].value
    assert rows["公式.xlsx"]["单位"].value == "=1+1" and rows["公式.xlsx"]["单位"].data_type == "s"
    assert rows["甲局.xlsx"]["总分"].value == 91 and rows["甲局.xlsx"]["等级"].value == "优"
    assert rows["丙局2.xlsx"]["报告"].hyperlink.target == f"丙局{REPORT}（2）.docx"
    for r in rows.values():
        if r["报告"].hyperlink is not None:
            assert (out / r["报告"].hyperlink.target).is_file()
    problems = [[c.value for c in r] for r in wb["问题清单"].iter_rows(min_row=3)]
    bad = [p for p in problems if p[0] == "错误.xlsx" and p[5] == "错误"]
    assert len(bad) == 1 and "!" in bad[0][2] and "得分须在0-10之间" in bad[0][4]  # a real sheet!cell
    # a reviewer clicks the place and lands on the cell of the source workbook
    link_row = next(r for r in wb["问题清单"].iter_rows(min_row=3) if r[0].value == "错误.xlsx" and r[5].value == "错误")
    link = link_row[2].hyperlink
    sheet, cell = bad[0][2].split("!")
    assert (out / link.target).resolve() == (src / "错误.xlsx").resolve()
    assert link.location == f"'{sheet}'!{cell}"
    assert (out / rows["科室/乙局.xlsx"]["文件"].hyperlink.target).resolve() == (src / "科室" / "乙局.xlsx").resolve()


def test_a_workbook_that_runs_too_long_is_stopped_and_reported(tmp_path, capsys):
    """The watchdog stops a worker whose workbook takes longer than --timeout; the run goes on and
    lists it as 失败 with the reason (here every workbook is "too long" for a 1 ms limit)."""
    src, out = tmp_path / "in", tmp_path / "out"
    write_example(src / "a.json", "甲局")
    write_example(src / "b.json", "乙局")
    code = main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md", "--jobs", "2",
                 "--timeout", "0.001"])
    assert code == 1
    assert "失败2" in capsys.readouterr().out
    ws = openpyxl.load_workbook(out / "汇总表.xlsx")["汇总"]
    texts = [str(c.value) for row in ws.iter_rows(min_row=3) for c in row if c.value is not None]
    assert sum("处理超过0.001秒仍未完成" in t for t in texts) == 2
    # a normal limit processes the same folder fine
    assert main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md"]) == 0


def test_forms_of_different_custom_profiles_each_use_their_own_rules(tmp_path, capsys):
    """A bureau's folder: one form per custom profile, the profile files long gone — no flag needed."""
    from xlperf.domain.profiles import PROFILE_DIR, load_profile
    from xlperf.workbook.build import write_workbook

    src = tmp_path / "in"
    src.mkdir()
    base = (PROFILE_DIR / "dept-henan-2021.toml").read_text(encoding="utf-8")
    for name, top, unit in (("甲区规则", "A等", "甲单位"), ("乙区规则", "甲级", "乙单位")):
        rules = tmp_path / f"{name}.toml"
        rules.write_text(base.replace('name = "部门整体-河南2021"', f'name = "{name}"', 1)
                         .replace('label = "优"', f'label = "{top}"', 1), encoding="utf-8")
        ev = department_example().model_copy(update={"unit": unit})
        write_workbook(src / f"{unit}.xlsx", ev, load_profile(str(rules)))
        rules.unlink()
    assert main(["batch", str(src), "-o", str(tmp_path / "out"), "--format", "md"]) == 0
    ws = openpyxl.load_workbook(tmp_path / "out" / "汇总表.xlsx")["汇总"]
    heads = [c.value for c in ws[2]]
    grades = {r[heads.index("单位")]: r[heads.index("等级")] for r in ws.iter_rows(min_row=3, values_only=True)
              if r[heads.index("单位")]}
    assert grades == {"甲单位": "A等", "乙单位": "甲级"}  # the example's 91 under each form's own top band


def test_pdf_font_notice_is_said_once_for_the_whole_batch(tmp_path, capfd):
    """Each PDF is converted in a worker process; the notice about substituted 公文 fonts comes once, from
    the parent, not once per worker (capfd also captures what the worker processes write)."""
    import shutil
    from pathlib import Path

    from xlperf.infra.office import font_notice, find_soffice
    from xlperf.report.env import TEMPLATE_DIR

    assert find_soffice(), "LibreOffice is installed by .ci/run"
    src = tmp_path / "in"
    src.mkdir()
    root = Path(__file__).resolve().parents[1] / "workbooks"
    for name in ("甲局.xlsx", "乙局.xlsx", "丙局.xlsx"):
        shutil.copy(root / "example-2021.xlsx", src / name)
    assert main(["batch", str(src), "-o", str(tmp_path / "out"), "--format", "pdf", "--jobs", "2"]) in (0, 1)
    err = capfd.readouterr().err
    expected = font_notice(TEMPLATE_DIR / "report.docx")
    assert err.count("提示：本机未安装") == (1 if expected else 0)
    if expected:
        assert expected in err
    assert len(list((tmp_path / "out").glob("*.pdf"))) == 3
