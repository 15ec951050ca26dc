"""Shared helpers for the report tests: text normaliser, docx text reader, loaders."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest

from xlperf.cli import main

REPO = Path(__file__).resolve().parents[1]
#: The reference report the golden tests compare against; it lives beside the repository, not in it.
#: Read it only through :func:`seed_path` (or the helpers below), never directly.
SEED = REPO.parent / "shared" / "seed" / "000_b29ebcb0f210dfb5.txt"
EXAMPLE = REPO / "xlperf" / "data" / "example-2021.json"
DEPT_B = REPO / "tests" / "data" / "dept-b-2022.json"
DEPT_B_PROFILE = REPO / "tests" / "data" / "dept-b-profile.toml"


#: the reference report's leftover instruction in 五: the example keeps it to regenerate that report (check warns
#: at it, once); a department's own form has none
EXAMPLE_LEFTOVER = "包括绩效目标未完成原因和下一步改进措施，执行中存在的问题、原因和改进措施。"
OWN_SECTION5 = "本年度绩效目标基本完成，未得满分的指标已逐项分析原因并提出改进措施。"


def department_data() -> dict:
    """The example's data as a department's correct form (for tests of batch, service …, where the example stands in
    for any department): 五 in the department's own words instead of the reference's leftover."""
    import json

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    assert data["narrative"]["section5"] == [EXAMPLE_LEFTOVER]
    data["narrative"]["section5"] = [OWN_SECTION5]
    return data


def department_book(src: Path, dst: Path) -> Path:
    """The example workbook ``src`` as a department's correct form at ``dst`` (see :func:`department_data`)."""
    import openpyxl

    wb = openpyxl.load_workbook(src)
    cells = [c for row in wb["文字材料"].iter_rows() for c in row if c.value == EXAMPLE_LEFTOVER]
    assert len(cells) == 1
    cells[0].value = OWN_SECTION5
    wb.save(dst)
    return dst


def department_example():
    """:func:`department_data` as an Evaluation."""
    from xlperf.domain.model import Evaluation

    return Evaluation.model_validate(department_data())


def run_cli(*argv) -> int:
    """``xlperf ARGV…`` in this process (paths and numbers passed as they print); its exit code."""
    return main([str(a) for a in argv])


def norm(text: str) -> str:
    """Content only: NFKC (full/half-width), no whitespace, the seed's LaTeX bits undone."""
    text = text.replace("$\\geq", "≥").replace("\\geq", "≥").replace("\\%", "%").replace("$", "")
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def md_plain(md: str) -> str:
    """Markdown without its markup (headings, bold, table bars and the separator row)."""
    lines = [ln for ln in md.splitlines() if not re.fullmatch(r"[|\s:-]+", ln or "x")]
    return "\n".join(lines).replace("#", "").replace("*", "").replace("|", "")


def docx_text(path) -> str:
    """Body text of a .docx in document order, tables cell by cell."""
    from docx import Document
    from docx.table import Table

    out = []
    for block in Document(str(path)).iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                out.extend(c.text for c in row.cells)
        else:
            out.append(block.text)
    return "\n".join(out)


def in_ci() -> bool:
    """True when the environment variable CI says so (``CI=true``, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def seed_path() -> Path:
    """The seed report's path — the one place every test finds it.

    A plain clone has no ``shared/`` beside it: then the calling test is skipped, saying why.  Under
    ``CI=true`` a missing seed fails the test instead, so CI can never pass without the golden tests.
    """
    if SEED.is_file():
        return SEED
    where = f"{SEED} (../shared/seed/ beside the repository)"
    if in_ci():
        pytest.fail(f"seed report missing at {where}: CI=true requires it; check out shared/ next to the "
                    "repository", pytrace=False)
    pytest.skip(f"seed report not found at {where}: golden tests need shared/ beside the repository "
                "(a plain clone has none)")


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


def seed_sentences() -> list[str]:
    """The seed, normalised and cut at every 。 (PDF line breaks inside sentences disappear)."""
    return [s for s in norm(seed_text()).split("。") if s]


def seed_headings() -> list[str]:
    heads = []
    for line in seed_text().splitlines():
        line = line.strip()
        if re.match(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.\s)", line) and "。" not in line \
                and len(line) < 40:
            heads.append(norm(line))
    return heads


def context_of(path, profile=None):
    from xlperf.app.load import load_checked
    from xlperf.report.context import build_context

    ev, prof, result, problems = load_checked(path, profile)
    assert result is not None and not [p for p in problems if p.severity == "错误"], problems
    ctx, more = build_context(result)
    # the warnings about the text come with validation (check shows them too), not from build_context
    return ctx, [p for p in problems if p.severity == "警告"] + more
