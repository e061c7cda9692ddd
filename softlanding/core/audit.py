"""The audit log: one call beside every write a person makes through a service function."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from softlanding.core.models import AuditEntry


def record(
    obj: models.Model, *, action: str, by: Any | None, changes: dict[str, Any] | None = None
) -> AuditEntry:
    """Write one audit entry for ``obj``; call it inside the same transaction as the change."""
    actor = by if getattr(by, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        field: [before.get(field), value]
        for field, value in after.items()
        if before.get(field) != value
    }


def entries_of(model: type[models.Model], ids: Iterable[Any]) -> models.QuerySet[AuditEntry]:
    """The entries about the objects of ``model`` with these ids (the core_audit_object index)."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        object_id__in=[str(pk) for pk in ids],
    )


def history_of(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return entries_of(type(obj), [obj.pk]).select_related("actor").order_by("-at", "-id")
