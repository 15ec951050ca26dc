"""The on-disk cache of compiled templates changes nothing but speed — and never the sandbox."""

import pytest
from jinja2.exceptions import SecurityError, TemplateSyntaxError

from xlperf.report.env import make_env


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XLPERF_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_cached_compile_renders_the_same(cache):
    src = "{{ a }} &amp; {% for x in xs %}{{ x }}{% endfor %}"
    first = make_env("docx").from_string(src).render(a="<b>", xs=[1, 2])
    assert len(list(cache.glob("tpl-*.code"))) == 1
    second = make_env("docx").from_string(src).render(a="<b>", xs=[1, 2])
    assert first == second == "&lt;b&gt; &amp; 12"
    # a different option (autoescape off for md) is a different cache entry and a different result
    assert make_env("md").from_string(src).render(a="<b>", xs=[]) == "<b> &amp; "
    assert len(list(cache.glob("tpl-*.code"))) == 2


def test_sandbox_holds_for_cached_code(cache):
    src = "{{ ''.__class__.__mro__ }}"
    for _ in range(2):  # compiled, then loaded from the cache
        with pytest.raises(SecurityError):
            make_env("docx").from_string(src).render()
    assert list(cache.glob("tpl-*.code"))


def test_syntax_errors_are_not_cached(cache):
    for _ in range(2):
        with pytest.raises(TemplateSyntaxError):
            make_env("docx").from_string("{% for x in %}")
    assert not list(cache.glob("tpl-*.code"))


def test_corrupt_cache_entry_is_recompiled(cache):
    env = make_env("docx")
    env.from_string("{{ 1 + 1 }}")
    (entry,) = cache.glob("tpl-*.code")
    entry.write_bytes(b"garbage")
    assert make_env("docx").from_string("{{ 1 + 1 }}").render() == "2"
