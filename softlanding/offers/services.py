"""Business actions of the offer: rule set versions, benefits, offers built, rendered and sent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from softlanding.core import audit
from softlanding.offers.eligibility import clean_parameters
from softlanding.offers.models import Rule, RuleSet, RuleSetVersion


class PublishedVersionError(ValidationError):
    """A published rule set version is never changed."""


@dataclass(frozen=True)
class RuleInput:
    kind: str
    parameters: dict[str, Any]


def _refuse_published(version: RuleSetVersion) -> None:
    if version.is_published:
        raise PublishedVersionError(
            _("Version %(n)s is published and cannot change; make a new version from it.")
            % {"n": version.number}
        )


@transaction.atomic
def create_draft_version(*, rule_set: RuleSet, by: Any, notes: str = "") -> RuleSetVersion:
    """A new draft: a copy of the latest version's rules (or none), numbered after it.

    An existing draft is returned instead of a second one: one draft at a time per rule set.
    """
    RuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
    draft = rule_set.versions.filter(is_published=False).order_by("-number").first()
    if draft is not None:
        return draft
    latest = rule_set.versions.order_by("-number").first()
    number = (rule_set.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RuleSetVersion.objects.create(
        rule_set=rule_set, number=number, notes=notes or (latest.notes if latest else "")
    )
    if latest is not None:
        Rule.objects.bulk_create(
            Rule(
                version=version, kind=rule.kind, parameters=rule.parameters, position=rule.position
            )
            for rule in latest.rules.order_by("position", "id")
        )
    audit.record(version, action="offers.version_drafted", by=by)
    return version


@transaction.atomic
def save_draft_rules(
    *, version: RuleSetVersion, rules: Iterable[RuleInput], notes: str | None = None, by: Any
) -> RuleSetVersion:
    """Replace a draft's rules. Refused for a published version; bad parameters save nothing."""
    version = RuleSetVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    cleaned = [(rule.kind, clean_parameters(rule.kind, rule.parameters)) for rule in rules]
    version.rules.all().delete()
    Rule.objects.bulk_create(
        Rule(version=version, kind=kind, parameters=parameters, position=position)
        for position, (kind, parameters) in enumerate(cleaned)
    )
    if notes is not None:
        version.notes = notes
        version.save(update_fields=["notes"])
    audit.record(
        version,
        action="offers.rules_saved",
        by=by,
        changes={"rules": [[kind, parameters] for kind, parameters in cleaned]},
    )
    return version


@transaction.atomic
def publish_rule_set_version(
    *, version: RuleSetVersion, effective_from: date, by: Any
) -> RuleSetVersion:
    """Publish a draft to apply from ``effective_from``; from then on it never changes.

    A version may not apply from before the latest published one: that would rewrite which
    rules judged applications already submitted.
    """
    version = RuleSetVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    if not version.rules.exists():
        raise ValidationError(_("A version without rules cannot be published."))
    latest = (
        RuleSetVersion.objects.filter(rule_set_id=version.rule_set_id, is_published=True)
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if latest is not None and effective_from < latest:
        raise ValidationError(
            _("The version in force from %(date)s would be overtaken; choose %(date)s or later.")
            % {"date": latest.isoformat()}
        )
    version.is_published = True
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.published_by = by if getattr(by, "is_authenticated", False) else None
    version.save(update_fields=["is_published", "effective_from", "published_at", "published_by"])
    audit.record(
        version,
        action="offers.version_published",
        by=by,
        changes={"effective_from": [None, effective_from.isoformat()]},
    )
    return version
