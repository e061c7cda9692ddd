"""Board cards and My day's follow-ups as HTML built in Python.

A board shows up to 80 cards, each with its move form; through the template engine a card costs
about a millisecond (tags, translations, the form), which is most of the page's time at a
20,000-opportunity campaign. Here a card is one ``format_html`` call, the per-stage <option>
lists are built once per request, and the words come from the same catalogue entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from softlanding.outreach.enums import ActivityKind, Stage, moves_from
from softlanding.outreach.models import Activity, Opportunity


@lru_cache(maxsize=8)
def _move_options(language: str) -> dict[str, SafeString]:
    return {
        stage.value: format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((to.value, to.label) for to in moves_from(stage) if to != Stage.LOST),
        )
        for stage in Stage
    }


def move_options() -> dict[str, SafeString]:
    """Each stage's <option> list for the board's move forms ("lost" asks for reasons: not here),
    built once per language."""
    return _move_options(get_language() or "en")


def _url_pattern(name: str) -> tuple[str, str]:
    """A URL with a numeric argument, split around it: reversing per card costs more."""
    marker = 987654321
    url = reverse(name, args=[marker])
    before, _sep, after = url.partition(str(marker))
    return before, after


def render_cards(
    opportunities: Iterable[Opportunity],
    *,
    can_move: bool,
    csrf_token: str,
    today: date | None = None,
    now: datetime | None = None,
) -> SafeString:
    today = today or timezone.localdate()
    now = now or timezone.now()
    options = move_options() if can_move else {}
    detail = _url_pattern("outreach:opportunity_detail")
    move = _url_pattern("outreach:opportunity_move")
    move_word, next_word = _("Move"), _("Next:")
    parts: list[str] = []
    for opportunity in opportunities:
        pk = opportunity.pk
        name = opportunity.prospect_name
        facts: list[str] = []
        if opportunity.organization_id and opportunity.organization is not None:
            facts.append(str(opportunity.organization.country))
        if opportunity.expected_headcount:
            n = opportunity.expected_headcount
            facts.append(ngettext("%(n)s person", "%(n)s people", n) % {"n": n})
        entered = getattr(opportunity, "entered_at", None)
        days = (now - entered).days if entered else 0
        facts.append(
            ngettext("%(days)s day in stage", "%(days)s days in stage", days) % {"days": days}
        )
        next_step = ""
        if opportunity.next_step_on:
            late = ' class="status-bad"' if opportunity.next_step_on < today else ""
            next_step = format_html(
                "<small{}>{} {} · {}</small>",
                mark_safe(late),
                next_word,
                (opportunity.next_step or "—")[:60],
                formats.date_format(opportunity.next_step_on, "SHORT_DATE_FORMAT"),
            )
        form = ""
        choices = options.get(opportunity.stage) if can_move else None
        if choices:
            url = f"{move[0]}{pk}{move[1]}"
            form = format_html(
                '<form method="post" action="{url}" class="move-form" hx-post="{url}" '
                'hx-target="#board" hx-swap="outerHTML">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
                '<input type="hidden" name="version" value="{version}">'
                '<input type="hidden" name="from" value="board">'
                '<label class="visually-hidden" for="move-{pk}">{label}</label>'
                '<select id="move-{pk}" name="to">{choices}</select>'
                '<button type="submit" class="secondary small">{move_word}</button></form>',
                url=url,
                csrf=csrf_token,
                version=opportunity.version,
                pk=pk,
                label=_("Move %(name)s to") % {"name": name},
                choices=choices,
                move_word=move_word,
            )
        drag = (
            format_html(
                ' draggable="true" data-move-url="{}{}{}" data-version="{}" data-stage="{}"',
                move[0],
                pk,
                move[1],
                opportunity.version,
                opportunity.stage,
            )
            if can_move
            else ""
        )
        parts.append(
            format_html(
                '<li class="card" id="opportunity-{pk}"{drag}><a href="{detail}">{name}</a>'
                '<small class="muted">{facts}</small>{next_step}{form}</li>',
                pk=pk,
                drag=drag,
                detail=f"{detail[0]}{pk}{detail[1]}",
                name=name,
                facts=" · ".join(facts),
                next_step=next_step,
                form=form,
            )
        )
    return mark_safe("".join(parts))


def render_follow_ups(
    follow_ups: Iterable[Activity],
    *,
    can_log: bool,
    csrf_token: str,
    outcome_options: SafeString,
    objection_options: SafeString,
    today: date,
) -> SafeString:
    """My day's follow-ups, each with its one-line call log: built in Python like the cards."""
    log_url = _url_pattern("outreach:follow_up_log")
    done_url = _url_pattern("outreach:follow_up_done")
    organization_url = _url_pattern("prospects:organization_detail")
    person_url = _url_pattern("prospects:person_detail")
    opportunity_url = _url_pattern("outreach:opportunity_detail")
    words = {
        "outcome": _("Outcome"),
        "notes": _("Notes"),
        "objection": _("Objection heard"),
        "follow_up": _("Follow up on"),
        "log": _("Log call"),
        "done": _("Done, nothing to log"),
    }
    minimum = today.isoformat()
    # get_FOO_display() hashes the field's choices on every call: look the labels up once.
    stages = {value: str(label) for value, label in Stage.choices}
    kinds = {value: str(label) for value, label in ActivityKind.choices}
    parts: list[str] = []
    for item in follow_ups:
        pk = item.pk
        links: list[str] = []
        if item.organization_id and item.organization is not None:
            links.append(
                format_html(
                    '<a href="{}{}{}">{}</a>',
                    organization_url[0],
                    item.organization_id,
                    organization_url[1],
                    item.organization,
                )
            )
        if item.person_id and item.person is not None:
            links.append(
                format_html(
                    '<a href="{}{}{}">{}</a>',
                    person_url[0],
                    item.person_id,
                    person_url[1],
                    item.person,
                )
            )
        if item.opportunity_id and item.opportunity is not None:
            links.append(
                format_html(
                    '<a href="{}{}{}">{}: {}</a>',
                    opportunity_url[0],
                    item.opportunity_id,
                    opportunity_url[1],
                    item.opportunity.campaign,
                    stages.get(item.opportunity.stage, item.opportunity.stage),
                )
            )
        on = item.follow_up_on
        links.append(
            format_html(
                '<time datetime="{}">{}</time>',
                on.isoformat() if on else "",
                formats.date_format(on, "SHORT_DATE_FORMAT") if on else "",
            )
        )
        phone = item.person.phone if item.person_id and item.person is not None else ""
        if phone:
            links.append(format_html('<a href="tel:{}">{}</a>', phone, phone))
        last = _("Last: %(kind)s, %(when)s") % {
            "kind": kinds.get(item.kind, item.kind),
            "when": local_time(item),
        }
        notes = (
            f" — {item.notes[:157]}…"
            if len(item.notes) > 160
            else (f" — {item.notes}" if item.notes else "")
        )
        forms = ""
        if can_log:
            objection = (
                format_html(
                    '<label>{} <select name="objections">{}</select></label>',
                    words["objection"],
                    objection_options,
                )
                if item.opportunity_id
                else ""
            )
            forms = format_html(
                '<form method="post" action="{log}" class="quick-log">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
                '<input type="hidden" name="kind" value="call">'
                '<input type="hidden" name="direction" value="out">'
                '<input type="hidden" name="time_zone" value="{zone}">'
                '<label>{outcome} <select name="outcome">{outcomes}</select></label>'
                '<label>{notes} <input type="text" name="notes" maxlength="2000"></label>'
                "{objection}"
                '<label>{follow_up} <input type="date" name="follow_up_on" min="{minimum}">'
                "</label>"
                '<button type="submit">{log_word}</button></form>'
                '<form method="post" action="{done}" class="inline">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">'
                '<button type="submit" class="secondary outline small">{done_word}</button>'
                "</form>",
                log=f"{log_url[0]}{pk}{log_url[1]}",
                done=f"{done_url[0]}{pk}{done_url[1]}",
                csrf=csrf_token,
                zone=item.time_zone or "UTC",
                outcome=words["outcome"],
                outcomes=outcome_options,
                notes=words["notes"],
                objection=objection,
                follow_up=words["follow_up"],
                minimum=minimum,
                log_word=words["log"],
                done_word=words["done"],
            )
        parts.append(
            format_html(
                '<li><article><header>{links}</header><p class="muted">{last}{notes}</p>'
                "{forms}</article></li>",
                links=mark_safe(" · ".join(links)),
                last=last,
                notes=notes,
                forms=forms,
            )
        )
    return mark_safe("".join(parts))


