"""Read helpers of the radar's screens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from softlanding.radar.enums import MentionKind
from softlanding.radar.models import Article, Mention, PushIndex, Signal


def filtered_articles(filters: dict[str, Any]) -> QuerySet[Article]:
    """The article list, newest first. A country or signal filter walks that key's index
    (``ArticleKey``); a country and a signal together mean that signal in that country."""
    country, signal = filters.get("country"), filters.get("signal")
    key = (
        f"cs:{country}:{signal}"
        if country and signal
        else f"c:{country}"
        if country
        else f"s:{signal}"
        if signal
        else ""
    )
    rows = Article.objects.select_related("source").only(
        "id", "title", "url", "language", "day", "countries", "source__id", "source__name"
    )
    if key:
        rows = rows.filter(keys__key=key).order_by("-keys__day", "-keys__article_id")
    else:
        rows = rows.order_by("-day", "-id")
    if filters.get("source"):
        rows = rows.filter(source=filters["source"])
    if filters.get("language"):
        rows = rows.filter(language=filters["language"])
    return rows


def signal_types_by_article(article_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for article_id, type_ in (
        Signal.objects.filter(article_id__in=article_ids)
        .values_list("article_id", "type")
        .distinct()
        .order_by("article_id", "type")
    ):
        out.setdefault(article_id, []).append(type_)
    return out


_MARK = {
    MentionKind.ORGANIZATION: "radar-org",
    MentionKind.PERSON: "radar-person",
    MentionKind.COUNTRY: "radar-place",
    MentionKind.CITY: "radar-place",
}


def highlighted(article: Article, mentions: list[Mention], signals: list[Signal]) -> SafeString:
    """The article's text, escaped, with mentions and signal evidence marked."""
    text = article.text
    opens: dict[int, list[str]] = {}
    closes: dict[int, int] = {}
    spans: list[tuple[int, int, str, str]] = []
    for s in signals:
        if 0 <= s.start < s.end <= len(text):
            spans.append((s.start, s.end, "radar-signal", s.get_type_display()))
    for m in mentions:
        if 0 <= m.start < m.end <= len(text):
            spans.append((m.start, m.end, _MARK.get(MentionKind(m.kind), ""), m.get_kind_display()))
    # Keep spans that nest or stand apart; drop those crossing an open one.
    spans.sort(key=lambda s: (s[0], -s[1]))
    stack: list[int] = []
    for start, end, css, label in spans:
        while stack and stack[-1] <= start:
            stack.pop()
        if stack and end > stack[-1]:
            continue
        stack.append(end)
        opens.setdefault(start, []).append(f'<mark class="{css}" title="{escape(label)}">')
        closes[end] = closes.get(end, 0) + 1
    out: list[str] = []
    points = sorted(set(opens) | set(closes))
    pos = 0
    for point in points:
        out.append(escape(text[pos:point]))
        out.append("</mark>" * closes.get(point, 0))
        out.extend(opens.get(point, []))
        pos = point
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))


def latest_index(days: int = 7) -> list[PushIndex]:
    """Each country's latest index row of the last ``days`` days, highest first."""
    since = timezone.localdate() - timedelta(days=days)
    latest: dict[str, PushIndex] = {}
    for row in PushIndex.objects.filter(day__gte=since).order_by("country", "-day"):
        latest.setdefault(row.country, row)
    return sorted(latest.values(), key=lambda r: -r.value)
