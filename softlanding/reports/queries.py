"""The relocation funnel as report tables: one row per campaign or per country, and a total.

Reports reads from the other parts; the numbers come from ``cases.queries.funnel_by`` (one
grouped query), the campaign names from one more query, the country names from
django-countries (no query).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from softlanding.cases.queries import FUNNEL_KEYS, Funnel, FunnelStep, funnel_by
from softlanding.outreach.models import Campaign
from softlanding.prospects.queries import country_names

Dimension = Literal["campaign", "country"]
DIMENSIONS: tuple[Dimension, ...] = ("campaign", "country")


@dataclass(frozen=True)
class FunnelRow:
    label: str
    funnel: Funnel


@dataclass(frozen=True)
class FunnelTable:
    dimension: Dimension
    rows: list[FunnelRow]
    total: Funnel


def stage_labels() -> dict[str, str]:
    """The four stages in the active language; "working" is what the product calls landed."""
    return {
        "pledged": pgettext("funnel", "Pledged"),
        "with_visa": pgettext("funnel", "With visa"),
        "arrived": pgettext("funnel", "Arrived"),
        "working": pgettext("funnel", "Working (landed)"),
    }


def _total(funnels: list[Funnel]) -> Funnel:
    """The sum of disjoint groups (each person is in exactly one row): no query."""
    return Funnel(
        [
            FunnelStep(
                key,
                sum(f.steps[index].people for f in funnels),
                sum(f.steps[index].family for f in funnels),
            )
            for index, key in enumerate(FUNNEL_KEYS)
        ]
    )


def _campaign_labels(ids: list[int]) -> dict[int, str]:
    return dict(Campaign.objects.filter(pk__in=ids).values_list("id", "name"))


def funnel_table(dimension: Dimension) -> FunnelTable:
    """The funnel per campaign (two queries) or per country (one query), whatever the rows.

    Rows are sorted by the number pledged, largest first, then by name; people of cases with
    no campaign or no country have their own row.
    """
    by = funnel_by(dimension)
    names: dict[Any, str]
    if dimension == "campaign":
        names = {**_campaign_labels([key for key in by if key is not None])}
        none_label = _("No campaign")
    else:
        names = {**country_names()}
        none_label = _("Country not known")
    rows = [
        FunnelRow(names.get(key, str(key)) if key not in (None, "") else none_label, funnel)
        for key, funnel in by.items()
    ]
    rows.sort(key=lambda row: (-row.funnel.steps[0].total, row.label.casefold()))
    return FunnelTable(dimension, rows, _total([row.funnel for row in rows]))
