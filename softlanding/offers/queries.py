"""Read helpers of the offer: the catalogue, the version in force, what answers objections."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from softlanding.offers.models import Benefit, RuleSet, RuleSetVersion


def active_benefits() -> QuerySet[Benefit]:
    """The catalogue as offered today, in its order."""
    return Benefit.objects.active().order_by("position", "id")


def version_in_force(rule_set: RuleSet, *, on: date) -> RuleSetVersion | None:
    """The published version applying on ``on``: the latest start not after it, then the highest
    number (a correction published for the same day)."""
    return (
        RuleSetVersion.objects.filter(rule_set=rule_set, is_published=True, effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )
