"""The demo's live radar: feeds of texts written for the demo, served by the demo's own site and
polled by its worker like any feed, plus an archive stored at load time for the index baseline."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from email.utils import format_datetime
from functools import cache
from importlib import resources
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from softlanding.radar.analysis import Extracted
from softlanding.radar.enums import SourceKind
from softlanding.radar.models import Source


@cache
def demo_data() -> dict[str, Any]:
    path = resources.files("softlanding.radar") / "data" / "demo" / "articles.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _published(days_ago: int, today: date | None = None) -> datetime:
    day = (today or timezone.localdate()) - timedelta(days=days_ago)
    return datetime(day.year, day.month, day.day, 9, 0, tzinfo=timezone.get_current_timezone())


def feed_xml(slug: str, base_url: str, article_url: Callable[[str], str]) -> str | None:
    data = demo_data()
    feed = next((f for f in data["feeds"] if f["slug"] == slug), None)
    if feed is None:
        return None
    items = []
    for item in data["feed"]:
        if item["feed"] != slug:
            continue
        link = article_url(item["slug"])
        items.append(
            f"<item><title>{xml_escape(item['title'])}</title><link>{xml_escape(link)}</link>"
            f"<guid>{xml_escape(link)}</guid>"
            f"<pubDate>{format_datetime(_published(item['days_ago']))}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{xml_escape(feed['name'])}</title><link>{xml_escape(base_url)}</link>"
        f"<description>Softlanding demo feed</description>{''.join(items)}</channel></rss>"
    )


def article_html(slug: str) -> str | None:
    item = next((i for i in demo_data()["feed"] if i["slug"] == slug), None)
    if item is None:
        return None
    published = _published(item["days_ago"]).isoformat()
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in item["paragraphs"])
    return (
        f'<!doctype html><html lang="{item["lang"]}"><head><meta charset="utf-8">'
        f"<title>{escape(item['title'])}</title>"
        f'<meta name="author" content="{escape(item["author"])}">'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/tech'>Tech</a></nav>"
        f"<article><h1>{escape(item['title'])}</h1>{paragraphs}</article>"
        "<footer>Demo news, written for Softlanding. Not real reporting.</footer></body></html>"
    )


def _feed_url(base_url: str) -> Callable[[str], str]:
    return lambda slug: base_url + reverse("radar:demo_feed", args=[slug])


def load_demo_radar(
    base_url: str,
    *,
    today: date | None = None,
    feed_url: Callable[[str], str] | None = None,
) -> bool:
    """Sources for the demo feeds, the archive stored, the index computed, first polls queued.

    Does nothing when sources exist already (the demo database is reused between runs).
    """
    from softlanding.radar import services
    from softlanding.radar.tasks import poll_source_task

    if Source.objects.exists():
        return False
    data = demo_data()
    today = today or timezone.localdate()
    archive = services.create_source(
        name="Archive (demo)", kind=SourceKind.UPLOAD, language="", country_focus=""
    )
    analyzer = services.current_analyzer()
    for item in data["archive"]:
        services.store_article(
            extracted=Extracted(
                title=item["title"],
                text=item["text"],
                language=item["lang"],
                published=today - timedelta(days=item["days_ago"]),
            ),
            analyzer=analyzer,
            source=archive,
        )
    sources = [
        services.create_source(
            name=feed["name"],
            kind=SourceKind.FEED,
            url=(feed_url or _feed_url(base_url))(feed["slug"]),
            language=feed["language"],
            country_focus=feed["country"],
            interval_minutes=60,
        )
        for feed in data["feeds"]
    ]
    services.recompute_push_index(start=today - timedelta(days=120), end=today)
    # The web server starts after this: the worker's first polls wait a few seconds for it.
    task = poll_source_task
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + timedelta(seconds=5))
    for source in sources:
        task.enqueue(source.pk)
    return True
