"""Bar charts drawn on the server as SVG: no script, geometry as attributes (the CSP allows no
inline style), a title for screen readers and the same figures in a table beside each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 60
ROW = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: int
    width: int

    @property
    def x(self) -> int:
        return LABEL_WIDTH

    @property
    def text_y(self) -> int:
        return self.y + 20

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int = WIDTH

    @property
    def height(self) -> int:
        return max(ROW, len(self.bars) * ROW)


def bar_chart(rows: Sequence[tuple[str, float]], *, title: str) -> BarChart:
    """Horizontal bars, the longest the whole width; zero stays a hairline so its row shows."""
    top = max((value for _label, value in rows), default=0) or 1
    area = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    bars = [
        Bar(label=str(label), value=value, y=index * ROW, width=max(1, round(area * value / top)))
        for index, (label, value) in enumerate(rows)
    ]
    return BarChart(title=str(title), bars=bars)
