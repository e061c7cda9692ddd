"""Template helpers of outreach: times where they happened, days since."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from softlanding.outreach.models import Activity, Opportunity

register = template.Library()


@register.filter
def local_time(activity: Activity) -> str:
    """When an activity happened, in the zone where it happened: "10:00 (Europe/Minsk)"."""
    from softlanding.outreach.cards import local_time as local

    return local(activity)


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


@register.simple_tag(takes_context=True)
def follow_up_rows(context: template.Context, follow_ups: list[Activity]) -> str:
    """My day's follow-ups with their call logs, built in Python (see cards.py for why)."""
    from django.middleware.csrf import get_token

    from softlanding.outreach.cards import render_follow_ups

    request = context.get("request")
    can_log = bool(context.get("can_log"))
    return render_follow_ups(
        follow_ups,
        can_log=can_log,
        csrf_token=get_token(request) if can_log and request is not None else "",
        outcome_options=mark_safe(context.get("outcome_options") or ""),
        objection_options=mark_safe(context.get("objection_options") or ""),
        today=context["day"].today,
    )


@register.simple_tag
def next_step_rows(opportunities: list[Opportunity]) -> str:
    from softlanding.outreach.cards import render_next_steps

    return render_next_steps(opportunities)
