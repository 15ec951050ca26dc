"""Test helpers for reading back what a built macro workbook holds (olevba and the zip)."""

import zipfile

from oletools.olevba import VBA_Parser


def vba_modules(path) -> dict[str, str]:
    """Module name → source, as olevba reads them back from the file."""
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def part(path, name) -> bytes:
    with zipfile.ZipFile(path) as zf:
        return zf.read(name)
