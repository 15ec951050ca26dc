"""Reading last year's report from its file (xlperf/importer/sources.py): the text encodings a .txt arrives in,
and what Word *shows* for a .docx — automatic numbering (numbering.xml: formats, levels, start values, overrides,
restarts), numbering carried by a heading style (styles.xml, 标题 1/2/3 and styles based on them), headings with no
number at all, line breaks, tabs and tables — with every refusal's message.

Each .docx here is a zip written by hand in the test (document.xml, and numbering.xml / styles.xml where the case
needs them), so the numbers are in no paragraph's text; what Word shows is written out by hand, as a reader of the
printed page would copy it (一、 二、 … 十一、 二十、; （一）; 1. 2.), never read back from the importer.

Equivalent mutants: none — every mutant of the module is killed by this file's selection (docs/mutation.md, s7c);
where mutants were equivalent the code was made simpler instead.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from xlperf.importer import sources
from xlperf.importer.sources import ImportFailure, read_paragraphs

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


# --------------------------------------------------------------------------- building a .docx by hand


def p(text: str = "", num: tuple | None = None, style: str = "", runs: str = "") -> str:
    """One w:p: ``num`` = (numId, ilvl) — ilvl None leaves w:ilvl out, numId None leaves w:numId out."""
    ppr = ""
    if style:
        ppr += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        nid, ilvl = num
        inner = (f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else "") + \
                (f'<w:numId w:val="{nid}"/>' if nid is not None else "")
        ppr += f"<w:numPr>{inner}</w:numPr>"
    body = runs or (f"<w:r><w:t>{text}</w:t></w:r>" if text else "")
    return f"<w:p>{'<w:pPr>' + ppr + '</w:pPr>' if ppr else ''}{body}</w:p>"


def table(rows: list[list[str]]) -> str:
    cells = "".join("<w:tr>" + "".join(f"<w:tc>{c}</w:tc>" for c in row) + "</w:tr>" for row in rows)
    return f"<w:tbl>{cells}</w:tbl>"


def docx(tmp_path: Path, body: str, numbering: str = "", styles: str = "", name: str = "r.docx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')
        if numbering:
            z.writestr("word/numbering.xml", f'<w:numbering xmlns:w="{W_NS}">{numbering}</w:numbering>')
        if styles:
            z.writestr("word/styles.xml", f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>')
    return path


def lvl(ilvl: int | None, fmt: str | None = "decimal", text: str | None = "%1.", start: str | None = "1") -> str:
    """A w:lvl; None leaves the attribute (ilvl) or the element (numFmt, lvlText, start) out; "" leaves the
    element in without its w:val."""
    def el(tag: str, val: str | None) -> str:
        if val is None:
            return ""
        return f'<w:{tag} w:val="{val}"/>' if val != "" else f"<w:{tag}/>"
    head = f'<w:lvl w:ilvl="{ilvl}">' if ilvl is not None else "<w:lvl>"
    return head + el("start", start) + el("numFmt", fmt) + el("lvlText", text) + "</w:lvl>"


def abstract(aid: int | None, *levels: str) -> str:
    head = f'<w:abstractNum w:abstractNumId="{aid}">' if aid is not None else "<w:abstractNum>"
    return head + "".join(levels) + "</w:abstractNum>"


def num(nid: int, aid: int | None, overrides: str = "") -> str:
    ref = f'<w:abstractNumId w:val="{aid}"/>' if aid is not None else ""
    return f'<w:num w:numId="{nid}">{ref}{overrides}</w:num>'


def shown(path: Path) -> list[str]:
    return [t for t in read_paragraphs(path) if t]


#: the usual outline as one multi-level list: 一、 / （一） / 1.
OUTLINE = abstract(7, lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "（%2）"), lvl(2, "decimal", "%3."))


# --------------------------------------------------------------------------- automatic numbering


def test_levels_count_and_deeper_levels_restart_under_a_new_heading(tmp_path):
    body = (p("基本情况", (3, 0)) + p("履职目标", (3, 1)) + p("主要任务", (3, 1)) + p("第一项", (3, 2)) + p("第二项", (3, 2))
            + p("自评工作", (3, 0)) + p("组织", (3, 1)) + p("第一项", (3, 2)) + p("正文。"))
    path = docx(tmp_path, body, OUTLINE + num(3, 7))
    assert shown(path) == ["一、基本情况", "（一）履职目标", "（二）主要任务", "1.第一项", "2.第二项",
                           "二、自评工作", "（一）组织", "1.第一项", "正文。"]


def test_a_deeper_level_keeps_counting_under_a_deeper_one_but_not_across_lists(tmp_path):
    """（二）'s count survives a 1. under it; a second list (numId 4 of the same abstract) counts on its own."""
    body = (p("甲", (3, 1)) + p("子", (3, 2)) + p("乙", (3, 1)) + p("丙", (4, 1)) + p("丁", (3, 1)))
    path = docx(tmp_path, body, OUTLINE + num(3, 7) + num(4, 7))
    assert shown(path) == ["（一）甲", "1.子", "（二）乙", "（一）丙", "（三）丁"]


