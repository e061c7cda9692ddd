"""`softlanding radar analyze` on files and a local URL."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from softlanding.prospects.models import Organization, OrganizationAlias

SEED = Path(__file__).parent / "data" / "seed_eurasianet.txt"
HTML = """<html><head><title>Отключение интернета в Минске</title></head><body>
<nav>Главная Новости Беларусь Польша</nav><article><h1>Отключение интернета в Минске</h1>
<p>Во время протестов в Беларуси власти отключили мобильный интернет на три дня.</p>
<p>Компания ИдеаСофт сообщила, что её разработчики не могли связаться с клиентами.</p>
</article><footer>© Новости</footer></body></html>"""


def run(*args: str) -> dict:
    out = StringIO()
    call_command("radar", "analyze", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_analyze_plain_text_links_the_registry():
    org = Organization.objects.create(name="IdeaSoft", country="BY")
    OrganizationAlias.objects.create(organization=org, name="ООО «АйдиаСофт»")
    result = run(str(SEED))
    assert set(result) >= {"title", "published", "language", "countries", "organizations"}
    assert result["title"] == "Kazakhstan headhunts Belarusian IT developers, in vain so far"
    assert result["published"] == "2020-09-04"
    assert result["countries"][:2] == ["KZ", "BY"]
    assert result["organizations"][0]["tracked"] == {"id": org.pk, "name": "IdeaSoft"}
    signal = result["signals"][0]
    assert set(signal) >= {"type", "country", "confidence", "evidence"}


@pytest.mark.django_db
def test_analyze_html_file(tmp_path):
    org = Organization.objects.create(name="IdeaSoft", country="BY")
    page = tmp_path / "page.html"
    page.write_text(HTML, encoding="utf-8")
    result = run(str(page))
    assert result["language"] == "ru"
    assert result["title"] == "Отключение интернета в Минске"
    assert result["organizations"] == [
        {
            "name": "ИдеаСофт",
            "span": result["organizations"][0]["span"],
            "tracked": {"id": org.pk, "name": "IdeaSoft"},
        }
    ]
    assert ("internet_shutdown", "BY") in {(s["type"], s["country"]) for s in result["signals"]}


@pytest.mark.django_db
def test_analyze_url_from_local_server(local_server):
    url = local_server.page("/a.html", HTML)
    result = run(url)
    assert result["countries"] == ["BY"]


@pytest.mark.django_db
def test_analyze_missing_file_and_dead_url(local_server):
    with pytest.raises(CommandError, match="no such file"):
        run("/nonexistent/page.html")
    url = local_server.redirect_loop("/loop")
    with pytest.raises(CommandError, match="too many redirects"):
        run(url)


@pytest.mark.django_db
def test_analyze_says_what_to_do_when_the_registry_cannot_be_read():
    """A database not migrated yet gives a message with the way out, not a traceback."""
    from django.db import connection

    with connection.cursor() as cursor:  # undone with the test's transaction
        cursor.execute("ALTER TABLE radar_signalrule RENAME TO radar_signalrule_elsewhere")
    with pytest.raises(CommandError, match=r"softlanding migrate.*--no-registry"):
        run(str(SEED))
    assert run(str(SEED), "--no-registry")["title"].startswith("Kazakhstan headhunts")
