"""The product's parts, in the order the navigation shows them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Part:
    key: str
    label: Promise
    url_name: str
    permission: str
    promise: Promise  # what the part holds, shown while it is still being built


PARTS: tuple[Part, ...] = (
    Part(
        "radar",
        _("Radar"),
        "radar:index",
        "accounts.view_radar",
        _(
            "News feeds read every hour, push signals per country, a daily push index and alerts "
            "on the organisations you track."
        ),
    ),
    Part(
        "prospects",
        _("Prospects"),
        "prospects:organization_list",
        "accounts.view_prospects",
        _(
            "Organisations and people to call, imported from registries and spreadsheets, "
            "with duplicates found across Latin and Cyrillic spellings."
        ),
    ),
    Part(
        "outreach",
        _("Outreach"),
        "outreach:index",
        "accounts.view_outreach",
        _(
            "Campaigns, the pipeline from identified to landed, calls and follow-ups, "
            "objections and loss reasons, and your day on one screen."
        ),
    ),
    Part(
        "offers",
        _("Offer"),
        "offers:index",
        "accounts.view_offers",
        _(
            "Benefits, eligibility rules by the date they apply from, tailored offers and a "
            "side-by-side with rival destinations."
        ),
    ),
    Part(
        "portal",
        _("Applications"),
        "portal:review_queue",
        "accounts.review_applications",
        _(
            "Applications from companies and specialists: the review queue, requests for "
            "information, eligibility and decisions."
        ),
    ),
    Part(
        "cases",
        _("Cases"),
        "cases:index",
        "accounts.view_cases",
        _(
            "Relocation cases: every relocatee and family member, visa steps, desks, tax regime "
            "and deadlines."
        ),
    ),
    Part(
        "reports",
        _("Reports"),
        "reports:index",
        "accounts.view_reports",
        _(
            "Funnel and conversion by campaign and country, time in stage, objections, pledged "
            "against landed, and the push index over time."
        ),
    ),
)

PARTS_BY_KEY = {part.key: part for part in PARTS}
