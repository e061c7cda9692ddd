"""The push index over time as a server-drawn SVG: a line for the smoothed index, bars for the
day's raw figure, red dots on alert days. Geometry as attributes (no inline style)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

WIDTH = 720
HEIGHT = 240
LEFT = 40
BOTTOM = 24
TOP = 10


@dataclass(frozen=True)
class Point:
    x: float
    y: float


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class IndexChart:
    title: str
    line: str  # polyline points
    bars: list[Bar]
    alerts: list[Point]
    ticks: list[tuple[float, str]]  # x, label
    top_label: str
    width: int = WIDTH
    height: int = HEIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    left: int = LEFT
    levels: list[tuple[float, str]] = field(default_factory=list)


def index_chart(
    rows: Sequence[tuple[date, float, float, bool]], *, start: date, end: date, title: str
) -> IndexChart:
    """``rows``: (day, raw, value, alert), any subset of the days from ``start`` to ``end``."""
    days = max(1, (end - start).days + 1)
    top = max([max(raw, value) for _d, raw, value, _a in rows] or [0.0]) or 1.0
    plot_w = WIDTH - LEFT - 10
    plot_h = HEIGHT - BOTTOM - TOP
    step = plot_w / days

    def x(day: date) -> float:
        return round(LEFT + (day - start).days * step, 1)

    def y(value: float) -> float:
        return round(TOP + plot_h - value / top * plot_h, 1)

    by_day = {d: (raw, value, alert) for d, raw, value, alert in rows}
    points = []
    day = start
    while day <= end:
        _raw, value, _alert = by_day.get(day, (0.0, 0.0, False))
        points.append(f"{x(day)},{y(value)}")
        day += timedelta(days=1)
    bars = [
        Bar(x(d), y(raw), max(1.0, round(step * 0.8, 1)), round(raw / top * plot_h, 1))
        for d, raw, _v, _a in rows
        if raw > 0
    ]
    alerts = [Point(x(d), y(value)) for d, _r, value, alert in rows if alert]
    ticks = []
    day = start
    while day <= end:
        if day.day == 1 or day == start:
            ticks.append((x(day), day.strftime("%d.%m")))
        day += timedelta(days=1)
    return IndexChart(
        title=title,
        line=" ".join(points),
        bars=bars,
        alerts=alerts,
        ticks=ticks,
        top_label=f"{top:.1f}",
    )
