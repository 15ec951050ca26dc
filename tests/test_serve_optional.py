"""``xlperf[serve]`` stays optional: the UDF server, a ribbon click, Send To and the CLI's own commands never load
the service's libraries; without them installed, everything else works and ``xlperf serve`` says what to install.
"""

from __future__ import annotations

import subprocess
import sys

from serve_helpers import ROOT

SERVE_LIBS = ("starlette", "uvicorn", "multipart", "python_multipart", "argon2", "itsdangerous", "psycopg")

#: makes the service's libraries uninstalled for this process (what ``pip install xlperf`` without the extra gives)
BLOCK = f"""
import sys
class _Missing:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {SERVE_LIBS!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}")
        return None
sys.meta_path.insert(0, _Missing())
"""


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)


def test_excel_and_send_to_and_check_load_none_of_the_services_libraries():
    code = ("import sys, xlperf.udfs, xlperf.excel, xlperf.openreport, xlperf.app.check\n"
            "from xlperf.cli import main\n"
            "main(['check', 'workbooks/example-2021.xlsx', '--json'])\n"
            f"print('LOADED', [m for m in sys.modules if m.split('.')[0] in {SERVE_LIBS!r}])")
    res = _run(code)
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().splitlines()[-1] == "LOADED []"


def test_without_the_extra_check_works_and_serve_says_what_to_install():
    res = _run(BLOCK + "from xlperf.cli import main\nraise SystemExit(main(['check', 'workbooks/example-2021.xlsx']))")
    # the example's one warning (the reference report's leftover in 五): checked, not refused
    assert res.returncode == 0 and "共 0 个错误、1 个警告。" in res.stdout, res.stderr
    res = _run(BLOCK + "from xlperf.cli import main\nraise SystemExit(main(['serve', '--data', 'x']))")
    assert res.returncode == 2
    assert 'pip install "xlperf[serve]"' in res.stderr and "内部错误" not in res.stderr