@pytest.mark.parametrize("n, cn", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (19, "十九"), (20, "二十"),
                                   (21, "二十一"), (30, "三十"), (35, "三十五")])
def test_chinese_numbers_as_word_writes_them(tmp_path, n, cn):
    body = "".join(p(f"第{i}项", (3, 0)) for i in range(1, n + 1))
    path = docx(tmp_path, body, OUTLINE + num(3, 7))
    assert shown(path)[-1] == f"{cn}、第{n}项"


@pytest.mark.parametrize("fmt", ["chineseCounting", "chineseCountingThousand", "ideographDigital", "japaneseCounting",
                                 "ideographTraditional"])
def test_every_chinese_format_shows_chinese_numerals(tmp_path, fmt):
    path = docx(tmp_path, p("甲", (3, 0)) + p("乙", (3, 0)), abstract(7, lvl(0, fmt, "%1、")) + num(3, 7))
    assert shown(path) == ["一、甲", "二、乙"]


def test_decimal_and_missing_formats_show_digits_and_a_bullet_shows_nothing(tmp_path):
    numbering = (abstract(1, lvl(0, None, "%1)")) + abstract(2, lvl(0, "", "第%1条")) + abstract(3, lvl(0, "bullet", "●"))
                 + num(1, 1) + num(2, 2) + num(3, 3))
    path = docx(tmp_path, p("甲", (1, 0)) + p("乙", (1, 0)) + p("丙", (2, 0)) + p("丁", (3, 0)), numbering)
    assert shown(path) == ["1)甲", "2)乙", "第1条丙", "丁"]


def test_start_values_missing_or_unreadable_count_from_one(tmp_path):
    numbering = (abstract(1, lvl(0, "decimal", "%1.", "3")) + abstract(2, lvl(0, "decimal", "%1.", ""))
                 + abstract(4, lvl(0, "decimal", "%1.", "x")) + abstract(5, lvl(0, "decimal", "%1.", None))
                 + num(1, 1) + num(2, 2) + num(4, 4) + num(5, 5))
    path = docx(tmp_path, p("甲", (1, 0)) + p("乙", (2, 0)) + p("丙", (4, 0)) + p("丁", (5, 0)), numbering)
    assert shown(path) == ["3.甲", "1.乙", "1.丙", "1.丁"]


def test_a_level_without_text_shows_no_number_and_a_level_without_ilvl_is_the_first(tmp_path):
    numbering = abstract(1, lvl(0, "decimal", None)) + abstract(2, lvl(None, "chineseCounting", "%1、")) + num(1, 1) + num(2, 2)
    path = docx(tmp_path, p("甲", (1, 0)) + p("乙", (2, 0)), numbering)
    assert shown(path) == ["甲", "一、乙"]


def test_a_paragraph_without_level_is_at_the_first_and_an_unknown_level_shows_digits(tmp_path):
    """numPr with no w:ilvl is level 0; a level the list does not define is counted in digits at that level (Word's
    default “%6.” for the sixth level: 1. 2.), restarted under the list's next level-0 paragraph."""
    body = p("甲", (3, None)) + p("乙", (3, None)) + p("丙", (3, 5)) + p("丁", (3, 5)) + p("戊", (3, 0)) + p("己", (3, 5))
    path = docx(tmp_path, body, OUTLINE + num(3, 7))
    assert shown(path) == ["一、甲", "二、乙", "1.丙", "2.丁", "三、戊", "1.己"]


