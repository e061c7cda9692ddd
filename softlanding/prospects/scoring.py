"""The fit score: how well an organisation suits the hub's programme, from its own data.

Weights are data the programme lead edits (``ScoringWeights``); these are the defaults. Each part
adds points, capped, and the total is clipped to 0–100. The push score (0–100) is the radar's;
an organisation's ``score`` is fit + push.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from softlanding.prospects.enums import SizeBand

DEFAULT_WEIGHTS: dict[str, Any] = {
    # Mid-sized teams relocate as a unit; the very small rarely need a hub, the largest move slowly.
    "size": {
        SizeBand.MICRO.value: 5,
        SizeBand.SMALL.value: 20,
        SizeBand.MEDIUM.value: 30,
        SizeBand.LARGE.value: 30,
        SizeBand.ENTERPRISE.value: 20,
    },
    # Export markets: a company selling abroad does not care that the hub's home market is small.
    "markets": {
        "US": 12,
        "EU": 12,
        "UK": 10,
        "DACH": 8,
        "Nordics": 6,
        "Australia": 6,
        "Canada": 6,
        "Israel": 4,
        "Middle East": 4,
    },
    "markets_cap": 30,
    "specialities": {
        "ML": 8,
        "data engineering": 6,
        "fintech": 8,
        "cybersecurity": 6,
        "gamedev": 5,
        "healthtech": 5,
        "DevOps": 4,
        "Go": 3,
    },
    "specialities_cap": 20,
    "countries": {"BY": 15, "RU": 10, "UA": 8, "KZ": 2, "UZ": 5},
    # Companies past their first years have clients to bring along.
    "years_established": 3,
    "established_points": 5,
}


def _capped(points: Iterable[float], cap: float) -> float:
    return min(float(sum(points)), float(cap))


def fit_score(
    *,
    employees: int | None,
    markets: Iterable[str],
    specialities: Iterable[str],
    country: str,
    founded: int | None,
    weights: Mapping[str, Any],
    today: date | None = None,
) -> float:
    total = 0.0
    band = SizeBand.for_employees(employees)
    if band is not None:
        total += float(weights.get("size", {}).get(band.value, 0))
    market_points = weights.get("markets", {})
    total += _capped((market_points.get(m, 0) for m in set(markets)), weights.get("markets_cap", 0))
    speciality_points = weights.get("specialities", {})
    total += _capped(
        (speciality_points.get(s, 0) for s in set(specialities)), weights.get("specialities_cap", 0)
    )
    total += float(weights.get("countries", {}).get(str(country), 0))
    if founded is not None:
        year = (today or date.today()).year
        if year - founded >= int(weights.get("years_established", 3)):
            total += float(weights.get("established_points", 0))
    return round(max(0.0, min(100.0, total)), 1)
