"""`make mutate MODULE=… TESTS=…`: the narrowed run's copy mutates only the named modules and selects only the named
tests (scripts/mutate.py); mutation testing itself stays out of `make test`."""

from __future__ import annotations

import importlib.util
import subprocess
import tomllib
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "mutate.py"


@pytest.fixture()
def mutate(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("mutate_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    repo = tmp_path / "repo"
    (repo / "xlperf").mkdir(parents=True)
    (repo / "tests").mkdir()
    (repo / "xlperf" / "a.py").write_text("x = 1\n", encoding="utf-8")
    (repo / "tests" / "test_a.py").write_text("def test_a():\n    pass\n", encoding="utf-8")
    (repo / "pyproject.toml").write_text('[tool.mutmut]\nsource_paths = ["xlperf"]\n'
                                         'pytest_add_cli_args_test_selection = [\n    "tests",\n    "-k", "x",\n]\n'
                                         'also_copy = ["README.md"]\n', encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    (repo / "untracked.txt").write_text("not copied", encoding="utf-8")
    monkeypatch.setattr(module, "ROOT", repo)
    return module, repo


def test_the_narrowed_copy_names_the_modules_and_the_tests(mutate):
    module, repo = mutate
    copy = module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "not slow")
    assert copy.parent == repo / "build" / "mutate-narrow"
    settings = tomllib.loads((copy / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    assert settings["only_mutate"] == ["xlperf/a.py"]
    assert settings["pytest_add_cli_args_test_selection"] == ["tests/test_a.py", "-k", "not slow"]
    assert settings["also_copy"] == ["README.md"]  # the rest of the settings kept
    assert (copy / "xlperf" / "a.py").read_text("utf-8") == "x = 1\n"
    assert not (copy / "untracked.txt").exists()  # only what git knows
    # the same modules and tests: the same folder, so its results are reused
    assert module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "not slow") == copy
    assert module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "") != copy


def test_a_narrowed_run_needs_modules_and_existing_tests(mutate):
    module, _ = mutate
    with pytest.raises(SystemExit, match="MODULE"):
        module.narrowed_copy([], ["tests/test_a.py"], "")
    with pytest.raises(SystemExit, match="没有这个测试文件：tests/test_b.py"):
        module.narrowed_copy(["xlperf/a.py"], ["tests/test_b.py"], "")


def test_a_changed_data_file_reaches_the_copys_mutants_folder(mutate):
    module, repo = mutate
    (repo / "xlperf" / "rules.toml").write_text("a = 1\n", encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=repo, check=True)
    copy = module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "")
    (copy / "mutants" / "xlperf").mkdir(parents=True)  # as mutmut leaves it after its first run
    (copy / "mutants" / "xlperf" / "rules.toml").write_text("a = 1\n", encoding="utf-8")
    (copy / "mutants" / "xlperf" / "a.py").write_text("mutated\n", encoding="utf-8")
    (repo / "xlperf" / "rules.toml").write_text("a = 2\n", encoding="utf-8")
    module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "")
    assert (copy / "mutants" / "xlperf" / "rules.toml").read_text("utf-8") == "a = 2\n"  # not the stale a = 1
    assert (copy / "mutants" / "xlperf" / "a.py").read_text("utf-8") == "mutated\n"  # mutmut's own, untouched


def test_a_named_test_file_git_does_not_know_yet_is_copied(mutate):
    module, repo = mutate
    (repo / "tests" / "test_new.py").write_text("def test_new():\n    pass\n", encoding="utf-8")  # not git-added
    copy = module.narrowed_copy(["xlperf/a.py"], ["tests/test_new.py"], "")
    assert (copy / "tests" / "test_new.py").read_text("utf-8") == "def test_new():\n    pass\n"
    assert not (copy / "untracked.txt").exists()  # other untracked files still left out


def test_a_changed_test_or_module_drops_mutmuts_stale_statistics(mutate):
    module, repo = mutate
    copy = module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "")
    stats = copy / "mutants" / "mutmut-stats.json"
    stats.parent.mkdir(parents=True)
    stats.write_text("{}", encoding="utf-8")
    module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "")
    assert stats.exists()  # nothing changed: mutmut's statistics kept (no stats run again)
    (repo / "tests" / "test_a.py").write_text("def test_a():\n    assert 1\n", encoding="utf-8")
    module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "")
    assert not stats.exists()
    stats.write_text("{}", encoding="utf-8")
    (repo / "xlperf" / "a.py").write_text("x = 2\n", encoding="utf-8")
    module.narrowed_copy(["xlperf/a.py"], ["tests/test_a.py"], "")
    assert not stats.exists()
