"""How an automatic sentence is defined, written and read back (pure, stdlib only).

A :class:`Sentence` is a row of :class:`Clause` s; a clause is wording with figure slots such as
``{budget.initial:money}`` — the figure's name and its :data:`KINDS` entry (how it is written: 万元, %, 个,
分 …, and how it is read back).  :meth:`Sentence.render` writes a sentence from figure values;
:meth:`Sentence.read` finds it in a text with a pattern generated from the same clauses and gives the figures
back.  The sentences themselves are in :mod:`.sentences`, registered in :data:`SENTENCES`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property
from typing import Any, Callable, Mapping, Optional

from .words import SELF_WORDS
from ..domain.numbers import NumberFormat, fmt_percent

Values = Mapping[str, Any]

#: every sentence by name (filled by :mod:`.sentences`); a slot's kind may name one (a sentence carried
#: inside another)
SENTENCES: dict[str, "Sentence"] = {}


# --------------------------------------------------------------------------- kinds of figure


def _dec(text: str) -> Optional[Decimal]:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def _fraction(text: str) -> Optional[Decimal]:
    d = _dec(text.rstrip("%％"))
    return None if d is None else d / 100


@dataclass(frozen=True)
class Kind:
    """How one kind of figure is written in a sentence and read back from one."""

    label: str
    pattern: str  # the written figure (no groups)
    write: Callable[[NumberFormat, Any], str]
    read: Callable[[str], Any]
    carried: bool = False  # another sentence carried inside this one (:meth:`Sentence.as_kind`)


_NUM = r"\d[\d,]*(?:\.\d+)?"
KINDS: dict[str, Kind] = {
    "money": Kind("万元（两位小数）", _NUM, lambda f, v: f.money(v), _dec),
    "wan": Kind("万元（两位小数，零写作0）", _NUM, lambda f, v: f.wan(v), _dec),
    "rate": Kind("百分比（规则的小数位）", _NUM + "[%％]", lambda f, v: v if isinstance(v, str) else f.rate(v),
                 _fraction),
    "points": Kind("百分点（规则的小数位）", _NUM, lambda f, v: fmt_percent(v, f.rp)[:-1], _fraction),
    "score": Kind("分（规则的小数位）", _NUM, lambda f, v: v if isinstance(v, str) else f.score(v), _dec),
    "count": Kind("个数", r"\d+", lambda f, v: str(v), int),
    "year": Kind("年份", r"(?:19|20)\d{2}", lambda f, v: str(v), int),
    "name": Kind("指标名称", r"[^，,。；;：:\s]{1,30}?", lambda f, v: str(v), str),
    "kind": Kind("评价类型", r"[\u4e00-\u9fff]{2,6}?", lambda f, v: str(v), str),
    "grade": Kind("等级", r"[^“”\"，。；]{1,8}", lambda f, v: str(v), str),
    "text": Kind("文字", r"[^，,。；;“”\"]+", lambda f, v: str(v), str),
    "since": Kind("比较的年份", r"上年|(?:19|20)\d{2}年", lambda f, v: str(v), str),
    "satisfaction": Kind("满意度指标名称", r"[^，,。；;：:\s\d]{0,20}?满意度", lambda f, v: str(v), str),
    "self": Kind("本单位自称", "|".join(SELF_WORDS), lambda f, v: str(v), str),
}


#: figures a sentence falls back on when not given: the report's self-reference (report.words.self_word)
DEFAULTS: dict[str, Any] = {"self": "我单位", "satisfaction_name": "服务对象满意度"}


def kind(name: str) -> Kind:
    """A kind of :data:`KINDS`, or a sentence's name: that sentence carried inside another one."""
    return KINDS[name] if name in KINDS else SENTENCES[name].as_kind()


# --------------------------------------------------------------------------- clauses and sentences

_SLOT = re.compile(r"\{([^{}:]+):([^{}:]+)\}")
#: punctuation a report may write either way (a pattern accepts both)
_EITHER = {"，": "[，,]", "：": "[：:]", "；": "[；;]", "（": "[（(]", "）": "[）)]", "“": "[“\"]", "”": "[”\"]"}


def _literal(text: str) -> str:
    return "".join(_EITHER.get(c) or re.escape(c) for c in text)


def _ungrouped(pattern: str) -> str:
    return re.sub(r"\(\?P<g\d+>", "(?:", pattern)


#: separators a clause may start with
_SEPS = "，,"


@dataclass(frozen=True)
class Clause:
    """Part of a sentence: wording with figure slots.  Written when each of its figures is known and
    ``when`` (if any) holds; ``sep`` goes before it when an earlier clause (not a ``head``) was written;
    ``joined`` = only ever written right after the clause before it (its pattern is nested in that one's)."""

    text: str
    when: Optional[Callable[[Values], bool]] = None
    sep: str = "，"
    head: bool = False
    joined: bool = False

    @property
    def slots(self) -> list[tuple[str, str]]:
        return _SLOT.findall(self.text)

    def render(self, values: Values, f: NumberFormat) -> Optional[str]:
        if self.when is not None and not self.when(values):
            return None
        if any(values.get(name) is None for name, _ in self.slots):
            return None
        return _SLOT.sub(lambda m: kind(m.group(2)).write(f, values[m.group(1)]), self.text)

    @property
    def hint(self) -> str:
        """The longest piece of its wording that any statement of it contains as written (a quick test)."""
        pieces = re.split("[" + "".join(_EITHER) + "]", _SLOT.sub("\0", self.text).replace("\0", "，"))
        return max(pieces, key=len)

    def pattern(self, groups: list[tuple[str, Kind]]) -> str:
        out, at = [], 0
        for m in _SLOT.finditer(self.text):
            out.append(_literal(self.text[at:m.start()]))
            found = kind(m.group(2))
            out.append(f"(?P<g{len(groups)}>{found.pattern})")
            groups.append((m.group(1), found))
            at = m.end()
        out.append(_literal(self.text[at:]))
        return "".join(out)


