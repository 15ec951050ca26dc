#!/usr/bin/python3
"""Clerk actions in LibreOffice Calc over UNO — run with Debian's ``/usr/bin/python3`` (it has ``uno``).

Usage: ``/usr/bin/python3 tests/lo_uno_script.py JOB.json``; the project venv cannot ``import uno``, so
``tests/lo_uno.py`` runs this file as a subprocess.  JOB.json::

    {"src": "/abs/in.xlsx", "actions": [{"op": ...}, ...], "deadline": 170}

The script starts its own headless ``soffice`` (private profile under /tmp with OOXMLRecalcMode=0, so
every formula is recalculated on load, as ``xlperf/infra/office.py`` does), connects over a named pipe with
time-bounded retries, loads ``src`` hidden, performs the actions in order and always terminates soffice
(also on error, on SIGTERM and when ``deadline`` seconds have passed).  Rows are inserted and deleted
the way a spreadsheet program does it, so references in formulas shift like in Excel.

Actions (``sheet`` is a sheet name, ``cell`` an A1 address, rows are 1-based spreadsheet row numbers):

* ``{"op": "insert_rows", "sheet": S, "index": 8, "count": 2}`` — insert ``count`` empty rows before row
  ``index`` (``getRows().insertByIndex(index - 1, count)``).
* ``{"op": "delete_rows", "sheet": S, "index": 9, "count": 1}`` — delete rows ``index`` …
  ``index + count - 1`` (``removeByIndex``).
* ``{"op": "set", "sheet": S, "cell": "M8", "value": V}`` — what a clerk enters into a cell:

  - a number: stored with ``setValue``;
  - a string that starts with "=": a formula, typed as in Excel — English function names, ","
    between arguments, ``'Sheet'!A1`` references (entered via ``FormulaLocal``, i.e. parsed like
    keyboard input in this private profile, whose argument separator is ","); an unknown function
    such as PERF_SCORE is kept (LibreOffice lower-cases it) and evaluates to #NAME?;
  - any other string: literal text (``setString``): never parsed, like typing it after an
    apostrophe, so "95%" stays the text "95%".  Beware: when the text looks like a number,
    LibreOffice also gives the cell the Text format "@", so a formula set there later stays text
    (as in Excel for a Text-formatted cell);
  - with ``"typed": true`` a string is entered as a clerk types it (``setFormula``): LibreOffice parses
    it as input, so "95%" becomes the number 0.95, "1,234.5" becomes 1234.5 and "2021-12-31" the
    date serial 44561 — in the en-US locale (set in the private profile), whatever the machine's
    locale.  Unlike typing in the UI, the API does not switch the cell to a percent/date format;
  - ``null``: clears the cell.
* ``{"op": "clear", "sheet": S, "cell": "M8"}`` — delete the cell's contents (value, text, formula;
  the format stays), like pressing Delete.  ``"cell"`` may also be a range such as "M8:M10".
* ``{"op": "copy_row", "sheet": S, "from": 7, "to": 8}`` — copy the whole row (all used columns) onto row
  ``to`` like copy/paste: relative references adjust, formats come along (``sheet.copyRange``).
* ``{"op": "calculate"}`` — ``doc.calculateAll()`` (a hard recalculation).
* ``{"op": "get", "sheet": S, "cells": ["L5", "B12"]}`` — values: number, string, ``null`` for an
  empty cell, and for a formula error its text (``"#NAME?"``, ``"#REF!"``, ``"Err:502"``…).
* ``{"op": "get_formula", "sheet": S, "cells": ["L6"]}`` — the formula in the xlsx file's syntax (as
  openpyxl shows it, e.g. ``=SUM(P7:P8)``), printed from the formula's tokens.  Differences from the
  source file: sheet names are not quoted when they need not be (``=指标评分!A4``), unknown
  (add-in) function names are lower-case (``perf_rate(...)``), and a reference into deleted rows is
  ``#REF!`` (``=SUM(#REF!)``).  TRUE/FALSE are printed as constants (LibreOffice would print
  ``FALSE()``).  A constant comes back as its value, an empty cell as ``null``.
* ``{"op": "get_named", "names": ["总分", "等级"]}`` — values of workbook defined names that refer to a
  single cell (for a larger range: the top-left cell).
* ``{"op": "unprotect", "sheet": S}`` — remove sheet protection with the empty password.
* ``{"op": "save", "path": "/abs/out.xlsx"}`` — store as xlsx (filter "Calc Office Open XML"), overwrite.

Output on stdout: ``{"ok": true, "results": [...], "seconds": {"start": …, "load": …, "actions": …}}``
with one entry per action in ``results``, in order: for ``get``,
``get_formula`` and ``get_named`` a dict ``{address_or_name: value}``; for the others ``null``
(``save``: the path).  On failure ``{"ok": false, "error": "...", "action": i}``
(``action`` is the index of the failing action, when one failed); the exit code is then 1.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from pathlib import Path

import uno  # Debian's python3-uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.sheet.CellFlags import DATETIME, FORMULA, STRING, VALUE
from com.sun.star.table import CellAddress

CONTENTS = VALUE | DATETIME | STRING | FORMULA  # what the Delete key removes (formats stay)

# Private profile: recalculate every formula on load (as xlperf/infra/office.py does); en-US locale so typed
# input ("95%", "1,234.5", dates) parses the same on every machine; "," as the function argument
# separator, English function names and Excel A1 references (Grammar 1), so formulas are typed as in
# Excel.
PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Syntax"><prop oor:name="Grammar" oor:op="fuse"><value>1</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Syntax"><prop oor:name="EnglishFunctionName" oor:op="fuse"><value>true</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Syntax"><prop oor:name="SeparatorArg" oor:op="fuse"><value>,</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Syntax"><prop oor:name="SeparatorArrayCol" oor:op="fuse"><value>,</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Syntax"><prop oor:name="SeparatorArrayRow" oor:op="fuse"><value>;</value></prop></item>
</oor:items>
"""

