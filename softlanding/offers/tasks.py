"""Background tasks of the offer: thin wrappers that call services."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_offer_task(offer_id: int, activity_id: int) -> str:
    """Send one queued offer e-mail with its PDF; returns its delivery status."""
    from softlanding.offers.services import deliver_offer

    return deliver_offer(offer_id, activity_id)
