"""Background tasks of cases: thin wrappers that call services."""

from __future__ import annotations

from django_tasks import task


@task()
def queue_reminders_task() -> int:
    """Queue today's reminders of late steps; returns how many e-mails were queued."""
    from softlanding.cases.services import queue_reminders

    return queue_reminders()
