"""The review queue's rows built in Python (see CONTRIBUTING: the busiest pages).

Through the template engine the queue's 50 rows cost more than the rest of the request; here
each row is one ``format_html`` call, the URL reversed once and the labels looked up once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from softlanding.portal.enums import ApplicantKind, ApplicationStatus
from softlanding.portal.models import Application


def queue_rows(rows: Iterable[Application]) -> SafeString:
    marker = 987654321
    before, _sep, after = reverse("portal:review_detail", args=[marker]).partition(str(marker))
    kinds = {value: str(label) for value, label in ApplicantKind.choices}
    statuses = {value: str(label) for value, label in ApplicationStatus.choices}
    return format_html_join(
        "",
        '<tr><td><a href="{}{}{}">{}</a> <small class="muted">{}</small></td><td>{}</td>'
        "<td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                before,
                row.pk,
                after,
                str(row),
                kinds.get(row.kind, row.kind),
                row.__dict__["country"],  # the code as stored, without a Country object
                statuses.get(row.status, row.status),
                str(row.assignee) if row.assignee_id else "—",
                date_format(timezone.localtime(row.submitted_at), "SHORT_DATETIME_FORMAT")
                if row.submitted_at
                else "—",
            )
            for row in rows
        ),
    )