@dataclass(frozen=True)
class Sentence:
    """One automatic sentence (no closing 。): its clauses in order.  ``needs``: figures without which
    there is no sentence; ``when``: a further condition; ``derive``: figures it computes from the others;
    ``infer``: figures a sentence read back implies (read back with :meth:`read`)."""

    name: str
    clauses: tuple[Clause, ...]
    needs: tuple[str, ...] = ()
    when: Optional[Callable[[Values], bool]] = None
    derive: Optional[Callable[[Values, NumberFormat], dict]] = None
    infer: Optional[Callable[[dict], dict]] = field(default=None, compare=False)

    def render(self, values: Values, f: NumberFormat) -> Optional[str]:
        """The sentence for ``values`` (figure name → value, None = unknown); None when it says nothing."""
        if any(values.get(name) is None for name in self.needs):
            return None
        v = {**DEFAULTS, **{k: x for k, x in values.items() if x is not None or k not in DEFAULTS}}
        if self.derive is not None:
            v.update(self.derive(v, f))
        if self.when is not None and not self.when(v):
            return None
        out, body = "", False
        for clause in self.clauses:
            text = clause.render(v, f)
            if text is None:
                continue
            out += (clause.sep if body else "") + text
            body = body or not clause.head
        return out if body else None

    def _always(self, clause: Clause) -> bool:
        return clause.when is None and all(name in self.needs or name in DEFAULTS for name, _ in clause.slots)

    @cached_property
    def _compiled(self) -> tuple[re.Pattern, list[tuple[str, Kind]]]:
        """The pattern that finds this sentence: each clause's wording, each figure a group of its kind's
        pattern; a clause that may be left out is optional (with its separator)."""
        groups: list[tuple[str, Kind]] = []
        parts: list[str] = []
        body_before = always_before = last_optional = False
        for clause in self.clauses:
            always = self._always(clause)
            sep = ""
            if clause.sep and body_before:
                sep = _literal(clause.sep) if always_before else f"(?:{_literal(clause.sep)})?"
            text = sep + clause.pattern(groups)
            if clause.joined and last_optional and not always:  # inside the optional group of the one before
                parts[-1] = parts[-1][:-2] + f"(?:{text})?)?"
            else:
                parts.append(text if always else f"(?:{text})?")
                last_optional = not always
            if not clause.head:
                body_before = True
                always_before = always_before or always
        if not any(self._always(c) for c in self.clauses):  # all optional: start only where some clause does
            starts = "|".join(_ungrouped(c.pattern([])) for c in self.clauses)
            parts.insert(0, f"(?=[{_SEPS}]?(?:{starts}))")
        return re.compile("".join(parts)), groups

    @property
    def pattern(self) -> re.Pattern:
        return self._compiled[0]

    def as_kind(self) -> Kind:
        """This sentence as a figure inside another one (its clauses are the alternatives it may say)."""
        alternatives = "|".join(_ungrouped(c.pattern([])) for c in self.clauses)
        return Kind(self.name, f"(?:{alternatives})", lambda f, v: str(v), str, carried=True)

    def statements(self, text: str) -> list[tuple[int, int, str]]:
        """Where ``text`` states this sentence: (start, end, the statement without the sentences it carries
        inside it, such as the 项目数 change beside the 项目数 — what the sentence is without them)."""
        rx, groups = self._compiled
        out = []
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            plain, at = "", m.start()
            for i, (_, k) in enumerate(groups):
                if k.carried and m.group(f"g{i}") is not None:
                    start, end = m.span(f"g{i}")
                    cut = start - 1 if start > at and text[start - 1] in _SEPS else start
                    plain, at = plain + text[at:cut], end
            out.append((m.start(), m.end(), plain + text[at:m.end()]))
        return out

    @cached_property
    def _hints(self) -> tuple[bool, tuple[str, ...]]:
        """(all needed?, pieces): the wording a text must hold for this sentence to be in it."""
        always = [c.hint for c in self.clauses if self._always(c) and c.hint]
        return (True, tuple(always)) if always else (False, tuple(c.hint for c in self.clauses if c.hint))

    def read(self, text: str) -> list[dict[str, Any]]:
        """The figures of every place ``text`` states this sentence (in order; a match that holds no
        figure is none)."""
        every, hints = self._hints
        if hints and not (all if every else any)(h in text for h in hints):
            return []
        rx, groups = self._compiled
        found = []
        for m in rx.finditer(text):
            if m.end() == m.start():
                continue
            values: dict[str, Any] = {}
            for i, (name, k) in enumerate(groups):
                raw = m.group(f"g{i}")
                if raw is not None and name not in values:
                    value = k.read(raw)
                    if value is not None:
                        values[name] = value
            if values:
                if self.infer is not None:
                    values.update({k: v for k, v in self.infer(values).items() if k not in values})
                found.append(values)
        return found
