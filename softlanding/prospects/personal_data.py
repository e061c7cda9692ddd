"""A person's rights over their data: everything the hub holds on them, and its erasure.

The people in the registry are real people in other countries who never signed up. When one
asks what the hub holds on them, ``person_data`` gathers it as one JSON-ready dict: their
record, its history, and what every other part keeps on them (each part registers a holder,
``core.personal_data``: outreach its activities and opportunities, the radar the news that
named them, the portal applications linked to them). When one asks to be forgotten,
``erase_person`` runs every holder's erasure (each module says what it removes and what it
keeps without them), strips their own history entries of values and of their name (who did
what and when stays), removes their record, and writes one ``person.erased`` entry: who erased
whom (by id only), when, why, and how many rows of each kind went. All in one transaction.
``erasure_preview`` runs the same erasure and rolls it back: the confirmation page shows what
would happen, counted by the code that would do it.

Called by the person's page and by ``softlanding person export|erase``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from softlanding.core import audit, personal_data
from softlanding.core.models import AuditEntry
from softlanding.core.personal_data import Effect
from softlanding.prospects.models import Person

if TYPE_CHECKING:
    from softlanding.accounts.models import User

__all__ = ["Erasure", "erase_person", "erasure_preview", "export_json", "person_data"]


def person_data(person: Person, *, by: User | None) -> dict[str, Any]:
    """Everything held on ``person``, JSON-ready (with ``JSON_ENCODER``); the export is audited."""
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
    data: dict[str, Any] = {
        "exported_at": timezone.now(),
        "person": record,
        "history": [
            {
                "at": entry.at,
                "action": entry.action,
                "by": str(entry.actor) if entry.actor else None,
                "changes": entry.changes,
            }
            for entry in audit.history_of(person).order_by("at", "id")
        ],
    }
    for holder in personal_data.holders():
        data.update(holder.export(person))
    with transaction.atomic():
        audit.record(person, action="person.exported", by=by)
    return data


def export_json(person: Person, *, by: User | None) -> str:
    """``person_data`` as the file a person receives (the page's download, the command)."""
    return json.dumps(
        person_data(person, by=by), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
    )


@dataclass(frozen=True)
class Erasure:
    """What an erasure did, by kind of row (no personal data)."""

    person: int
    effects: list[Effect]

    @property
    def counts(self) -> dict[str, int]:
        return {effect.key: effect.count for effect in self.effects}


def _erase(person: Person) -> Erasure:
    pk = person.pk
    effects = [effect for holder in personal_data.holders() for effect in holder.erase(person)]
    stripped = audit.entries_of(Person, [pk]).update(object_repr=f"#{pk}", changes={})
    person.delete()
    return Erasure(pk, [*effects, Effect("history_entries_stripped", stripped, "")])


def erasure_preview(person: Person) -> Erasure:
    """What ``erase_person`` would do now: the same erasure, rolled back."""
    with transaction.atomic():
        erasure = _erase(Person.objects.select_for_update().get(pk=person.pk))
        transaction.set_rollback(True)
    return erasure


def erase_person(person: Person, *, by: User | None, reason: str) -> Erasure:
    """Erase ``person`` as the module says; all or nothing. ``reason`` (the request: when, how)
    is kept in the erasure's own entry, so it must not name them."""
    reason = reason.strip()
    if not reason:
        raise ValueError("an erasure needs its reason")
    with transaction.atomic():
        erasure = _erase(Person.objects.select_for_update().get(pk=person.pk))
        AuditEntry.objects.create(
            actor=by if getattr(by, "is_authenticated", False) else None,
            action="person.erased",
            content_type=ContentType.objects.get_for_model(Person),
            object_id=str(erasure.person),
            object_repr=f"#{erasure.person}",
            changes={"reason": reason[:1000], **erasure.counts},
        )
    return erasure
