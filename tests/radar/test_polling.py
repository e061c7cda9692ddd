"""Sources polled against a local HTTP server: good feeds, bad feeds, hostile pages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from softlanding.prospects.models import Organization, OrganizationAlias
from softlanding.radar.analysis import Extracted
from softlanding.radar.enums import SourceKind, SourceStatus
from softlanding.radar.fetch import FetchError, fetch
from softlanding.radar.models import Article, CandidateProspect, Mention, Signal, Source
from softlanding.radar.services import (
    build_analyzer,
    content_hash,
    create_source,
    poll_due_sources,
    poll_source,
    store_article,
)

FAST = {"timeout": 0.5, "retries": 1, "backoff": 0.01, "host_delay": 0, "max_bytes": 1024 * 1024}

ARTICLE = """<html><head><title>{title}</title>
<meta property="article:published_time" content="2020-08-10"></head>
<body><nav><a href="/">Home</a> <a href="/by">Belarus</a> <a href="/pl">Poland</a></nav>
<article><h1>{title}</h1><p>{body}</p>
<p>Analysts at the Minsk office of the company Hypersoft said the outage cost clients days.</p>
</article><footer>© News 2020</footer></body></html>"""

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Local news</title>
{items}
</channel></rss>"""
ITEM = "<item><title>{title}</title><link>{link}</link><pubDate>Mon, 10 Aug 2020 08:00:00 GMT</pubDate></item>"


def article_page(server, path: str, title: str, body: str) -> str:
    return server.page(path, ARTICLE.format(title=title, body=body))


def feed(server, path: str, links: list[tuple[str, str]], **kw) -> str:
    items = "\n".join(ITEM.format(title=t, link=link) for t, link in links)
    return server.page(path, FEED.format(items=items), content_type="application/rss+xml", **kw)


@pytest.fixture
def ideasoft(db):
    org = Organization.objects.create(name="IdeaSoft", country="BY")
    OrganizationAlias.objects.create(organization=org, name="ИдеаСофт")
    return org


@pytest.mark.django_db
def test_feed_is_read_analysed_and_stored_once(local_server, ideasoft):
    a = article_page(
        local_server,
        "/a.html",
        "Internet cut in Belarus",
        "The internet was shut down across Belarus on Sunday as protesters filled Minsk; "
        "IdeaSoft said its developers could not reach clients.",
    )
    b = article_page(
        local_server,
        "/b.html",
        "Same story elsewhere",
        "The internet was shut down across Belarus on Sunday as protesters filled Minsk; "
        "IdeaSoft said its developers could not reach clients.",
    )
    url = feed(local_server, "/feed.xml", [("A", a), ("B", b)], headers={"ETag": '"v1"'})
    source = create_source(name="Local", kind=SourceKind.FEED, url=url)
    result = poll_source(source, fetch_options=FAST)
    source.refresh_from_db()
    assert result["stored"] == 1, result  # b is the same story: stored once
    assert source.last_status == SourceStatus.OK
    article = Article.objects.get()
    assert article.title == "Internet cut in Belarus"
    assert article.published == date(2020, 8, 10)
    assert article.countries == ["BY"]
    assert "Home" not in article.text
    assert Mention.objects.filter(article=article, organization=ideasoft).exists()
    types = set(Signal.objects.values_list("type", flat=True))
    assert {"internet_shutdown", "political_unrest"} <= types
    assert CandidateProspect.objects.filter(name="Hypersoft").exists()
    keys = set(article.keys.values_list("key", flat=True))
    assert {"c:BY", "s:internet_shutdown", "cs:BY:internet_shutdown"} <= keys
    # Second poll: conditional GET answered 304, nothing fetched again.
    source.next_poll_at = timezone.now()
    source.save()
    result = poll_source(source, fetch_options=FAST)
    source.refresh_from_db()
    assert source.last_status == SourceStatus.NOT_MODIFIED
    assert local_server.headers_seen["/feed.xml"].get("If-None-Match") == '"v1"'
    assert local_server.hits["/a.html"] == 1


