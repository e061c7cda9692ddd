"""Background tasks of the offer: thin wrappers that call services."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_offer_task(offer_id: int, activity_id: int) -> str:
    """Send one queued offer e-mail with its PDF; returns its delivery status."""
    from softlanding.offers.services import deliver_offer

    return deliver_offer(offer_id, activity_id)


@task()
def send_comparison_task(to: str, language: str, sender: str) -> int:
    """Render and send the comparison with rivals to one address."""
    from softlanding.offers.services import deliver_comparison

    return deliver_comparison(to=to, language=language, sender=sender)
