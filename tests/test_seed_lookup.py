"""The one seed lookup (report_helpers.seed_path): present → its path; absent → skip with the reason,
or, under CI=true, a failure that says what is missing."""

import pytest

import report_helpers
from report_helpers import seed_headings, seed_path, seed_sentences


@pytest.fixture
def missing(tmp_path, monkeypatch):
    path = tmp_path / "shared" / "seed" / "000_b29ebcb0f210dfb5.txt"
    monkeypatch.setattr(report_helpers, "SEED", path)
    return path


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_absent_seed_skips_with_the_reason_outside_ci(missing, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    for read in (seed_path, seed_sentences, seed_headings):
        with pytest.raises(pytest.skip.Exception) as info:
            read()
        assert str(missing) in str(info.value)
        assert "seed report not found" in str(info.value) and "shared/" in str(info.value)


@pytest.mark.parametrize("ci", ["true", "TRUE", "1"])
def test_absent_seed_fails_under_ci(missing, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    for read in (seed_path, seed_sentences, seed_headings):
        with pytest.raises(pytest.fail.Exception) as info:
            read()
        assert str(missing) in str(info.value)
        assert "seed report missing" in str(info.value) and "CI=true" in str(info.value)


@pytest.mark.parametrize("ci", [None, "true"])
def test_present_seed_is_read_in_and_out_of_ci(tmp_path, monkeypatch, ci):
    path = tmp_path / "seed.txt"
    path.write_text("一、部门概况\n第一句。第 二 句。\n", encoding="utf-8")
    monkeypatch.setattr(report_helpers, "SEED", path)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    assert seed_path() == path
    assert seed_headings() == ["一、部门概况"]
    assert seed_sentences() == ["一、部门概况第一句", "第二句"]
