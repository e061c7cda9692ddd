"""Read helpers of the offer: the catalogue, the version in force, what answers objections."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from softlanding.accounts.models import User
from softlanding.core.models import AuditEntry
from softlanding.offers.enums import OfferLanguage
from softlanding.offers.models import Benefit, RuleSet, RuleSetVersion
from softlanding.outreach.enums import EmailStatus

# The audit action of one sending of the comparison with rivals, recorded on the sender.
COMPARISON_SENT = "offers.comparison_sent"


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


@dataclass(frozen=True)
class ComparisonSending:
    at: datetime
    by: User | None
    language: str
    to: str
    delivery: str
    error: str


def recent_comparison_sendings(limit: int = 20) -> list[ComparisonSending]:
    """The latest sendings of the comparison, newest first, read from the audit log (the only
    place the addresses are kept), with language and delivery as labels; one query."""
    entries = (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(User, for_concrete_model=False),
            action=COMPARISON_SENT,
        )
        .select_related("actor")
        .order_by("-at", "-id")[:limit]
    )
    languages = dict(OfferLanguage.choices)
    deliveries = dict(EmailStatus.choices)

    def new(changes: dict[str, Any], field: str) -> str:
        value = changes.get(field) or [None, ""]
        return str(value[1] or "")

    return [
        ComparisonSending(
            at=entry.at,
            by=entry.actor,
            language=str(languages.get(new(entry.changes, "language"), "")),
            to=new(entry.changes, "to"),
            delivery=str(deliveries.get(new(entry.changes, "delivery"), "")),
            error=new(entry.changes, "error"),
        )
        for entry in entries
    ]
