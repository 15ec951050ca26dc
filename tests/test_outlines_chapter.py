"""A level-2 section's 章节 label (xlperf/domain/outlines.py ``chapter_number``), judged by `make mutate` (issue 19):
the expected labels are written by hand from how the published reports number their sub-sections (“四（二）”,
and “四、2.” for a department that numbers them “2.”).

No survivors are left (tests/test_outlines_mutants.py, s7g): the ``rstrip`` calls these once were are now ``_bare()``.
"""

from __future__ import annotations

import pytest

from xlperf.domain.outlines import chapter_number


@pytest.mark.parametrize("parent, number, label", [
    ("四、", "（二）", "四（二）"),
    ("四、", "（二）、", "四（二）"),  # a stray 、 after the number goes
    ("四.", "（三）．", "四（三）"),
    ("四、", "2.", "四、2."),  # a department's “2.”: the parent keeps its 、
    ("十一、", "12.", "十一、12."),
    ("四", "（一）", "四（一）"),
])
def test_chapter_label_of_a_sub_section(parent, number, label):
    assert chapter_number(parent, number) == label
