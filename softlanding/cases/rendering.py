"""The repeated rows of the busiest case pages, built in Python (see CONTRIBUTING).

Through the template engine a table row costs about half a millisecond; the dashboard shows a
hundred and a case page a few dozen.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from softlanding.cases.enums import CaseKind, StepKind, StepStatus
from softlanding.cases.models import Case, CompanyStep, RelocateeStep


def _url_pattern(name: str) -> tuple[str, str]:
    marker = 987654321
    before, _sep, after = reverse(name, args=[marker]).partition(str(marker))
    return before, after


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def late_visa_rows(steps: Iterable[RelocateeStep]) -> SafeString:
    before, after = _url_pattern("cases:case_detail")
    kinds = {value: str(label) for value, label in StepKind.choices}
    rows = []
    for step in steps:
        case = step.relocatee.case
        rows.append(
            (
                _day(step.planned_on),
                kinds.get(step.kind, step.kind),
                str(step.relocatee),
                f"{before}{case.pk}{after}",
                case.title,
                str(case.officer) if case.officer else "—",
            )
        )
    return format_html_join(
        "",
        '<tr><td>{}</td><td>{}</td><td>{}</td><td><a href="{}">{}</a></td><td>{}</td></tr>',
        rows,
    )


def late_company_rows(steps: Iterable[CompanyStep]) -> SafeString:
    before, after = _url_pattern("cases:case_detail")
    rows = []
    for step in steps:
        whose = step.owner or step.case.officer
        rows.append(
            (
                _day(step.due_on),
                step.label,
                f"{before}{step.case.pk}{after}",
                step.case.title,
                str(whose) if whose else "—",
            )
        )
    return format_html_join(
        "",
        '<tr><td>{}</td><td>{}</td><td><a href="{}">{}</a></td><td>{}</td></tr>',
        rows,
    )


def step_rows(
    steps: Iterable[RelocateeStep], *, request: HttpRequest, today: date, can_manage: bool
) -> SafeString:
    """A person's visa steps on the case page, each with its "done" form for those who manage."""
    kinds = {value: str(label) for value, label in StepKind.choices}
    statuses = {value: str(label) for value, label in StepStatus.choices}
    before, after = _url_pattern("cases:step_update")
    token = get_token(request) if can_manage else ""
    done_word, undo_word, done_on = _("Done"), _("Not done"), _("Done on")
    today_value = today.isoformat()
    parts = []
    for step in steps:
        late = step.status == StepStatus.PENDING and step.planned_on and step.planned_on < today
        state: str
        if step.status == StepStatus.DONE:
            state = format_html("✓ {}", _day(step.done_on))
        else:
            state = statuses.get(step.status, step.status)
        form: str = ""
        if can_manage:
            if step.status == StepStatus.DONE:
                control = format_html(
                    '<button type="submit" name="action" value="reopen" '
                    'class="secondary outline">{}</button>',
                    undo_word,
                )
            else:
                control = format_html(
                    '<input type="date" name="on" value="{}" aria-label="{}">'
                    '<button type="submit" name="action" value="done">{}</button>',
                    today_value,
                    done_on,
                    done_word,
                )
            form = format_html(
                '<td><form method="post" action="{}{}{}" class="inline">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">{}</form></td>',
                before,
                step.pk,
                after,
                token,
                control,
            )
        parts.append(
            format_html(
                '<tr data-step="{}"{}><td>{}</td><td>{}</td><td>{}</td>{}</tr>',
                step.kind,
                mark_safe(' class="late"') if late else "",
                kinds.get(step.kind, step.kind),
                _day(step.planned_on),
                state,
                form,
            )
        )
    return mark_safe("".join(parts))  # each part built by format_html above


def case_items(cases: Iterable[Case]) -> SafeString:
    """The officer's open cases on the dashboard, one list item each."""
    before, after = _url_pattern("cases:case_detail")
    kinds = {value: str(label) for value, label in CaseKind.choices}
    return format_html_join(
        "",
        '<li><a href="{}">{}</a> · {} · {} · {}</li>',
        (
            (
                f"{before}{case.pk}{after}",
                case.title,
                kinds.get(case.kind, case.kind),
                ngettext("%(n)s person", "%(n)s people", people) % {"n": people},
                _day(case.opened_on),
            )
            for case in cases
            for people in [getattr(case, "people", 0)]
        ),
    )
