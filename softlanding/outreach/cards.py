"""Board cards as HTML built in Python.

A board shows up to 80 cards, each with its move form; through the template engine a card costs
about a millisecond (tags, translations, the form), which is most of the page's time at a
20,000-opportunity campaign. Here a card is one ``format_html`` call, the per-stage <option>
lists are built once per request, and the words come from the same catalogue entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import lru_cache

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from softlanding.outreach.enums import Stage, moves_from
from softlanding.outreach.models import Opportunity


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
