"""Background tasks of the offer: thin wrappers that call services."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_offer_task(offer_id: int, activity_id: int) -> str:
    """Send one queued offer e-mail with its PDF; returns its delivery status."""
    from softlanding.offers.services import deliver_offer

    return deliver_offer(offer_id, activity_id)


@task()
def deliver_comparison_task(entry_id: int) -> str:
    """Render and send the comparison with rivals to the address its audit entry holds; returns
    its delivery status. Only the entry's id is queued, never the address."""
    from softlanding.offers.services import deliver_comparison

    return deliver_comparison(entry_id)
