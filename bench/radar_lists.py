"""The radar's article list and country page with 1,000,000 stored articles on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench_radar \\
        python bench/radar_lists.py --articles 1000000

Fills the database with SQL (unless it holds that many articles already): articles over two
years from 12 sources in English and Russian, three place mentions each (Belarus, Russia and
Kazakhstan common, Moldova and Armenia rare), a signal on 60 % of them, and the push index of
every country and day. Then times full Django requests (middleware, session, permission check,
ORM, template), over --requests each, pages 1 to 5 at random:

- the article list unfiltered, by a common and a rare country, by signal, by source, by
  language, by country and signal together;
- a country page (chart of 90 days and latest signals), a common and a rare country.

Prints p50 and p95 in milliseconds, and the median CPU time of this process (Django's share),
which a loaded machine disturbs less than wall time. Reference: the issue asks p95 <= 100 ms for both screens.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
os.environ.setdefault("SOFTLANDING_ALLOWED_HOSTS", "testserver")
os.environ.setdefault(
    "SOFTLANDING_STATIC_ROOT", os.path.join(tempfile.gettempdir(), "softlanding-bench-static")
)
os.environ.setdefault("SOFTLANDING_HTTPS", "0")

from outreach import percentile

COUNTRIES = ["BY", "RU", "KZ", "UA", "GE", "PL", "LT", "UZ", "AM", "MD"]
# Three mentions per article: the first from the common countries, the rest spread.
SEED_SQL = """
INSERT INTO radar_source (name, kind, url, language, country_focus, interval_minutes, enabled,
    last_status, last_error, failures, etag, last_modified, articles_found, created_at)
SELECT 'Bench source ' || i, 'feed', 'https://bench.example/' || i || '/feed', '', '', 60, true,
    'ok', '', 0, '', '', 0, now()
FROM generate_series(1, 12) i;

INSERT INTO radar_article (source_id, url, url_key, canonical_url, canonical_key, content_hash,
    title, author, text, language, published, day, countries, fetched_at)
SELECT (SELECT min(id) FROM radar_source) + (i % 12),
    'https://bench.example/a/' || i, md5('u' || i), '', '', md5('c' || i),
    'Bench article ' || i, '', 'Protesters filled the streets of Minsk again. Story ' || i,
    CASE WHEN i % 2 = 0 THEN 'en' ELSE 'ru' END,
    current_date - (i % 730), current_date - (i % 730), '[]'::jsonb, now()
FROM generate_series(1, %(n)s) i;

INSERT INTO radar_mention (article_id, kind, organization_id, person_id, country, surface,
    start, "end", day)
SELECT a.id, 'country', NULL, NULL,
    (ARRAY['BY','RU','KZ','BY','RU','BY','UA','GE','PL','LT','UZ','AM','MD'])[1 + ((a.id * 7 + k * 13) %% (CASE WHEN k = 0 THEN 6 ELSE 13 END))],
    'Place', 0, 5, a.day
FROM radar_article a CROSS JOIN generate_series(0, 2) k;

INSERT INTO radar_signal (article_id, type, country, evidence, start, "end", confidence,
    organizations, day)
SELECT a.id,
    (ARRAY['political_unrest','internet_shutdown','pressure_on_companies','relocation','rival_offer','visa_tax_change'])[1 + (a.id %% 6)],
    (ARRAY['BY','RU','KZ','BY','RU','BY','UA','GE','PL','LT','UZ','AM','MD'])[1 + ((a.id * 7) %% 6)],
    'Protesters filled the streets of Minsk again.', 0, 44, 0.8, '[]'::jsonb, a.day
FROM radar_article a WHERE a.id %% 5 < 3;

INSERT INTO radar_pushindex (country, day, raw, counts, value, zscore, alert)
SELECT c, current_date - d, random() * 5, '{}'::jsonb, random() * 3, random() * 4 - 1, random() < 0.02
FROM unnest(ARRAY['BY','RU','KZ','UA','GE','PL','LT','UZ','AM','MD']) c
CROSS JOIN generate_series(0, 729) d;