def test_numbering_switched_off_or_unknown_shows_nothing(tmp_path):
    """numId 0 is Word's “no numbering”; a numId with no w:num, a numPr without numId, and a w:num without its
    abstractNumId show no number either."""
    numbering = OUTLINE + num(0, 7) + num(3, 7) + num(5, None)
    body = p("甲", (0, 0)) + p("乙", (9, 0)) + p("丙", (None, 0)) + p("丁", (5, 0)) + p("戊", (3, 0))
    path = docx(tmp_path, body, numbering)
    assert shown(path) == ["甲", "乙", "丙", "丁", "一、戊"]


def test_a_list_restarted_or_set_to_a_value(tmp_path):
    """“设置编号值”: a w:num whose lvlOverride sets a start (五), or replaces the level's own definition."""
    over_start = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>'
    over_lvl = f'<w:lvlOverride w:ilvl="1">{lvl(1, "decimal", "第%2部分", "2")}</w:lvlOverride>'
    numbering = OUTLINE + num(3, 7) + num(4, 7, over_start) + num(5, 7, over_lvl)
    body = p("甲", (3, 0)) + p("乙", (4, 0)) + p("丙", (4, 0)) + p("丁", (5, 1)) + p("戊", (5, 1))
    path = docx(tmp_path, body, numbering)
    assert shown(path) == ["一、甲", "五、乙", "六、丙", "第2部分丁", "第3部分戊"]


def test_a_start_override_without_ilvl_or_value_and_for_a_level_the_list_lacks(tmp_path):
    """An override without w:ilvl is level 0's; one without a value starts at 1; one for a level the abstract does
    not define numbers it as Word's default for that level (“%2.” → 4.)."""
    no_ilvl = '<w:lvlOverride><w:startOverride w:val="3"/></w:lvlOverride>'
    no_val = '<w:lvlOverride w:ilvl="0"><w:startOverride/></w:lvlOverride>'
    new_level = '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="4"/></w:lvlOverride>'
    one_level = abstract(8, lvl(0, "chineseCounting", "%1、", "6"))
    numbering = one_level + num(3, 8, no_ilvl) + num(4, 8, no_val) + num(5, 8, new_level)
    body = p("甲", (3, 0)) + p("乙", (4, 0)) + p("丙", (5, 1)) + p("丁", (5, 1))
    path = docx(tmp_path, body, numbering)
    assert shown(path) == ["三、甲", "一、乙", "4.丙", "5.丁"]


def test_a_list_without_its_definition_shows_no_number(tmp_path):
    """A w:num without abstractNumId, with one that names no abstractNum, or with one without a value."""
    numbering = (abstract(None, lvl(0, "decimal", "%1.")) + num(3, None) + OUTLINE + num(4, 7) + num(5, 99))
    path = docx(tmp_path, p("甲", (3, 0)) + p("乙", (4, 0)) + p("丙", (5, 0)), numbering)
    assert shown(path) == ["甲", "一、乙", "丙"]
    numbering = OUTLINE + num(4, 7) + '<w:num w:numId="6"><w:abstractNumId/></w:num>'
    path = docx(tmp_path, p("甲", (4, 0)) + p("丁", (6, 0)), numbering, name="s.docx")
    assert shown(path) == ["一、甲", "丁"]


def test_a_level_given_without_value_is_the_first(tmp_path):
    no_val = '<w:r><w:t>乙</w:t></w:r>'
    para = f'<w:p><w:pPr><w:numPr><w:ilvl/><w:numId w:val="3"/></w:numPr></w:pPr>{no_val}</w:p>'
    path = docx(tmp_path, p("甲", (3, 1)) + para, OUTLINE + num(3, 7))
    assert shown(path) == ["（一）甲", "一、乙"]


# --------------------------------------------------------------------------- styles: 标题 1/2/3


def style(sid: str, name: str = "", outline: int | None = None, numpr: str = "", based: str = "") -> str:
    ppr = numpr + (f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else "")
    return (f'<w:style w:type="paragraph" w:styleId="{sid}">' + (f'<w:name w:val="{name}"/>' if name else "")
            + (f'<w:basedOn w:val="{based}"/>' if based else "") + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + "</w:style>")


