"""The demo's live radar: its feeds served by a local server, polled, an alert raised."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from softlanding.core.demo import DEMO_LOADERS
from softlanding.prospects.models import Organization
from softlanding.radar import demo
from softlanding.radar.models import Article, PushIndex, Source
from softlanding.radar.services import poll_due_sources


def test_the_radar_registers_its_demo_loader():
    assert demo.load_demo_radar in DEMO_LOADERS


@pytest.mark.django_db
def test_demo_feeds_are_polled_and_belarus_jumps(local_server):
    Organization.objects.create(name="Svisloch Labs", country="BY", fit_score=60)
    Organization.objects.create(name="Nemiga Apps", country="BY", fit_score=50)

    def article_url(slug: str) -> str:
        return local_server.page(f"/articles/{slug}/", demo.article_html(slug))

    for feed in demo.demo_data()["feeds"]:
        body = demo.feed_xml(feed["slug"], local_server.base, article_url)
        local_server.page(f"/feeds/{feed['slug']}.xml", body, content_type="application/rss+xml")
    assert demo.load_demo_radar(
        local_server.base, feed_url=lambda slug: local_server.url(f"/feeds/{slug}.xml")
    )
    assert not demo.load_demo_radar(local_server.base)  # once only
    # Tests run tasks at once: the first polls happened during the load.
    assert set(Source.objects.filter(kind="feed").values_list("last_status", flat=True)) == {"ok"}
    expected = len(demo.demo_data()["archive"]) + len(demo.demo_data()["feed"])
    assert Article.objects.count() == expected
    Source.objects.update(next_poll_at=timezone.now() - timedelta(minutes=1))
    poll_due_sources(fetch_options={"host_delay": 0, "retries": 0})
    assert Article.objects.count() == expected  # polled again: nothing new, nothing twice
    today = timezone.localdate()
    assert PushIndex.objects.filter(
        country="BY", alert=True, day__gte=today - timedelta(days=2)
    ).exists()
    svisloch = Organization.objects.get(name="Svisloch Labs")
    nemiga = Organization.objects.get(name="Nemiga Apps")
    assert svisloch.push_score > 0
    assert nemiga.push_score > 0


def test_unknown_demo_pages_are_none():
    assert demo.article_html("nope") is None
    assert demo.feed_xml("nope", "http://x", str) is None
