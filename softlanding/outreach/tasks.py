"""Background tasks of outreach: thin wrappers that call services."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_email_task(activity_id: int) -> str:
    """Send one queued e-mail activity; returns its delivery status."""
    from softlanding.outreach.services import deliver_email

    return deliver_email(activity_id)
