"""Template helpers of outreach: times where they happened, days since."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django import template
from django.utils import formats, timezone

from softlanding.outreach.models import Activity, Opportunity

register = template.Library()


@register.filter
def local_time(activity: Activity) -> str:
    """When an activity happened, in the zone where it happened: "10:00 (Europe/Minsk)"."""
    try:
        zone = ZoneInfo(activity.time_zone)
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    there = timezone.localtime(activity.occurred_at, zone)
    return f"{formats.date_format(there, 'SHORT_DATETIME_FORMAT')} ({activity.time_zone})"


@register.filter
def days_since(moment: datetime | None) -> int | None:
    if moment is None:
        return None
    return (timezone.now() - moment).days


@register.filter
def is_past(day: date | None) -> bool:
    return day is not None and day < timezone.localdate()


@register.simple_tag(takes_context=True)
def board_cards(context: template.Context, cards: list[Opportunity], can_move: bool) -> str:
    """A column's cards, built in Python (see cards.py for why)."""
    from django.middleware.csrf import get_token

    from softlanding.outreach.cards import render_cards

    request = context.get("request")
    token = get_token(request) if can_move and request is not None else ""
    return render_cards(cards, can_move=can_move, csrf_token=token)
