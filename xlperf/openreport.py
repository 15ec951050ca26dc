"""One saved workbook in, one file out and opened: the report, or a short readable 校验结果 page.

This is what a clerk without the Excel buttons uses (WPS, LibreOffice, Excel without Python wired in): on
Windows the 发送到 (Send To) entry 「生成绩效自评报告」, on Linux desktops (统信UOS, 麒麟) the 打开方式 entry of
the same name.  Both run ``xlperf open-report FILE`` (:mod:`xlperf.commands.open_report`), which calls
:func:`open_report` for each file; ``xlperf setup`` installs the entries (:mod:`xlperf.commands.setup`).

- No errors: the Word report is written where ``xlperf report FILE`` writes it (the workbook's folder, or the
  folder 设置 names) and opened; warnings do not stop it.
- Errors, a file that cannot be read, a report that cannot be written: ``<workbook name>-校验结果.html`` is
  written next to the workbook (or in the temporary folder when that folder is read-only) listing each
  problem with its cell, and opened instead.
- Anything unexpected: the traceback goes to the log (:mod:`xlperf.infra.applog`) and the page says where it is.

Nothing here needs a console: Send To starts ``pythonw.exe`` (no window), and the desktop entry has
``Terminal=false``; what the clerk must read is always a file that opens by itself.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .infra import atomic
from .app.reports import open_file, report_name, report_path, write_report
from .infra.applog import log_exception
from .infra.wininstall import SENDTO_NAME
from .domain.numbers import InputError

RESULT_SUFFIX = "-校验结果.html"


@dataclass
class Outcome:
    """What :func:`open_report` wrote: the report, or the 校验结果 page (then ``problems`` says why)."""

    source: Path
    path: Path | None
    report: bool
    problems: list = field(default_factory=list)
    message: str = ""


#: set (to anything) to write the files without opening them: tests and scripted runs
NO_OPEN_ENV = "XLPERF_NO_OPEN"


def open_path(path: Path) -> None:
    """Open a file with the program the desktop associates with it (Word/WPS, the browser)."""
    if os.environ.get(NO_OPEN_ENV):
        return
    try:
        open_file(path)
    except OSError:
        print(f"无法自动打开，请手动打开：{path}", file=sys.stderr)


def _make_report(source: Path) -> Outcome:
    from .app.check import check_file, report_context  # pydantic and the reader: after the entry has started

    checked = check_file(source)
    if not checked.reportable:
        return Outcome(source, None, False, checked.errors or checked.problems,
                       f"发现{len(checked.errors)}个错误，未生成报告。")
    ctx = report_context(checked)
    out = report_path(report_name(ctx, "docx"), source=source, output_dir=checked.evaluation.options.output_dir)
    return Outcome(source, write_report(ctx, out, "docx"), True)


def result_page(outcome: Outcome, title: str = "校验结果", again: str = SENDTO_NAME) -> str:
    """The 校验结果 page: what went wrong, cell by cell, and what to do next."""
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(p.severity)}</td><td>{e(p.where)}</td><td>{e(p.label)}</td><td>{e(p.message)}</td></tr>"
        for p in outcome.problems)
    table = ("<table><thead><tr><th>类别</th><th>位置（工作表!单元格）</th><th>项目</th><th>说明</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>") if rows else ""
    when = _dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{e(title)}：{e(outcome.source.name)}</title>
<style>body{{font-family:"Microsoft YaHei","Noto Sans CJK SC",sans-serif;margin:2em;line-height:1.6}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:4px 8px;vertical-align:top}}
th{{background:#eee}}.msg{{color:#b00;font-weight:bold}}</style></head><body>
<h1>{e(title)}</h1>
<p>填报表：{e(str(outcome.source))}<br>时间：{when}</p>
<p class="msg">{e(outcome.message)}</p>
{table}
<p>请在 Excel 或 WPS 中打开填报表，按上表修改对应的单元格并保存，然后再用“{e(again)}”处理一次。</p>
</body></html>
"""


def write_page(outcome: Outcome, page: str = "", suffix: str = RESULT_SUFFIX) -> Path:
    data = (page or result_page(outcome)).encode()  # str.encode is UTF-8 always
    name = outcome.source.stem + suffix
    try:
        return atomic.write_bytes(outcome.source.parent / name, data)
    except Exception:  # noqa: BLE001 - a read-only folder (a CD, a share): the temporary folder instead
        folder = Path(tempfile.gettempdir()) / "xlperf"
        folder.mkdir(parents=True, exist_ok=True)
        return atomic.write_bytes(folder / name, data)


def open_report(source: str | Path, *, opener=open_path) -> Outcome:
    """Make the report of ``source`` (or its 校验结果 page), open it, and say which."""
    source = Path(source).expanduser().absolute()
    try:
        if not source.is_file():
            raise InputError(f"找不到文件：{source}")
        outcome = _make_report(source)
    except InputError as exc:
        outcome = Outcome(source, None, False, [], str(exc))
    except Exception:  # noqa: BLE001 - the clerk gets a page, the log gets the traceback
        log = log_exception(f"xlperf open-report {source}")
        where = f"详细信息已记录在 {log}，请把该文件发给技术支持人员。" if log else "（日志文件无法写入）"
        outcome = Outcome(source, None, False, [], f"程序出现意外错误，未生成报告。{where}")
    if not outcome.report:
        outcome.path = write_page(outcome)
    if opener is not None:
        opener(outcome.path)
    return outcome