def test_heading_styles_without_numbers_are_numbered_by_level(tmp_path):
    """Word shows no number; the importer numbers 标题 1/2/3 一、 （一） 1. per level, each restarting under a new
    higher heading; text already numbered by hand keeps its own number, and a blank heading counts nothing."""
    styles = style("a1", "heading 1") + style("a2", "Heading 2") + style("a3", "标题 3") + style("a4", "heading 4")
    body = (p("基本情况", style="a1") + p("履职", style="a2") + p("甲", style="a3") + p("乙", style="a3")
            + p("任务", style="a2") + p("丙", style="a3") + p("", style="a3") + p("深", style="a4")
            + p("自评", style="a1") + p("组织", style="a2") + p("1.丁", style="a3") + p("（二）戊", style="a2")
            + p("三、己", style="a1"))
    path = docx(tmp_path, body, styles=styles)
    assert shown(path) == ["一、基本情况", "（一）履职", "1.甲", "2.乙", "（二）任务", "1.丙", "深",
                           "二、自评", "（一）组织", "1.丁", "（二）戊", "三、己"]


def test_outline_level_of_a_style_and_styles_based_on_a_heading(tmp_path):
    """A style's w:outlineLvl (0 = level 1) decides over its name; a style based on 标题 2 is a level-2 heading;
    outline level 9 is body text whatever the name; an unreadable one leaves the name to decide."""
    styles = (style("h1", "heading 1") + style("t", "my title", outline=0) + style("h2", "heading 2")
              + style("mine", "我的标题", based="h2") + style("odd", "heading 1", outline="x")
              + style("nine", "heading 1", outline=9) + style("body", "Normal", based="none")
              + '<w:style w:type="paragraph"><w:name w:val="heading 1"/></w:style>'  # no id: no paragraph has it
              + '<w:style w:styleId="anon"><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
              + '<w:style w:styleId="blank"><w:name/></w:style>')
    body = (p("甲", style="t") + p("乙", style="mine") + p("丙", style="mine") + p("丁", style="odd")
            + p("庚", style="nine") + p("戊", style="h1") + p("己", style="body") + p("辛") + p("壬", style="anon")
            + p("癸", style="blank"))
    path = docx(tmp_path, body, styles=styles)
    assert shown(path) == ["一、甲", "（一）乙", "（二）丙", "二、丁", "庚", "三、戊", "己", "辛", "（一）壬", "癸"]


def test_the_first_heading_of_a_level_is_numbered_one_whatever_comes_before(tmp_path):
    styles = style("h1", "heading 1") + style("h2", "heading 2") + style("h3", "heading 3")
    path = docx(tmp_path, p("甲", style="h3") + p("乙", style="h2") + p("丙", style="h3") + p("丁", style="h1"), styles=styles)
    assert shown(path) == ["1.甲", "（一）乙", "1.丙", "一、丁"]


