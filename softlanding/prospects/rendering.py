"""Parts of the organisations list built in Python.

The list is the registry's busiest page; through the template engine its 50 rows and the tag
and owner selects cost about as much as the rest of the request together. Each row here is one
``format_html`` call; the URL is reversed once and the id put in its place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

from softlanding.prospects.models import Organization


def options(choices: Iterable[tuple[object, object]], selected: str) -> SafeString:
    """<option>s for ``choices`` with the one whose value is ``selected`` selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if str(value) == selected else "", label)
            for value, label in choices
        ),
    )


def organization_rows(rows: Iterable[Organization], country_names: Mapping[str, str]) -> SafeString:
    marker = 987654321
    before, _sep, after = reverse("prospects:organization_detail", args=[marker]).partition(
        str(marker)
    )
    return format_html_join(
        "",
        '<tr><td><a href="{}{}{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td></tr>",
        (
            (
                before,
                organization.pk,
                after,
                str(organization),
                country_names.get(str(organization.country), str(organization.country)),
                organization.city,
                "—" if organization.employees is None else organization.employees,
                f"{organization.score:.0f}",
                organization.owner if organization.owner_id else "—",
            )
            for organization in rows
        ),
    )
