"""Radar screens: lists with filters and bounded queries, an article with highlights, a country
chart, the candidate inbox, sources and uploads."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from softlanding.accounts.enums import Role
from softlanding.prospects.models import Organization
from softlanding.radar.enums import CandidateStatus
from softlanding.radar.models import (
    Article,
    ArticleKey,
    CandidateProspect,
    Mention,
    PushIndex,
    Signal,
    Source,
    article_keys,
)
from tests.conftest import client_for
from tests.factories import StaffFactory

DAY = date(2020, 8, 10)


@pytest.fixture
def scout(db):
    return client_for(StaffFactory(role=Role.SCOUT))


@pytest.fixture
def admin(db):
    return client_for(StaffFactory(role=Role.ADMINISTRATOR))


def make_article(
    n: int, *, country: str = "BY", signal: str = "political_unrest", language: str = "en"
) -> Article:
    source, _ = Source.objects.get_or_create(name="Feed", kind="feed", url="https://x.example/feed")
    text = f"Protesters filled <b>Minsk</b> streets, IdeaSoft said. Story {n}."
    article = Article.objects.create(
        source=source,
        title=f"Story {n}",
        text=text,
        content_hash=f"h{n}",
        day=DAY,
        language=language,
        countries=[country],
    )
    Mention.objects.create(
        article=article, kind="city", country=country, surface="Minsk", start=24, end=29, day=DAY
    )
    Signal.objects.create(
        article=article,
        type=signal,
        country=country,
        evidence=text[:50],
        start=0,
        end=50,
        confidence=0.8,
        day=DAY,
    )
    ArticleKey.objects.bulk_create(
        ArticleKey(article=article, key=key, day=DAY)
        for key in article_keys([country], [(signal, country)])
    )
    return article


@pytest.mark.parametrize("rows", [1, 30])
def test_article_list_queries_do_not_grow(scout, rows, django_assert_max_num_queries):
    for n in range(rows):
        make_article(n)
    with django_assert_max_num_queries(8):
        response = scout.get(reverse("radar:article_list"))
    assert response.status_code == 200
    assert response.content.decode().count("Story ") >= rows


def test_article_list_filters(scout):
    make_article(1, country="BY", signal="internet_shutdown", language="ru")
    make_article(2, country="KZ", signal="political_unrest")
    url = reverse("radar:article_list")
    page = scout.get(url, {"country": "by"}).content.decode()
    assert "Story 1" in page
    assert "Story 2" not in page
    page = scout.get(url, {"signal": "political_unrest"}).content.decode()
    assert "Story 2" in page
    assert "Story 1" not in page
    page = scout.get(url, {"language": "ru"}).content.decode()
    assert "Story 1" in page
    assert "Story 2" not in page


def test_article_list_rows_link_escape_and_keep_filters(scout):
    article = make_article(1, signal="internet_shutdown")
    article.title = "<script>x</script> Story 1"
    article.save(update_fields=["title"])
    bare = make_article(2)
    bare.title = ""
    bare.source = None
    bare.countries = []
    bare.save(update_fields=["title", "source", "countries"])
    page = scout.get(reverse("radar:article_list"), {"signal": "internet_shutdown"}).content
    page = page.decode()
    assert f'href="{article.get_absolute_url()}"' in page
    assert "&lt;script&gt;x&lt;/script&gt; Story 1" in page
    assert "<script>x</script>" not in page
    assert '<option value="internet_shutdown" selected>' in page
    assert "internet_shutdown</td>" in page
    page = scout.get(reverse("radar:article_list")).content.decode()
    # No title: the URL stands in; no source or countries: a dash.
    assert f'href="{bare.get_absolute_url()}">{bare.url}</a>' in page
    assert "<td>—</td>" in page
    page = scout.get(reverse("radar:article_list"), {"country": "MD"}).content.decode()
    assert "No articles match." in page


def test_article_page_highlights_and_escapes(scout):
    article = make_article(1)
    page = scout.get(article.get_absolute_url()).content.decode()
    assert '<mark class="radar-place"' in page
    assert '<mark class="radar-signal"' in page
    assert "&lt;b&gt;" in page
    assert "<b>Minsk" not in page


def test_country_page_draws_the_index(scout):
    make_article(1)
    today = timezone.localdate()
    PushIndex.objects.create(
        country="BY", day=today, raw=5, value=3, zscore=4, alert=True, counts={}
    )
    response = scout.get(reverse("radar:country_detail", args=["by"]))
    page = response.content.decode()
    assert "<polyline" in page
    assert 'class="radar-alert"' in page
    assert "<script" not in page.split("<svg")[1].split("</svg>")[0]
    assert scout.get(reverse("radar:country_detail", args=["XX"])).status_code == 404


def test_index_page_lists_countries(scout):
    PushIndex.objects.create(
        country="BY", day=timezone.localdate(), raw=5, value=3, zscore=4, alert=True, counts={}
    )
    Organization.objects.create(name="Strike Co", country="BY", fit_score=70)
    page = scout.get(reverse("radar:index")).content.decode()
    assert "Belarus" in page
    assert "Strike Co" in page


def test_candidate_inbox_accept_and_reject(scout):
    article = make_article(1)
    org = CandidateProspect.objects.create(
        name="Hypersoft",
        kind="organization",
        name_key="hipersoft",
        sentence="The company Hypersoft moved.",
        article=article,
        country="BY",
    )
    person = CandidateProspect.objects.create(
        name="Иван Петров",
        kind="person",
        name_key="ivanpetrov",
        sentence="Иван Петров, основатель.",
        article=article,
    )
    junk = CandidateProspect.objects.create(
        name="The Next",
        kind="organization",
        name_key="next",
        sentence="s",
        article=article,
    )
    page = scout.get(reverse("radar:candidate_list")).content.decode()
    assert "Hypersoft" in page
    response = scout.post(reverse("radar:candidate_accept", args=[org.pk]))
    created = Organization.objects.get(name="Hypersoft")
    assert response.status_code == 302
    assert response["Location"] == created.get_absolute_url()
    assert str(created.country) == "BY"
    scout.post(reverse("radar:candidate_accept", args=[person.pk]))
    person.refresh_from_db()
    assert person.person.last_name_cyrillic == "Петров"
    scout.post(reverse("radar:candidate_reject", args=[junk.pk]))
    junk.refresh_from_db()
    assert junk.status == CandidateStatus.REJECTED
    # Decided once: a second accept is a 404, nothing created twice.
    assert scout.post(reverse("radar:candidate_accept", args=[org.pk])).status_code == 404
    assert Organization.objects.filter(name="Hypersoft").count() == 1


def test_the_inbox_puts_the_most_named_first_and_hides_one_off_names_on_request(scout):
    article = make_article(1)
    for name, seen in (("Onceonly Labs", 1), ("Oftennamed Soft", 7), ("Twice Systems", 2)):
        CandidateProspect.objects.create(
            name=name,
            kind="organization",
            name_key=name.lower().replace(" ", ""),
            sentence=f"The company {name} said so.",
            article=article,
            articles_seen=seen,
        )
    page = scout.get(reverse("radar:candidate_list")).content.decode()
    assert page.index("Oftennamed Soft") < page.index("Twice Systems") < page.index("Onceonly")

    page = scout.get(reverse("radar:candidate_list") + "?seen=2").content.decode()
    assert "Oftennamed Soft" in page
    assert "Twice Systems" in page
    assert "Onceonly Labs" not in page
    # A value that is not offered falls back to every name, without an error.
    assert (
        "Onceonly Labs" in scout.get(reverse("radar:candidate_list") + "?seen=x").content.decode()
    )


def test_analyst_sees_the_inbox_but_cannot_decide(db):
    analyst = client_for(StaffFactory(role=Role.ANALYST))
    candidate = CandidateProspect.objects.create(
        name="Hypersoft",
        kind="organization",
        name_key="hipersoft",
        sentence="s",
        article=make_article(1),
    )
    assert analyst.get(reverse("radar:candidate_list")).status_code == 200
    assert analyst.post(reverse("radar:candidate_accept", args=[candidate.pk])).status_code == 403


@pytest.mark.parametrize("rows", [1, 20])
def test_source_list_shows_health(admin, rows, django_assert_max_num_queries):
    for n in range(rows):
        Source.objects.create(
            name=f"S{n}",
            kind="feed",
            url=f"https://x.example/{n}",
            last_status="error",
            last_error="too large: more than 5242880 bytes",
            failures=2,
        )
    with django_assert_max_num_queries(8):
        page = admin.get(reverse("radar:source_list")).content.decode()
    assert "too large" in page
    assert "Poll now" in page


def test_add_source_and_upload_an_article(admin):
    response = admin.post(
        reverse("radar:source_create"),
        {
            "name": "Uploads",
            "kind": "upload",
            "url": "",
            "language": "ru",
            "country_focus": "BY",
            "interval_minutes": 60,
            "enabled": "on",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(name="Uploads")
    bad = admin.post(
        reverse("radar:source_create"),
        {"name": "Feed", "kind": "feed", "url": "", "interval_minutes": 60},
    )
    assert bad.status_code == 200
    assert not Source.objects.filter(name="Feed").exists()
    html = "<html><body><article><h1>Протесты</h1><p>В Минске прошли массовые протесты, силовики задержали сотни человек.</p></article></body></html>"
    response = admin.post(
        reverse("radar:source_upload", args=[source.pk]),
        {"file": SimpleUploadedFile("a.html", html.encode(), content_type="text/html")},
    )
    article = Article.objects.get(source=source)
    assert response["Location"] == article.get_absolute_url()
    assert article.countries == ["BY"]
    empty = admin.post(
        reverse("radar:source_upload", args=[source.pk]),
        {
            "file": SimpleUploadedFile(
                "b.html", b"<html><body></body></html>", content_type="text/html"
            )
        },
    )
    assert empty.status_code == 200
    assert "no article text" in empty.content.decode()