def test_near_identical_text_has_one_hash():
    assert content_hash("Интернет отключили в Минске.") == content_hash(
        "интернет  ОТКЛЮЧИЛИ в Минске!"
    )
    assert content_hash("Интернет отключили в Минске.") != content_hash("Интернет вернули.")


@pytest.mark.django_db
def test_same_url_with_tracking_parameters_is_stored_once():
    analyzer = build_analyzer()
    first = Extracted(
        title="T",
        text="Protesters filled Minsk on Sunday night again.",
        url="https://x.example/a?utm_source=tg",
    )
    again = Extracted(
        title="T", text="A different text about the same page entirely.", url="https://X.example/a/"
    )
    assert store_article(extracted=first, analyzer=analyzer)[0] is not None
    assert store_article(extracted=again, analyzer=analyzer)[0] is None


BAD_CASES = {
    "html_as_feed": ("not a feed", "the URL returns an HTML page"),
    "gzip_bomb": ("too large", "decompressed"),
    "huge_page": ("too large", ""),
    "redirect_loop": ("too many redirects", ""),
    "silent": ("timeout", ""),
    "no_text": ("no article text", ""),
    "server_error": ("HTTP error", "500"),
}


def make_bad(server, case: str) -> tuple[str, str]:
    if case == "html_as_feed":
        return SourceKind.FEED, server.page(
            "/html", "<!doctype html><html><body><p>Hi</p></body></html>"
        )
    if case == "gzip_bomb":
        return SourceKind.PAGE, server.gzip_bomb("/bomb", decompressed_mb=100)
    if case == "huge_page":
        return SourceKind.PAGE, server.huge("/huge", megabytes=50)
    if case == "redirect_loop":
        return SourceKind.FEED, server.redirect_loop("/loop")
    if case == "silent":
        return SourceKind.FEED, server.silent("/silent", seconds=3)
    if case == "no_text":
        return SourceKind.PAGE, server.page("/empty", "<html><body><nav>Home</nav></body></html>")
    return SourceKind.FEED, server.page("/boom", "oops", status=500)


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_a_broken_source_gets_a_clear_status_and_the_others_go_on(local_server, case):
    kind, url = make_bad(local_server, case)
    good_page = article_page(
        local_server,
        "/good.html",
        "Protests in Minsk",
        "Thousands of protesters marched in Minsk on Sunday evening.",
    )
    bad = create_source(name="Bad", kind=kind, url=url)
    good = create_source(name="Good", kind=SourceKind.PAGE, url=good_page)
    Source.objects.filter(pk=bad.pk).update(next_poll_at=timezone.now() - timedelta(minutes=1))
    summary = poll_due_sources(fetch_options=FAST)
    bad.refresh_from_db()
    good.refresh_from_db()
    reason, detail = BAD_CASES[case]
    assert bad.last_status == SourceStatus.ERROR, summary
    assert reason in bad.last_error
    assert detail in bad.last_error
    assert bad.failures == 1
    assert bad.next_poll_at > timezone.now() + timedelta(minutes=bad.interval_minutes)
    assert good.last_status == SourceStatus.OK
    assert Article.objects.filter(source=good).count() == 1
    assert not Article.objects.filter(source=bad).exists()


@pytest.mark.django_db
def test_invalid_encoding_is_read_with_a_warning(local_server):
    body = (
        "<html><body><article><h1>Минск</h1><p>"
        + "Протесты в Минске продолжаются третий день подряд. " * 3
        + "</p></article></body></html>"
    )
    data = body.encode("utf-8")[:-60] + b"\xff\xfe\xfa" + body.encode("utf-8")[-60:]
    page = local_server.page("/enc.html", data, content_type="text/html; charset=utf-8")
    source = create_source(name="Enc", kind=SourceKind.PAGE, url=page)
    poll_source(source, fetch_options=FAST)
    source.refresh_from_db()
    assert source.last_status in (SourceStatus.OK, SourceStatus.WARNING)
    article = Article.objects.get()
    assert "Протесты в Минске" in article.text


def test_fetch_retries_transient_errors_with_backoff(local_server):
    calls = []

    def flaky(h):
        calls.append(1)
        if len(calls) < 2:
            h.send_response(503)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        h.send_response(200)
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    local_server.routes["/flaky"] = flaky
    assert fetch(local_server.url("/flaky"), **FAST).content == b"ok"
    assert len(calls) == 2
    with pytest.raises(FetchError, match="bad URL"):
        fetch("file:///etc/passwd", **FAST)


