"""`xlperf wheelhouse` prepares an offline install for a Windows PC (needs PyPI, as CI has)."""

import zipfile

from xlperf.cli import main


def test_wheelhouse_has_windows_wheels_and_installer(tmp_path, capsys):
    out = tmp_path / "wh"
    assert main(["wheelhouse", str(out), "--python", "3.11"]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert any(n.startswith("pywin32-") and n.endswith("cp311-cp311-win_amd64.whl") for n in names)
    assert any(n.startswith("xlwings-0.37.8-cp311-cp311-win_amd64") for n in names)
    assert any(n.startswith("pydantic_core-") and "win_amd64" in n for n in names)
    # no Linux-only binary wheels slipped in
    assert not [n for n in names if "linux" in n or "macosx" in n]
    # nothing that xlwings imports at start-up when installed (issue 15; tests/test_runtime_deps.py)
    heavy = ("numpy-", "pandas-", "polars-", "matplotlib-", "pillow-", "plotly-")
    assert not [n for n in names if n.lower().startswith(heavy)]
    bat = (out / "install.bat").read_bytes().decode("utf-8")
    assert "xlperf_install.py" in bat and "\r\n" in bat
    installer = (out / "xlperf_install.py").read_text(encoding="utf-8")
    assert "--no-index" in installer and "--upgrade" in installer and "--force-reinstall" in installer
    wheel = next(out.glob("xlperf-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        files = zf.namelist()
    assert "xlperf/udfs.py" in files
    assert any(f.startswith("xlperf/domain/profiles/") and f.endswith(".toml") for f in files)
    assert "xlperf/data/example-2021.json" in files
    # the report templates travel with the package (xlperf/templates links to the top-level templates/)
    assert {"xlperf/templates/report.docx", "xlperf/templates/report.md.j2", "xlperf/templates/report.html.j2"} <= set(files)
