"""The level-1 score-rate bar chart (PNG) for the Word and HTML reports.

matplotlib is imported here only, and only when a chart is actually drawn (it is the slowest
import of the whole report).  Drawn charts are cached on disk by their content, so writing the
same report again (or a batch of reports) does not pay for matplotlib twice.  Without a CJK
font the chart is left out rather than drawn with empty boxes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Optional, Sequence

from . import cache
from .context import ChartBar

#: Fonts tried in order (Windows, macOS and Linux names).
CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "SimHei", "PingFang SC",
             "Heiti SC", "WenQuanYi Micro Hei", "Noto Sans CJK JP", "Noto Serif CJK SC")

_VERSION = "1"  # bump when the drawing changes


def _find_font() -> Optional[str]:
    from matplotlib import font_manager

    names = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in names:
            return names[name]
    return None


def _draw(bars: Sequence[ChartBar], font_path: str) -> bytes:
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    font = FontProperties(fname=font_path, size=11)
    small = FontProperties(fname=font_path, size=10)
    fig = Figure(figsize=(6.0, 0.55 * len(bars) + 1.0), dpi=150)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(111)
    labels = [b.label for b in bars][::-1]
    values = [max(0.0, min(b.rate, 1.0)) * 100 for b in bars][::-1]
    texts = [b.rate_text for b in bars][::-1]
    colors = ["#c0392b" if v < 60 else "#d68910" if v < 90 else "#1f618d" for v in values]
    ax.barh(range(len(values)), values, color=colors, height=0.55)
    ax.set_yticks(range(len(values)))
    ax.set_yticklabels(labels, fontproperties=font)
    ax.set_xlim(0, 112)
    ax.set_xticks([0, 20, 40, 60, 80, 100])
    ax.set_xticklabels([f"{t}%" for t in (0, 20, 40, 60, 80, 100)], fontproperties=small)
    for y, (v, t) in enumerate(zip(values, texts)):
        ax.text(v + 1.5, y, t, va="center", fontproperties=small)
    ax.set_title("各一级指标得分率", fontproperties=font)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def chart_png(bars: Sequence[ChartBar]) -> Optional[bytes]:
    """PNG bytes of the chart, or None when there is nothing to draw or no CJK font."""
    if not bars:
        return None
    key = hashlib.sha256(json.dumps([_VERSION] + [[b.label, b.rate, b.rate_text] for b in bars],
                                    ensure_ascii=False).encode("utf-8")).hexdigest()[:32]
    name = f"chart-{key}.png"
    png = cache.read(name)
    if png is not None:
        return png
    font = _find_font()
    if font is None:
        return None
    png = _draw(bars, font)
    cache.write(name, png)
    return png