@pytest.mark.django_db
def test_the_analyzer_is_rebuilt_when_the_registry_changes():
    from softlanding.radar.services import current_analyzer

    first = current_analyzer()
    assert current_analyzer() is first
    Organization.objects.create(name="Hypersoft", country="BY")
    second = current_analyzer()
    assert second is not first
    from softlanding.radar.analysis import Tokens

    assert [h.surface for h in second.gazetteer.find(Tokens.of("Hypersoft grows"))] == ["Hypersoft"]


def test_gzip_pages_are_read_whole(local_server):
    import gzip

    body = ("<p>" + "Протесты в Минске. " * 2000 + "</p>").encode()
    data = gzip.compress(body)

    def route(h):
        h.send_response(200)
        h.send_header("Content-Type", "text/html; charset=utf-8")
        h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    local_server.routes["/gz"] = route
    assert fetch(local_server.url("/gz"), **FAST).content == body


STORY = (
    "Mobile internet was shut down across Belarus on Sunday night as thousands of protesters "
    "gathered in central Minsk after the disputed election. Developers at several software "
    "companies said they could not reach their clients in Germany and the United States for most "
    "of the day. NetBlocks reported national connectivity at a fraction of its usual level, and "
    "riot police detained dozens of demonstrators near the Stela memorial, witnesses said. "
    "Banks reported card payments failing in shops across the capital until late evening."
)


@pytest.mark.django_db
def test_near_identical_text_is_the_same_story():
    analyzer = build_analyzer()
    first = Extracted(
        title="A", text=STORY, url="https://one.example/a", published=date(2020, 8, 10)
    )
    # Another site: a sentence added, the headline and a few words changed.
    copy = Extracted(
        title="B",
        text=STORY.replace("Sunday night", "Sunday evening") + " More details will follow.",
        url="https://two.example/b",
        published=date(2020, 8, 11),
    )
    other = Extracted(
        title="C",
        text="Kazakhstan introduced a new visa for IT specialists and their families this week. "
        "The visa is valid for five years and lets holders change employers without a new permit. "
        "Officials in Astana expect several thousand applications in the first year of the scheme, "
        "mostly from engineers now working abroad for clients in Europe and the United States.",
        url="https://three.example/c",
        published=date(2020, 8, 11),
    )
    assert store_article(extracted=first, analyzer=analyzer)[0] is not None
    assert store_article(extracted=copy, analyzer=analyzer)[0] is None
    assert store_article(extracted=other, analyzer=analyzer)[0] is not None


@pytest.mark.django_db
def test_a_name_named_again_counts_articles_and_a_rejected_one_stays_rejected():
    analyzer = build_analyzer()
    texts = [
        "Protesters filled Minsk on Sunday. The company Hypersoft said its staff stayed home.",
        "Mobile internet was cut in Minsk for a third day; the company Hypersoft moved servers.",
        "Tax inspectors visited offices in Grodno, and the company Hypersoft was among them.",
        "Developers weigh offers from Warsaw while the company Hypersoft plans a second office.",
    ]
    for n, text in enumerate(texts[:3]):
        extracted = Extracted(
            title=f"Story {n}",
            text=text,
            url=f"https://news.example/{n}",
            published=date(2020, 8, 10) + timedelta(days=10 * n),
        )
        assert store_article(extracted=extracted, analyzer=analyzer)[0] is not None

    candidate = CandidateProspect.objects.get(name="Hypersoft")
    assert candidate.articles_seen == 3
    assert "staff stayed home" in candidate.sentence  # the first sighting's sentence
    candidate.status = "rejected"
    candidate.save()

    last = Extracted(
        title="Story 4", text=texts[3], url="https://news.example/4", published=date(2020, 9, 30)
    )
    store_article(extracted=last, analyzer=analyzer)
    candidate.refresh_from_db()
    assert (candidate.articles_seen, candidate.status) == (4, "rejected")
    assert CandidateProspect.objects.filter(name_key=candidate.name_key).count() == 1