CONNECT_TIMEOUT = 60.0  # seconds to wait for soffice to accept the pipe connection


def _const(name):
    return uno.getConstantByName(name)


RESULT_VALUE = _const("com.sun.star.sheet.FormulaResult.VALUE")
RESULT_ERROR = _const("com.sun.star.sheet.FormulaResult.ERROR")


class Deadline(Exception):
    pass


def _prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _find_soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("soffice not found on PATH")


def _cell_ref(addr: str):
    """'M8' -> (col0, row0)."""
    m = re.fullmatch(r"\$?([A-Za-z]{1,3})\$?(\d+)", addr.strip())
    if not m:
        raise ValueError(f"bad cell address {addr!r}")
    col = 0
    for ch in m.group(1).upper():
        col = col * 26 + ord(ch) - 64
    return col - 1, int(m.group(2)) - 1


class Office:
    """One private headless soffice, started in its own process group and always torn down."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="xlperf-uno-")
        user = Path(self.profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(PROFILE_XCU, encoding="utf-8")
        self.pipe = f"xlperf_uno_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        self.log_path = Path(self.profile) / "soffice.log"
        self.proc = None
        self.desktop = None
        self.doc = None

    def start(self):
        cmd = [_find_soffice(), f"-env:UserInstallation={Path(self.profile).as_uri()}", "--headless",
               "--invisible", "--norestore", "--nolockcheck", "--nologo", "--nodefault",
               f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"]
        # stdout must stay clean for our JSON: soffice's own output goes to a log file.
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                     env={**os.environ, "HOME": self.profile}, start_new_session=True)

    def connect(self, timeout: float = CONNECT_TIMEOUT):
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext"
        end = time.monotonic() + timeout
        last = None
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"soffice exited early (code {self.proc.returncode}): {self.log_tail()}")
            try:
                self.ctx = resolver.resolve(url)
                break
            except NoConnectException as exc:
                last = exc
                time.sleep(0.2)
        else:
            raise RuntimeError(f"could not connect to soffice within {timeout:.0f} s: {last}")
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

    def load(self, src: str):
        url = uno.systemPathToFileUrl(os.path.abspath(src))
        self.doc = self.desktop.loadComponentFromURL(url, "_blank", 0, (_prop("Hidden", True),))
        if self.doc is None or not hasattr(self.doc, "Sheets"):
            raise RuntimeError(f"LibreOffice could not open {src} as a spreadsheet")
        return self.doc

    def log_tail(self, n: int = 2000) -> str:
        try:
            self.log.flush()
            return self.log_path.read_bytes()[-n:].decode("utf-8", "replace").strip()
        except Exception:
            return ""

    def close(self):
        """Close the document, ask soffice to quit, kill its process group if it does not."""
        if self.doc is not None:
            try:
                self.doc.close(True)
            except Exception:
                pass
            self.doc = None
        asked = False
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:
                pass  # the bridge drops while soffice quits: DisposedException is normal
            asked = True
            self.desktop = None
        if self.proc is not None:
            if asked:  # give soffice a moment to quit by itself; unconnected, it never would
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
            # oosplash has quit; soffice.bin (same process group) may linger — kill the group we started.
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            self.proc = None
        try:
            self.log.close()
        except Exception:
            pass
        shutil.rmtree(self.profile, ignore_errors=True)


class Clerk:
    """The actions, on one loaded document."""

    def __init__(self, office: Office):
        self.office = office
        self.doc = office.doc
        self._parser = None
        self._err_ref = None

    # --- helpers -----------------------------------------------------------------------------------
    def sheet(self, name):
        sheets = self.doc.Sheets
        if not sheets.hasByName(name):
            raise KeyError(f"no sheet {name!r}; sheets: {list(sheets.ElementNames)}")
        return sheets.getByName(name)

    def cell(self, sheet, addr):
        col, row = _cell_ref(addr)
        return sheet.getCellByPosition(col, row)

    def parser(self):
        """A FormulaParser printing the xlsx file's formula syntax (what openpyxl and Excel show):
        Excel function names, "," separators, ``Sheet!A1`` references, error constants."""
        if self._parser is None:
            lang = _const("com.sun.star.sheet.FormulaLanguage.OOXML")
            mapper = self.doc.createInstance("com.sun.star.sheet.FormulaOpCodeMapper")
            opmap = list(mapper.getAvailableMappings(
                lang, _const("com.sun.star.sheet.FormulaMapGroup.ALL_EXCEPT_SPECIAL")))
            # The function/operator groups leave out the error constants; without them #REF! prints as "".
            errors = ("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A")
            for name, token in zip(errors, mapper.getMappings(errors, lang)):
                entry = uno.createUnoStruct("com.sun.star.sheet.FormulaOpCodeMapEntry")
                entry.Name, entry.Token = name, token
                opmap.append(entry)
                if name == "#REF!":
                    self._err_ref = token
            p = self.doc.createInstance("com.sun.star.sheet.FormulaParser")
            p.OpCodeMap = tuple(opmap)
            p.FormulaConvention = _const("com.sun.star.sheet.AddressConvention.XL_OOX")
            p.CompileEnglish = True
            self._parser = p
        return self._parser

    @staticmethod
    def value_of(cell):
        kind = cell.getType().value  # EMPTY / VALUE / TEXT / FORMULA
        if kind == "EMPTY":
            return None
        if kind == "VALUE":
            return _num(cell.getValue())
        if kind == "TEXT":
            return cell.getString()
        if cell.getError() != 0:
            return cell.getString() or f"Err:{cell.getError()}"
        result = cell.FormulaResultType2
        if result == RESULT_VALUE:
            return _num(cell.getValue())
        if result == RESULT_ERROR:
            return cell.getString() or f"Err:{cell.getError()}"
        return cell.getString()

    def formula_of(self, cell):
        kind = cell.getType().value
        if kind != "FORMULA":
            return self.value_of(cell)
        parser = self.parser()
        tokens = cell.getTokens()
        api = cell.getFormula()  # LibreOffice's own syntax: cheap, and shows #REF! where it belongs
        if "#" in api:  # walking the tokens over UNO is slow: only when an error may be inside
            tokens = self._mark_deleted_refs(tokens)
            if any(t.OpCode == 0 and t.Data is None for t in tokens):
                # An error constant pushed as a value (e.g. a literal #N/A read from a file) has no
                # printable data: fall back to the API syntax, which shows it.
                return api
        text = parser.printFormula(tokens, cell.getCellAddress())
        # OOXML grammar prints the constants TRUE/FALSE as the functions TRUE()/FALSE().
        return "=" + _outside_strings(text, lambda part: _BOOL_CALL.sub(r"\1", part))

    def _mark_deleted_refs(self, tokens):
        """LibreOffice's printFormula prints a reference to a deleted row/column/sheet as if it still
        pointed somewhere ('指标评分'!A5, P5:P5 — or as nothing in the OOXML grammar), although the
        cell shows #REF!.  Replace such references by the #REF! error token, as Excel shows them."""
        deleted = 2 | 8 | 32  # com.sun.star.sheet.ReferenceFlags COLUMN_/ROW_/SHEET_DELETED
        out, changed = [], False
        for tok in tokens:
            data = tok.Data
            type_name = getattr(data, "typeName", "") or ""
            refs = ()
            if type_name.endswith("SingleReference"):
                refs = (data,)
            elif type_name.endswith("ComplexReference"):
                refs = (data.Reference1, data.Reference2)
            if any(r.Flags & deleted for r in refs):
                out.append(self._err_ref)
                changed = True
            else:
                out.append(tok)
        return tuple(out) if changed else tokens

    # --- actions -----------------------------------------------------------------------------------
    def op_insert_rows(self, a):
        index, count = int(a["index"]), int(a.get("count", 1))
        if index < 1 or count < 1:
            raise ValueError("insert_rows: index and count must be >= 1")
        self.sheet(a["sheet"]).getRows().insertByIndex(index - 1, count)

    def op_delete_rows(self, a):
        index, count = int(a["index"]), int(a.get("count", 1))
        if index < 1 or count < 1:
            raise ValueError("delete_rows: index and count must be >= 1")
        self.sheet(a["sheet"]).getRows().removeByIndex(index - 1, count)

    def op_set(self, a):
        cell = self.cell(self.sheet(a["sheet"]), a["cell"])
        value = a.get("value")
        if value is None:
            cell.clearContents(CONTENTS)
        elif isinstance(value, bool):
            raise ValueError("set: booleans are not supported; use a number or a formula")
        elif isinstance(value, (int, float)):
            cell.setValue(value)
        elif not isinstance(value, str):
            raise ValueError(f"set: unsupported value {value!r}")
        elif value.startswith("="):
            cell.FormulaLocal = value  # typed into the cell: "," separators, 'Sheet'!A1 refs accepted
        elif a.get("typed"):
            cell.setFormula(value)  # parsed like keyboard input (en-US locale)
        else:
            cell.setString(value)

    def op_clear(self, a):
        self.sheet(a["sheet"]).getCellRangeByName(a["cell"]).clearContents(CONTENTS)

    def op_copy_row(self, a):
        sheet = self.sheet(a["sheet"])
        src, dst = int(a["from"]) - 1, int(a["to"]) - 1
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_col = cursor.getRangeAddress().EndColumn
        source = sheet.getCellRangeByPosition(0, src, last_col, src).getRangeAddress()
        target = CellAddress()
        target.Sheet, target.Column, target.Row = source.Sheet, 0, dst
        sheet.copyRange(target, source)

    def op_calculate(self, a):
        self.doc.calculateAll()

    def op_get(self, a):
        sheet = self.sheet(a["sheet"])
        return {addr: self.value_of(self.cell(sheet, addr)) for addr in a["cells"]}

    def op_get_formula(self, a):
        sheet = self.sheet(a["sheet"])
        return {addr: self.formula_of(self.cell(sheet, addr)) for addr in a["cells"]}

    def op_get_named(self, a):
        names = self.doc.NamedRanges
        out = {}
        for name in a["names"]:
            if not names.hasByName(name):
                raise KeyError(f"no defined name {name!r}")
            cells = names.getByName(name).getReferredCells()
            if cells is None:
                raise ValueError(f"defined name {name!r} does not refer to cells")
            out[name] = self.value_of(cells.getCellByPosition(0, 0))
        return out

    def op_get_validation(self, a):
        """The data validation of each cell: type, whether the list drops down, whether (and how) it alerts, its
        list formula as LibreOffice keeps it, and the list as LibreOffice computes it for that very cell (the
        formula re-parsed at the validation's base cell and placed, as tokens, in a scratch cell of the cell's
        row — relative rows shift as they do for the cell — then joined by "|")."""
        sheet = self.sheet(a["sheet"])
        out = {}
        for addr in a["cells"]:
            cell = self.cell(sheet, addr)
            v = cell.getPropertyValue("Validation")
            f1, base = v.getFormula1(), v.getSourcePosition()
            parser = self.doc.createInstance("com.sun.star.sheet.FormulaParser")
            parser.setPropertyValue("CompileEnglish", True)
            tokens = parser.parseFormula(f"TEXTJOIN(\"|\";1;{f1})", base)
            pos = cell.getCellAddress()
            scratch = sheet.getCellByPosition(1000, pos.Row)
            scratch.setTokens(tokens)
            self.doc.calculateAll()
            listed = scratch.getString()
            scratch.clearContents(CONTENTS)
            out[addr] = {"type": v.getPropertyValue("Type").value, "show_list": v.getPropertyValue("ShowList"),
                         "show_error": v.getPropertyValue("ShowErrorMessage"),
                         "alert": v.getPropertyValue("ErrorAlertStyle").value, "formula1": f1,
                         "base_row": base.Row + 1, "list": listed.split("|") if listed else []}
        return out

    def op_unprotect(self, a):
        sheet = self.sheet(a["sheet"])
        if sheet.isProtected():
            sheet.unprotect("")

    def op_save(self, a):
        path = os.path.abspath(a["path"])
        os.makedirs(os.path.dirname(path), exist_ok=True)
        self.doc.storeToURL(uno.systemPathToFileUrl(path),
                            (_prop("FilterName", "Calc Office Open XML"), _prop("Overwrite", True)))
        return path


