"""The push index: distinct articles, decay, a jump against the country's own baseline."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from softlanding.prospects.models import Organization
from softlanding.radar import index
from softlanding.radar.models import Article, Mention, PushIndex, Signal
from softlanding.radar.services import recompute_push_index, strike_now, update_push_scores

TODAY = date(2020, 8, 12)


def test_an_article_counts_once_per_type_and_country():
    day = TODAY
    rows = [
        ("BY", day, "political_unrest", 1, 0.6),
        ("BY", day, "political_unrest", 1, 0.9),  # same article again
        ("BY", day, "political_unrest", 2, 0.5),
        ("BY", day, "internet_shutdown", 2, 1.0),
    ]
    raw = index.daily_raw(rows)
    value, counts = raw["BY"][day]
    assert counts == {"political_unrest": 2, "internet_shutdown": 1}
    assert value == pytest.approx(1.0 * 0.9 + 1.0 * 0.5 + 1.5 * 1.0)


def test_a_jump_alerts_and_decays():
    quiet = {TODAY - timedelta(days=d): (0.3, {"political_unrest": 1}) for d in range(1, 200, 3)}
    by_day = dict(quiet)
    by_day[TODAY] = (12.0, {"internet_shutdown": 8})
    days = index.series("BY", by_day, TODAY - timedelta(days=5), TODAY + timedelta(days=30))
    by = {d.day: d for d in days}
    assert not by[TODAY - timedelta(days=1)].alert
    assert by[TODAY].alert
    assert by[TODAY].zscore >= index.ALERT_Z
    # The smoothed value fades back: a week later it is well below the peak.
    assert by[TODAY + timedelta(days=7)].value < by[TODAY].value / 2
    assert not by[TODAY + timedelta(days=30)].alert


def test_one_article_in_a_silent_country_is_no_alert():
    days = index.series("MD", {TODAY: (0.8, {"political_unrest": 1})}, TODAY, TODAY)
    assert not days[0].alert


def test_push_score_follows_country_and_own_mentions():
    assert index.push_score(country_value=0, own_articles=0) == 0
    assert index.push_score(country_value=2.5, own_articles=0) == 30
    assert index.push_score(country_value=50, own_articles=10) == 100


def _article(n: int, day: date) -> Article:
    return Article.objects.create(title=f"a{n}", text="t", content_hash=f"h{n}", day=day)


@pytest.mark.django_db
def test_index_rows_scores_and_strike_now():
    epam = Organization.objects.create(name="EPAM", country="BY", fit_score=80)
    other = Organization.objects.create(name="Other BY", country="BY", fit_score=20)
    kz = Organization.objects.create(name="KZ firm", country="KZ", fit_score=90)
    for n in range(6):
        article = _article(n, TODAY)
        Signal.objects.create(
            article=article,
            type="internet_shutdown",
            country="BY",
            evidence="e",
            confidence=0.9,
            day=TODAY,
        )
    Mention.objects.create(
        article=Article.objects.get(title="a0"),
        kind="organization",
        organization=epam,
        surface="EPAM",
        start=0,
        end=4,
        day=TODAY,
    )
    quiet = _article(99, TODAY - timedelta(days=40))
    Signal.objects.create(
        article=quiet,
        type="political_unrest",
        country="KZ",
        evidence="e",
        confidence=0.6,
        day=TODAY - timedelta(days=40),
    )
    recompute_push_index(start=TODAY - timedelta(days=60), end=TODAY)
    row = PushIndex.objects.get(country="BY", day=TODAY)
    assert row.counts == {"internet_shutdown": 6}
    assert row.alert
    assert not PushIndex.objects.filter(country="KZ", alert=True).exists()
    update_push_scores(today=TODAY)
    epam.refresh_from_db()
    other.refresh_from_db()
    kz.refresh_from_db()
    assert epam.push_score > other.push_score > 0
    assert kz.push_score == 0
    assert epam.score == epam.fit_score + epam.push_score
    assert [o.name for o in strike_now(today=TODAY)] == ["EPAM", "Other BY"]
    assert strike_now(today=TODAY + timedelta(days=30)) == []
