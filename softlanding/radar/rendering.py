"""The article list's rows and filter options, built in Python.

With 1M articles the list's queries take a few milliseconds; through the template engine its 50
rows (a ``{% for %}`` with filters and a reversed URL each) and the filter form's widgets cost
most of the request. Each row here is one ``format_html`` call with the URL reversed once, as in
``prospects/rendering.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html_join
from django.utils.text import Truncator

from softlanding.prospects.rendering import options
from softlanding.radar.models import Article

__all__ = ["article_rows", "options"]

_MARKER = 987654321


def article_rows(articles: Iterable[Article], types: Mapping[int, list[str]]) -> str:
    """The list's ``<tr>``s: day, title (or URL) with language, countries, signals, source."""
    before, _sep, after = reverse("radar:article_detail", args=[_MARKER]).partition(str(_MARKER))
    return format_html_join(
        "",
        '<tr><td>{}</td><td><a href="{}{}{}">{}</a> <small class="muted">{}</small></td>'
        "<td>{}</td><td>{}</td><td>{}</td></tr>",
        (
            (
                formats.date_format(article.day, "SHORT_DATE_FORMAT"),
                before,
                article.pk,
                after,
                Truncator(article.title or article.url).chars(90),
                article.language,
                ", ".join(article.countries or []) or "—",
                ", ".join(types.get(article.pk, [])) or "—",
                (article.source.name if article.source is not None else "") or "—",
            )
            for article in articles
        ),
    )