_STRING = re.compile(r'"(?:[^"]|"")*"')
_BOOL_CALL = re.compile(r"(?<![\w.])(TRUE|FALSE)\(\)", re.IGNORECASE)


def _outside_strings(formula: str, fn) -> str:
    """Apply ``fn`` to the parts of ``formula`` that are not string literals."""
    out, pos = [], 0
    for m in _STRING.finditer(formula):
        out += [fn(formula[pos:m.start()]), m.group(0)]
        pos = m.end()
    out.append(fn(formula[pos:]))
    return "".join(out)


def _num(x: float):
    return int(x) if float(x).is_integer() and abs(x) < 2 ** 53 else x


def run(job: dict) -> dict:
    office = Office()
    step = None
    try:
        t0 = time.monotonic()
        office.start()
        office.connect()
        t1 = time.monotonic()
        office.load(job["src"])
        t2 = time.monotonic()
        clerk = Clerk(office)
        results = []
        for step, action in enumerate(job.get("actions", [])):
            op = action.get("op")
            handler = getattr(clerk, f"op_{op}", None) if isinstance(op, str) else None
            if handler is None:
                raise ValueError(f"unknown op {op!r}")
            results.append(handler(action))
        timings = {"start": round(t1 - t0, 2), "load": round(t2 - t1, 2),
                   "actions": round(time.monotonic() - t2, 2)}
        return {"ok": True, "results": results, "seconds": timings}
    except BaseException as exc:  # noqa: BLE001 — report everything as JSON, incl. the deadline
        out = {"ok": False, "error": f"{type(exc).__name__}: {exc}",
               "traceback": traceback.format_exc(limit=8)}
        if step is not None:
            out["action"] = step
        tail = office.log_tail()
        if tail:
            out["soffice_log"] = tail
        return out
    finally:
        signal.alarm(0)
        office.close()


def _on_signal(signum, frame):
    raise Deadline(f"stopped by signal {signum}" if signum != signal.SIGALRM else "deadline passed")


def main(argv) -> int:
    if len(argv) != 2:
        print(json.dumps({"ok": False, "error": "usage: lo_uno_script.py JOB.json"}))
        return 2
    job = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGALRM):
        signal.signal(sig, _on_signal)
    deadline = job.get("deadline")
    if deadline:
        signal.alarm(max(1, int(deadline)))
    out = run(job)
    sys.stdout.write(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
    return 0 if out["ok"] else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
