"""Background tasks of the radar: thin wrappers taking ids."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def poll_source_task(source_id: int) -> dict[str, Any] | None:
    """Fetch one source once; the source records its own status, good or bad."""
    from django.utils import timezone

    from softlanding.radar.models import Source
    from softlanding.radar.services import earliest_new_day, poll_source, refresh_push

    source = Source.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        return None
    started = timezone.now()
    result = poll_source(source)
    if result["stored"]:
        refresh_push(since=earliest_new_day(started))
    return result


@task()
def enqueue_due_sources_task() -> int:
    from softlanding.radar.services import enqueue_due_sources

    return enqueue_due_sources()


@task()
def refresh_push_task(since: str) -> None:
    """Rebuild the push index from a day (ISO date) on and the organisations' push scores."""
    from datetime import date

    from softlanding.radar.services import refresh_push

    refresh_push(since=date.fromisoformat(since))
