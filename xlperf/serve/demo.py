"""The example data of ``make serve``: a few units, one whose form passed, one whose form has errors.

Workbooks are made from the bundled example (``workbooks/example-2021.xlsx``): :func:`renamed_copy` changes
only the unit's name inside the file (cached values stay, as Excel saved them); :func:`changed_copy` sets
cells through openpyxl (a form with a wrong cell).  The source is never modified.
"""

from __future__ import annotations

import asyncio
import io
import secrets
import zipfile
from pathlib import Path

import openpyxl

from ..workbook.layout import S_BASIC, S_IND
from .jobs import Pool
from .security import hash_password
from .store import Store
from .submit import submit

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"
EXAMPLE_UNIT = "中共郑州市金水区委组织部"
UNITS = (EXAMPLE_UNIT, "郑州市金水区教育局", "郑州市金水区财政局", "郑州市金水区卫生健康委员会")


def renamed_copy(src: Path, dst: Path, old: str, new: str) -> Path:
    """``src`` with the text ``old`` replaced by ``new`` in every XML part (the unit's name), written as UTF-8 or
    as character references (``&#20013;``), as the part has it."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.endswith(".xml"):
                data = data.replace(old.encode(), new.encode())
                data = data.replace(_refs(old), _refs(new))
            zout.writestr(info, data)  # each part compressed as in src (info's compress_type)
    return dst


def _refs(text: str) -> bytes:
    return "".join(c if ord(c) < 128 else f"&#{ord(c)};" for c in text).encode()


def changed_copy(src: Path, dst, cells: dict[tuple[str, str], object]):
    """``src`` with ``cells`` ((sheet, "H11") → value) set, saved to ``dst`` (a path or a binary file object)."""
    wb = openpyxl.load_workbook(src)
    for (sheet, ref), value in cells.items():
        wb[sheet][ref] = value
    wb.save(dst)
    return dst


class FileUpload:
    """What the service reads of an uploaded file (a name and ``await read(n)``), over bytes."""

    def __init__(self, data: bytes, filename: str):
        self.filename = filename
        self._fh = io.BytesIO(data)

    async def read(self, n: int) -> bytes:
        return self._fh.read(n)


def seed(store: Store, base: str) -> int:
    """Units, an administrator with a new random password, two uploads; prints the login and the links."""
    store.data.prepare()
    password = secrets.token_urlsafe(9)
    store.set_admin("admin", hash_password(password))
    units = [store.add_unit(name)[0] for name in UNITS]
    store.set_setting("year", "2021")
    store.set_setting("bureau", "郑州市金水区财政局")
    wrong = changed_copy(EXAMPLE, io.BytesIO(), {(S_BASIC, "B3"): UNITS[1], (S_IND, "H11"): "约95"})  # in memory
    pool = Pool(1)

    async def send() -> None:
        await submit(store, pool, units[0], FileUpload(EXAMPLE.read_bytes(), "组织部2021年绩效自评.xlsx"), year=2021,
                     addr="demo")
        await submit(store, pool, units[1], FileUpload(wrong.getvalue(), "教育局2021年绩效自评.xlsx"), year=2021,
                     addr="demo")

    try:
        asyncio.run(send())
    finally:
        pool.close()
    print(f"管理员登录：{base}/login  用户名 admin  密码 {password}")
    for unit in units:
        print(f"{unit['name']}\t{base}/u/{unit['token']}")
    return 0
