"""Every formula example in the README's 「公式参考」 section is evaluated with xlperf.udfs.

The examples table has two columns, 公式 | 结果.  A formula is ``=NAME(arg,…)`` with Excel's
argument syntax: numbers, "text", an empty argument (a blank cell) and array constants
``{1,2;3,4}`` (``,`` between columns, ``;`` between rows), which arrive as 2-D lists.  A numeric
result is compared at the precision written; ``（空白）`` means an empty cell.
"""

import re
from pathlib import Path

import pytest

import xlperf.udfs as u

README = Path(__file__).resolve().parents[1] / "README.md"
BLANK = "（空白）"


def _section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## 公式参考 / Formula reference")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def _examples() -> list[tuple[str, str]]:
    rows, in_table = [], False
    for line in _section().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else None
        if cells == ["公式", "结果"]:
            in_table = True
        elif in_table and cells and not set(cells[0]) <= set("-: "):
            rows.append((cells[0].strip("`"), cells[1]))
        elif in_table and cells is None:
            break
    return rows


def _split(text: str, seps: str) -> list[str]:
    """Split at top-level separators, outside quotes and braces."""
    parts, buf, quoted, depth = [], "", False, 0
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "{":
            depth += 1
        elif not quoted and ch == "}":
            depth -= 1
        if not quoted and depth == 0 and ch in seps:
            parts.append(buf)
            buf = ""
        else:
            buf += ch
    parts.append(buf)
    return parts


def _value(token: str):
    token = token.strip()
    if token == "":
        return None
    if token.startswith('"') and token.endswith('"'):
        return token[1:-1].replace('""', '"')
    if token.startswith("{") and token.endswith("}"):
        return [[_value(c) for c in _split(row, ",")] for row in _split(token[1:-1], ";")]
    return float(token)


def _call(formula: str):
    m = re.fullmatch(r"=(PERF_[A-Z_]+)\((.*)\)", formula)
    assert m, f"not a formula: {formula}"
    func = getattr(u, m.group(1))
    args = [_value(a) for a in _split(m.group(2), ",")]
    return func(*args)


EXAMPLES = _examples()


def test_the_section_has_examples_for_every_function():
    assert len(EXAMPLES) >= len(u.__all__)
    used = {re.match(r"=(PERF_[A-Z_]+)", f).group(1) for f, _ in EXAMPLES}
    assert used == set(u.__all__)


@pytest.mark.parametrize("formula, expected", EXAMPLES, ids=[f for f, _ in EXAMPLES])
def test_readme_formula(formula, expected):
    got = _call(formula)
    if expected == BLANK:
        assert got == ""
    elif expected.startswith("`"):
        assert got == expected.strip("`")
    else:
        places = len(expected.split(".")[1]) if "." in expected else 0
        assert isinstance(got, float), got
        assert round(got, places) == float(expected)


def test_parser_reads_array_constants():
    assert _value('{90,"优";80,"良"}') == [[90.0, "优"], [80.0, "良"]]
    assert _value("{10;20}") == [[10.0], [20.0]]
    assert _split('"a,b",,{1,2;3}', ",") == ['"a,b"', "", "{1,2;3}"]