ANALYZE radar_source; ANALYZE radar_article; ANALYZE radar_mention; ANALYZE radar_signal;
ANALYZE radar_pushindex;
"""


KEYS_SQL = """
INSERT INTO radar_articlekey (article_id, key, day)
SELECT DISTINCT article_id, 'c:' || country, day FROM radar_mention
WHERE kind IN ('country', 'city') AND country <> '';
INSERT INTO radar_articlekey (article_id, key, day)
SELECT DISTINCT article_id, 's:' || type, day FROM radar_signal;
INSERT INTO radar_articlekey (article_id, key, day)
SELECT DISTINCT article_id, 'cs:' || country || ':' || type, day FROM radar_signal
WHERE country <> '';
ANALYZE radar_articlekey;
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()

    from seed_organizations import site_on_postgres

    site_on_postgres()
    from django.db import connection
    from django.test import Client

    from softlanding.accounts.enums import Role
    from softlanding.accounts.models import User
    from softlanding.accounts.services import create_staff_user
    from softlanding.radar.models import Article, ArticleKey, Source

    if Article.objects.count() < args.articles:
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE radar_articlekey, radar_signal, radar_mention, "
                "radar_candidateprospect, radar_article, radar_source, radar_pushindex "
                "RESTART IDENTITY CASCADE"
            )
            cursor.execute(SEED_SQL.replace("%(n)s", str(args.articles)).replace("%%", "%"))
        print(
            f"seeded {args.articles} articles in {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )
    if not ArticleKey.objects.exists():
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute(KEYS_SQL)
        print(f"list keys written in {time.monotonic() - started:.0f} s", file=sys.stderr)
    user = User.objects.filter(email="bench-analyst@example.org").first() or create_staff_user(
        email="bench-analyst@example.org", password=None, roles=[Role.ANALYST]
    )
    client = Client()
    client.force_login(user)
    source = Source.objects.order_by("id").values_list("id", flat=True).first()
    rng = random.Random(7)
    cases: dict[str, tuple[str, dict[str, str]]] = {
        "articles, unfiltered": ("/radar/articles/", {}),
        "articles, country=BY (common)": ("/radar/articles/", {"country": "BY"}),
        "articles, country=MD (rare)": ("/radar/articles/", {"country": "MD"}),
        "articles, signal=internet_shutdown": ("/radar/articles/", {"signal": "internet_shutdown"}),
        "articles, source": ("/radar/articles/", {"source": str(source)}),
        "articles, language=ru": ("/radar/articles/", {"language": "ru"}),
        # A pair the seed gives rows (its KZ signals are all pressure on companies).
        "articles, country=KZ & signal": (
            "/radar/articles/",
            {"country": "KZ", "signal": "pressure_on_companies"},
        ),
        "country page BY (common)": ("/radar/countries/BY/", {}),
        "country page MD (rare)": ("/radar/countries/MD/", {}),
    }
    print(f"articles: {Article.objects.count()}; requests per case: {args.requests}")
    for label, (path, params) in cases.items():
        times: list[float] = []
        cpu: list[float] = []
        for _ in range(args.requests):
            query = dict(params)
            if path.endswith("/articles/"):
                query["page"] = str(rng.randint(1, 5))
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(path, query)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
            assert response.status_code == 200, response.status_code
            if path.endswith("/articles/"):  # rows, not "No articles match."
                assert response.content.count(b"<tr") > 2, f"{label}: an empty page"
        # CPU time of this process (Django's share, PostgreSQL's apart): steadier than wall
        # time on a shared, loaded machine.
        print(
            f"{label:<38} p50 {statistics.median(times):7.1f} ms  p95 {percentile(times, 0.95):7.1f} ms"
            f"  (cpu p50 {statistics.median(cpu):5.1f} ms)"
        )
    print("reference: the issue asks p95 <= 100 ms for the article list and a country page")


if __name__ == "__main__":
    main()
