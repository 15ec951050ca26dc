"""Which files a batch picks up."""

from xlperf.batch.discover import discover


def _touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")
    return path


def test_finds_excel_files_recursively_and_skips_lock_hidden_and_output(tmp_path):
    src = tmp_path / "in"
    _touch(src / "a.xlsx")
    _touch(src / "sub" / "b.XLSM")
    _touch(src / "sub" / "deeper" / "c.xlsx")
    _touch(src / "old.xls")  # listed so the summary can ask for a re-save
    _touch(src / "~$a.xlsx")  # Office lock file
    _touch(src / ".hidden.xlsx")
    _touch(src / ".git" / "d.xlsx")
    _touch(src / "notes.txt")
    _touch(src / "data.json")
    _touch(src / "out" / "e.xlsx")  # the output folder inside the input folder
    found = [p.relative_to(src).as_posix() for p in discover(src, exclude=src / "out")]
    assert found == ["a.xlsx", "old.xls", "sub/b.XLSM", "sub/deeper/c.xlsx"]


def test_json_only_when_asked(tmp_path):
    _touch(tmp_path / "a.json")
    _touch(tmp_path / "b.xlsx")
    assert [p.name for p in discover(tmp_path, suffixes=(".json",))] == ["a.json"]
