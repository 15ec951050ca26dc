"""The macro workbooks: ``.xlsm`` twins of the ``.xlsx`` forms, with xlwings' VBA runtime, the generated
``xlwings_udfs`` wrappers and the 「绩效自评」 ribbon.

Owns: ``winstub`` (pywin32 stand-ins so xlwings' Windows-only code runs here), ``vba_gen`` (the
``xlwings_udfs`` module via xlwings' own generator), ``register`` (the ``xlperf_register`` module: Function
Wizard help set on open), ``xlsm`` (package assembly with pyOpenVBA), ``addin`` (the optional ``xlperf.xlam``).
Build-time only: nothing here is imported by the UDF server or the ribbon actions on a clerk's PC.
Must not import the core's pydantic models or openpyxl.
"""

from __future__ import annotations

from pathlib import Path


def build_twins(xlsx_paths) -> list[Path]:
    """Build ``name.xlsm`` next to each ``name.xlsx``; return the ``.xlsm`` paths."""
    from .xlsm import build_xlsm  # pyOpenVBA (the [build] extra): vba_gen and winstub work without it

    return [build_xlsm(p, Path(p).with_suffix(".xlsm")) for p in xlsx_paths]