def test_numbering_that_comes_with_a_style_and_the_styles_based_on_it(tmp_path):
    """标题 1 whose style carries list 3 at level 0, 标题 2 carrying list 3 without a level (its outline level
    gives it: 1), and a style based on 标题 2 inheriting that list; a paragraph's own numPr wins over its style's."""
    styles = (style("h1", "heading 1", numpr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>')
              + style("h2", "heading 2", numpr='<w:numPr><w:numId w:val="3"/></w:numPr>')
              + style("mine", "我的", based="h2") + style("deep", "我的三级", outline=2, based="h2")
              + style("h3", "heading 3", numpr='<w:numPr><w:ilvl w:val="0"/><w:numId w:val="3"/></w:numPr>'))
    dotted = abstract(7, lvl(0, "chineseCounting", "%1."), lvl(1, "chineseCounting", "（%2）"), lvl(2, "decimal", "%3、"))
    body = (p("甲", style="h1") + p("乙", style="h2") + p("庚", style="deep") + p("丙", style="mine") + p("丁", style="h1")
            + p("戊", (4, 2), style="h1") + p("己", style="h3"))
    path = docx(tmp_path, body, dotted + num(3, 7) + num(4, 7), styles)
    # 庚: based on 标题 2's list, at its own outline level 3 (1、), whatever 标题 2's paragraphs were numbered before;
    # 己: 标题 3 whose style puts it at the list's first level says 三. (the style's level, not its outline level)
    assert shown(path) == ["一.甲", "（一）乙", "1、庚", "（二）丙", "二.丁", "1、戊", "三.己"]


def test_a_styles_list_without_level_on_a_style_with_no_outline_level(tmp_path):
    """The style has a list but no level of its own and no outline level: level 0 of that list."""
    styles = style("lst", "List Number", numpr='<w:numPr><w:numId w:val="3"/></w:numPr>')
    path = docx(tmp_path, p("甲", style="lst") + p("乙", style="lst"), OUTLINE + num(3, 7), styles)
    assert shown(path) == ["一、甲", "二、乙"]


# --------------------------------------------------------------------------- text of a paragraph, tables


def test_runs_tabs_and_line_breaks(tmp_path):
    runs = ('<w:r><w:t>预算</w:t><w:tab/><w:t>执行</w:t></w:r><w:r><w:t/></w:r><w:r><w:br/><w:t>第二行</w:t>'
            '<w:cr/><w:t>第三行</w:t></w:r>')
    path = docx(tmp_path, p(runs=runs) + p(runs='<w:r><w:t xml:space="preserve"> 空格 </w:t></w:r>'))
    assert read_paragraphs(path) == ["预算\t执行", "第二行", "第三行", " 空格 "]


def test_a_numbered_paragraph_broken_by_line_breaks_carries_its_number_on_the_first_line(tmp_path):
    runs = "<w:r><w:t>基本情况</w:t><w:br/><w:t>正文</w:t></w:r>"
    path = docx(tmp_path, p(runs=runs, num=(3, 0)) + p("", (3, 0)) + p("自评", (3, 0)), OUTLINE + num(3, 7))
    # an empty numbered paragraph shows its number alone in Word, but carries no text: it is read as empty
    assert read_paragraphs(path) == ["一、基本情况", "正文", "", "三、自评"]


def test_tables_are_rows_of_cells_joined_by_tabs_then_an_empty_line(tmp_path):
    cell = lambda *paras: "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in paras)  # noqa: E731
    tabbed = '<w:p><w:r><w:t>年初</w:t><w:tab/><w:t>预算</w:t></w:r></w:p>'
    rows = [[cell("项目"), cell("年初预算数"), cell(" 得分 ")], [cell("一般", "公共"), tabbed, cell("")]]
    path = docx(tmp_path, p("表前") + table(rows) + p("表后"))
    assert read_paragraphs(path) == ["表前", "项目\t年初预算数\t得分", "一般公共\t年初 预算\t", "", "表后"]


def test_other_body_elements_are_skipped(tmp_path):
    path = docx(tmp_path, p("甲") + '<w:sectPr/><w:bookmarkStart w:id="0"/>' + p("乙"))
    assert read_paragraphs(path) == ["甲", "乙"]


# --------------------------------------------------------------------------- .txt encodings


TEXT = "某局2022年度部门整体绩效自评报告\n一、基本情况\n履职。"
LINES = ["某局2022年度部门整体绩效自评报告", "一、基本情况", "履职。"]


@pytest.mark.parametrize("raw", [
    TEXT.encode("utf-8"), b"\xef\xbb\xbf" + TEXT.encode("utf-8"), TEXT.encode("gb18030"), TEXT.encode("gbk"),
    TEXT.encode("utf-16"), b"\xff\xfe" + TEXT.encode("utf-16-le"), b"\xfe\xff" + TEXT.encode("utf-16-be"),
], ids=["utf8", "utf8-bom", "gb18030", "gbk", "utf16", "utf16le-bom", "utf16be-bom"])
def test_text_in_every_encoding_a_windows_machine_saves(tmp_path, raw):
    src = tmp_path / "r.txt"
    src.write_bytes(raw)
    assert read_paragraphs(src) == LINES


@pytest.mark.parametrize("raw", [TEXT.encode("utf-16-le"), b"ab\x00cd", b"\xff\xff\x80"],
                         ids=["utf16-no-bom", "nul-bytes", "garbage"])
def test_text_that_is_no_readable_text_is_refused(tmp_path, raw):
    src = tmp_path / "上年.txt"
    src.write_bytes(raw)
    with pytest.raises(ImportFailure) as e:
        read_paragraphs(src)
    assert str(e.value) == "“上年.txt”不是可读的文本文件（编码无法识别），请另存为 UTF-8 文本或 Word 文档后再导入"


@pytest.mark.parametrize("suffix", [".txt", ".TXT", ".md", ".text", ""])
def test_text_suffixes(tmp_path, suffix):
    src = tmp_path / f"r{suffix}"
    src.write_text(TEXT, encoding="utf-8")
    assert read_paragraphs(src) == LINES


# --------------------------------------------------------------------------- refusals


def refusal(path: Path) -> str:
    with pytest.raises(ImportFailure) as e:
        read_paragraphs(path)
    return str(e.value)


def test_missing_file_and_unsupported_kinds(tmp_path):
    assert refusal(tmp_path / "无.docx") == f"找不到文件“{tmp_path / '无.docx'}”"
    assert refusal(tmp_path) == f"找不到文件“{tmp_path}”"  # a folder is no file
    for name, message in [
        ("旧.doc", "“旧.doc”是旧版 Word 格式（.doc），请在 Word/WPS 中另存为 .docx 后再导入"),
        ("旧.DOC", "“旧.DOC”是旧版 Word 格式（.doc），请在 Word/WPS 中另存为 .docx 后再导入"),
        ("扫描.pdf", "暂不能直接导入 PDF（“扫描.pdf”），请导入 Word 版报告（.docx）或复制正文另存为 .txt"),
        ("表.xls", "“表.xls”不是可导入的文件：请提供上年报告（.docx 或 .txt）或上年填报表（.xlsx/.xlsm）"),
    ]:
        (tmp_path / name).write_bytes(b"x")
        assert refusal(tmp_path / name) == message


def test_a_docx_that_is_no_word_document(tmp_path):
    bad = "“{}”不是有效的 Word 文档（.docx），无法读取：请用 Word/WPS 打开后另存为 .docx"
    (tmp_path / "a.docx").write_bytes(b"not a zip")
    assert refusal(tmp_path / "a.docx") == bad.format("a.docx")
    with zipfile.ZipFile(tmp_path / "b.docx", "w") as z:
        z.writestr("word/other.xml", "<x/>")
    assert refusal(tmp_path / "b.docx") == bad.format("b.docx")
    with zipfile.ZipFile(tmp_path / "c.docx", "w") as z:
        z.writestr("word/document.xml", "<w:document")
    assert refusal(tmp_path / "c.docx") == bad.format("c.docx")
    with zipfile.ZipFile(tmp_path / "d.docx", "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"/>')
    assert refusal(tmp_path / "d.docx") == "“d.docx”没有正文"
    good = docx(tmp_path, p("甲"), name="e.docx")
    with zipfile.ZipFile(good, "a") as z:
        z.writestr("word/numbering.xml", "<broken")
    assert refusal(good) == bad.format("e.docx")


def test_sizes_past_the_limits_are_refused(tmp_path, monkeypatch):
    path = docx(tmp_path, p("一段正文。"), OUTLINE + num(3, 7), style("h1", "heading 1"), name="大.docx")
    size = path.stat().st_size
    monkeypatch.setattr(sources, "MAX_BYTES", size)
    assert read_paragraphs(path) == ["一段正文。"]  # exactly at the limit: read
    monkeypatch.setattr(sources, "MAX_BYTES", size - 1)
    assert refusal(path) == "“大.docx”过大（超过20MB），不像是一份自评报告"
    monkeypatch.setattr(sources, "MAX_BYTES", 20 * 1024 * 1024)
    with zipfile.ZipFile(path) as z:
        document = z.getinfo("word/document.xml").file_size
    monkeypatch.setattr(sources, "MAX_XML", document)
    assert read_paragraphs(path) == ["一段正文。"]
    monkeypatch.setattr(sources, "MAX_XML", document - 1)
    assert refusal(path) == "“大.docx”的正文过大，不像是一份自评报告"


def test_numbering_and_styles_past_the_limit_are_left_out(tmp_path, monkeypatch):
    """A numbering or styles part too large to be real is not read: the paragraphs come without their numbers."""
    styles = style("h1", "heading 1") + "".join(style(f"x{i}", f"custom {i}") for i in range(8))
    unused = "".join(abstract(20 + i, lvl(0)) for i in range(8))
    path = docx(tmp_path, p("甲", (3, 0)) + p("乙", style="h1"), OUTLINE + unused + num(3, 7), styles)
    with zipfile.ZipFile(path) as z:
        sizes = {n: z.getinfo(f"word/{n}.xml").file_size for n in ("document", "numbering", "styles")}
    assert sizes["numbering"] > sizes["styles"] and sizes["document"] <= sizes["styles"]
    monkeypatch.setattr(sources, "MAX_XML", sizes["numbering"] + 1)
    assert shown(path) == ["一、甲", "一、乙"]
    monkeypatch.setattr(sources, "MAX_XML", sizes["numbering"])
    assert shown(path) == ["甲", "一、乙"]
    monkeypatch.setattr(sources, "MAX_XML", sizes["styles"])
    assert shown(path) == ["甲", "乙"]


def test_the_limits_are_twenty_and_sixty_megabytes():
    assert sources.MAX_BYTES == 20 * 1024 * 1024 and sources.MAX_XML == 60 * 1024 * 1024
