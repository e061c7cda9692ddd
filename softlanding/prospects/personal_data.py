"""A person's rights over their data: everything the hub holds on them, and its erasure.

The people in the registry are real people in other countries who never signed up: when one
asks what the hub holds on them, ``person_data`` gathers it (their record, its history, the
activities and opportunities they are part of, the news that named them, applications linked
to them) as one JSON-ready dict. When one asks to be forgotten, ``erase_person`` removes them
in one transaction:

* their record goes; the news articles that named them stay (published text), the links to
  them (mentions) go, and applications and radar candidates lose the link;
* an activity with them that also concerns an organisation or an opportunity stays, as a dated
  fact for the programme's figures (kind, direction, outcome, when), without them, its subject,
  its notes, the address an e-mail went to or the words of objections heard in it; one that
  concerns only them goes;
* an opportunity with them and an organisation stays without them; one of theirs alone goes,
  with its stage changes and activities;
* every history entry about them, or about an activity or opportunity that kept a trace of
  them, keeps who did what and when, and loses the values (``changes``) and the name shown;
* one ``person.erased`` entry records who erased whom (by id only), when, why, and what went.

Both are called by the person's page and by ``softlanding person export|erase``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from softlanding.core import audit
from softlanding.core.models import AuditEntry
from softlanding.prospects.models import Person

if TYPE_CHECKING:
    from softlanding.accounts.models import User

__all__ = ["JSON_ENCODER", "Erasure", "erase_person", "erasure_preview", "person_data"]

JSON_ENCODER = DjangoJSONEncoder


def _entries(model: type[Any], ids: list[Any]) -> Any:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id__in=[str(pk) for pk in ids],
    )


def person_data(person: Person, *, by: User | None) -> dict[str, Any]:
    """Everything held on ``person``, JSON-ready (with ``JSON_ENCODER``); the export is audited."""
    from softlanding.outreach.models import Activity, Opportunity
    from softlanding.portal.models import Application
    from softlanding.radar.models import Mention

    # Every field the record has, so that a field added later is exported without a change here.
    record: dict[str, Any] = {
        field.attname: field.value_from_object(person)
        for field in Person._meta.concrete_fields
        if not field.is_relation
    }
    record["country"] = str(person.country)
    organization = person.organization
    record["organization"] = (
        None if organization is None else {"id": organization.pk, "name": str(organization)}
    )
    history = [
        {
            "at": entry.at,
            "action": entry.action,
            "by": str(entry.actor) if entry.actor else None,
            "changes": entry.changes,
        }
        for entry in audit.history_of(person).order_by("at", "id")
    ]
    activities = list(
        Activity.objects.filter(person=person)
        .order_by("occurred_at", "id")
        .values(
            "id",
            "occurred_at",
            "kind",
            "direction",
            "outcome",
            "subject",
            "notes",
            "email_to",
            "organization_id",
            "opportunity_id",
        )
    )
    opportunities = list(
        Opportunity.objects.filter(person=person)
        .order_by("id")
        .values(
            "id",
            "campaign__name",
            "organization_id",
            "stage",
            "next_step",
            "next_step_on",
            "loss_note",
            "created_at",
        )
    )
    mentions = list(
        Mention.objects.filter(person=person)
        .order_by("day", "id")
        .values("day", "surface", "article__title", "article__url")
    )
    applications = list(
        Application.objects.filter(person=person).order_by("id").values("id", "status", "kind")
    )
    with transaction.atomic():
        audit.record(person, action="person.exported", by=by)
    return {
        "exported_at": timezone.now(),
        "person": record,
        "history": history,
        "activities": activities,
        "opportunities": opportunities,
        "news_mentions": mentions,
        "applications": applications,
    }


@dataclass(frozen=True)
class Erasure:
    """What an erasure removed or stripped, by count (no personal data)."""

    person: int
    activities_kept_without_them: int
    activities_removed: int
    opportunities_kept_without_them: int
    opportunities_removed: int
    news_mentions_removed: int
    history_entries_stripped: int


@dataclass(frozen=True)
class _Plan:
    """The rows an erasure of one person touches, by id (a person has few)."""

    person: int
    own: list[int]  # opportunities of theirs alone: removed
    shared: list[int]  # opportunities with an organisation: kept without them
    kept: list[int]  # activities kept without them
    alone: list[int]  # activities with them alone: removed
    gone: list[int]  # activities of their own opportunities: removed with them

    def history(self) -> tuple[Any, Any, Any]:
        """Entries shown by their name (theirs, their own opportunities'), then entries whose
        values may hold them (their activities', opportunities with an organisation)."""
        from softlanding.outreach.models import Activity, Opportunity

        return (
            _entries(Person, [self.person]),
            _entries(Opportunity, self.own),
            _entries(Activity, [*self.kept, *self.alone, *self.gone])
            | _entries(Opportunity, self.shared),
        )

    def outcome(self, *, mentions: int, stripped: int) -> Erasure:
        return Erasure(
            person=self.person,
            activities_kept_without_them=len(self.kept),
            activities_removed=len(self.alone) + len(self.gone),
            opportunities_kept_without_them=len(self.shared),
            opportunities_removed=len(self.own),
            news_mentions_removed=mentions,
            history_entries_stripped=stripped,
        )


def _plan(person: Person) -> _Plan:
    from softlanding.outreach.models import Activity, Opportunity

    opportunities = Opportunity.objects.filter(person=person)
    own = list(opportunities.filter(organization__isnull=True).values_list("pk", flat=True))
    shared = list(opportunities.filter(organization__isnull=False).values_list("pk", flat=True))
    theirs = Activity.objects.filter(person=person).exclude(opportunity_id__in=own)
    alone = list(
        theirs.filter(organization__isnull=True, opportunity__isnull=True).values_list(
            "pk", flat=True
        )
    )
    kept = list(theirs.exclude(pk__in=alone).values_list("pk", flat=True))
    gone = list(Activity.objects.filter(opportunity_id__in=own).values_list("pk", flat=True))
    return _Plan(person.pk, own, shared, kept, alone, gone)


def erasure_preview(person: Person) -> Erasure:
    """What ``erase_person`` would do now, by count: the confirmation page shows it."""
    from softlanding.radar.models import Mention

    plan = _plan(person)
    return plan.outcome(
        mentions=Mention.objects.filter(person=person).count(),
        stripped=sum(entries.count() for entries in plan.history()),
    )


def erase_person(person: Person, *, by: User | None, reason: str) -> Erasure:
    """Erase ``person`` as the module says; all or nothing. ``reason`` (the request: when, how)
    is kept in the erasure's own entry, so it must not name them."""
    from softlanding.outreach.models import Activity, Opportunity, RaisedObjection
    from softlanding.radar.models import Mention

    reason = reason.strip()
    if not reason:
        raise ValueError("an erasure needs its reason")
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        plan = _plan(person)
        about_them, their_own, beside_them = plan.history()
        stripped = (
            about_them.update(object_repr=f"#{plan.person}", changes={})
            + their_own.update(object_repr=Concat(Value("#"), "object_id"), changes={})
            + beside_them.update(changes={})
        )
        RaisedObjection.objects.filter(activity_id__in=plan.kept).update(note="")
        Activity.objects.filter(pk__in=plan.kept).update(
            person=None, subject="", notes="", email_to="", email_error=""
        )
        Activity.objects.filter(pk__in=plan.alone).delete()
        Opportunity.objects.filter(pk__in=plan.shared).update(person=None)
        # Its stage changes, activities and objections go with it.
        Opportunity.objects.filter(pk__in=plan.own).delete()
        mentions = Mention.objects.filter(person=person).count()
        person.delete()  # mentions go with it; applications and candidates lose the link

        erasure = plan.outcome(mentions=mentions, stripped=stripped)
        AuditEntry.objects.create(
            actor=by if getattr(by, "is_authenticated", False) else None,
            action="person.erased",
            content_type=ContentType.objects.get_for_model(Person),
            object_id=str(plan.person),
            object_repr=f"#{plan.person}",
            changes={"reason": reason[:1000], **asdict(erasure)},
        )
    return erasure
