"""pytest plugin for `make mutate` only (pyproject.toml [tool.mutmut] loads it with ``-p``).

mutmut needs pytest's unescaped test ids (see the comment there); with them pytest cannot name a parameter that is
``bytes`` (tests/test_import.py, test_workbook_read.py: “expected str instance, bytes found”).  This names such a
parameter by its length and a short hash, the same in every session of the process.
"""

import hashlib


def pytest_make_parametrize_id(config, val, argname):
    if isinstance(val, (bytes, bytearray)):
        return f"{argname}-{len(val)}B-{hashlib.sha256(bytes(val)).hexdigest()[:8]}"
    return None
