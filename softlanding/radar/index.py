"""The push index: per country and day, from the day's signals, smoothed, with jump alerts.

For a country and a day: every signal type counts the *distinct articles* carrying it (an article
saying "protest" ten times counts once), each article by its signal's confidence, each type by its
weight. That raw daily figure is smoothed by an exponentially weighted moving average with a 7-day
span (today's events count, yesterday's fade). A jump is today's smoothed value against the
country's own previous 90 days: a z-score of at least ``ALERT_Z`` (and a value worth noticing)
raises an alert, the way GDELT timelines and IODA outage alerts flag a break from a baseline.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

#: How much one article of each signal type pushes (an outage moves people more than a rally).
TYPE_WEIGHTS: Final[dict[str, float]] = {
    "political_unrest": 1.0,
    "internet_shutdown": 1.5,
    "pressure_on_companies": 2.0,
    "relocation": 2.0,
    "rival_offer": 0.5,
    "visa_tax_change": 0.5,
}
SPAN_DAYS: Final = 7
ALPHA: Final = 2 / (SPAN_DAYS + 1)
BASELINE_DAYS: Final = 90
ALERT_Z: Final = 3.0
#: A smoothed value below this never alerts: one article in a quiet country is not a jump.
ALERT_MIN_VALUE: Final = 1.0
#: The baseline's spread is at least this, so a country that was silent for 90 days does not
#: alert on any single article.
MIN_STD: Final = 0.5


@dataclass(frozen=True, slots=True)
class Day:
    country: str
    day: date
    raw: float
    counts: dict[str, int]
    value: float
    zscore: float
    alert: bool


def daily_raw(
    rows: Iterable[tuple[str, date, str, int, float]],
) -> dict[str, dict[date, tuple[float, dict[str, int]]]]:
    """(country, day, type, article id, confidence) rows → raw value and counts per day."""
    best: dict[tuple[str, date, str, int], float] = {}
    for country, day, type_, article, confidence in rows:
        key = (country, day, type_, article)
        best[key] = max(best.get(key, 0.0), confidence)
    out: dict[str, dict[date, tuple[float, dict[str, int]]]] = defaultdict(dict)
    for (country, day, type_, _article), confidence in best.items():
        raw, counts = out[country].get(day, (0.0, {}))
        counts[type_] = counts.get(type_, 0) + 1
        out[country][day] = (raw + TYPE_WEIGHTS.get(type_, 1.0) * confidence, counts)
    return out


def series(
    country: str, raw_by_day: dict[date, tuple[float, dict[str, int]]], start: date, end: date
) -> list[Day]:
    """Smoothed values and z-scores for every day from ``start`` to ``end``.

    ``raw_by_day`` must hold the days from ``start - BASELINE_DAYS - 4 * SPAN_DAYS`` on for the
    smoothing and the baseline to be settled; days before ``start`` are computed, not returned.
    """
    first = start - timedelta(days=BASELINE_DAYS + 4 * SPAN_DAYS)
    values: list[float] = []
    out: list[Day] = []
    value = 0.0
    day = first
    while day <= end:
        raw, counts = raw_by_day.get(day, (0.0, {}))
        value = ALPHA * raw + (1 - ALPHA) * value
        baseline = values[-BASELINE_DAYS:]
        if baseline:
            mean = sum(baseline) / len(baseline)
            std = math.sqrt(sum((v - mean) ** 2 for v in baseline) / len(baseline))
        else:
            mean, std = 0.0, 0.0
        z = (value - mean) / max(std, MIN_STD)
        if day >= start:
            out.append(
                Day(
                    country=country,
                    day=day,
                    raw=round(raw, 3),
                    counts=dict(counts),
                    value=round(value, 3),
                    zscore=round(z, 2),
                    alert=z >= ALERT_Z and value >= ALERT_MIN_VALUE,
                )
            )
        values.append(value)
        day += timedelta(days=1)
    return out


def push_score(*, country_value: float, own_articles: int) -> float:
    """An organisation's push (0–100): its country's index and the articles about it.

    Up to 60 points from the country (an index of 5, a crisis week, gives all of them), up to 40
    from signal-carrying articles naming the organisation in the last 30 days (10 each).
    """
    country_part = min(60.0, max(0.0, country_value) / 5.0 * 60.0)
    own_part = min(40.0, 10.0 * own_articles)
    return round(country_part + own_part, 1)