def local_time(activity: Activity) -> str:
    """When an activity happened, in the zone where it happened: "10:00 (Europe/Minsk)"."""
    try:
        zone = ZoneInfo(activity.time_zone)
    except (ValueError, KeyError):
        zone = ZoneInfo("UTC")
    there = timezone.localtime(activity.occurred_at, zone)
    return f"{formats.date_format(there, 'SHORT_DATETIME_FORMAT')} ({activity.time_zone})"


def render_next_steps(opportunities: Iterable[Opportunity]) -> SafeString:
    """My day's next steps due: a line each, like the follow-ups built in Python."""
    detail = _url_pattern("outreach:opportunity_detail")
    stages = {value: str(label) for value, label in Stage.choices}
    return format_html_join(
        "",
        '<li><a href="{}{}{}">{}</a> · {} · {} · <time datetime="{}">{}</time>{}</li>',
        (
            (
                detail[0],
                opportunity.pk,
                detail[1],
                opportunity.prospect_name,
                stages.get(opportunity.stage, opportunity.stage),
                opportunity.campaign,
                opportunity.next_step_on.isoformat() if opportunity.next_step_on else "",
                formats.date_format(opportunity.next_step_on, "SHORT_DATE_FORMAT")
                if opportunity.next_step_on
                else "",
                f": {opportunity.next_step}" if opportunity.next_step else "",
            )
            for opportunity in opportunities
        ),
    )
