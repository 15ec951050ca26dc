"""Small report outlines written as TOML text, for tests that need an outline of their own.

One writer for the outline files the tests used to spell out line by line (the layout of
xlperf/domain/outlines/*.toml: top keys, then each ``[[section]]`` with its ``[[section.block]]`` lines indented
two spaces). It is written here, not taken from xlperf.importer.own_outline.toml_text, so that the tests of that
writer do not build their inputs with it.
"""

from __future__ import annotations


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, int):
        return str(v)
    return f'"{v}"'


def _lines(keys: dict, indent: str = "") -> str:
    return "".join(f"{indent}{k} = {_value(v)}\n" for k, v in keys.items())


def section(id: str, number: str, heading: str, *blocks: dict, level: int = 1, **more) -> str:
    """One ``[[section]]``: id, level, number, heading, the ``more`` keys in order, then its ``blocks`` (dicts)."""
    text = "[[section]]\n" + _lines({"id": id, "level": level, "number": number, "heading": heading, **more})
    return text + "".join("  [[section.block]]\n" + _lines(b, "  ") for b in blocks)


def outline_toml(name: str, *sections: str, **top) -> str:
    """The outline file: ``name``, the ``top`` keys in order (problem_slots, default_slot …), a blank line before
    each section."""
    return _lines({"name": name, **top}) + "".join("\n" + s for s in sections)
