"""The prospects list and name search: server time against the raw SQL of the same query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench_list \\
        python bench/prospects_list.py --organizations 1000000

Seeds the database (unless it already holds that many organisations), tags 5 % of them,
spreads fit scores (the generator leaves them at 0; a random spread makes the sort real), then
times, over --requests requests each:

- the list page, filtered by country and tag, sorted by score, 50 rows: a full Django request
  (middleware, session, permission check, ORM, template), and the SQL the ORM sent to read
  organisations (the page's ids, then its rows), run raw;
- the same list filtered by a name search in another script ("айдиа…" style prefixes);
- the list filtered by outreach's stage filter (100,000 opportunities are seeded over random
  organisations): a common stage, a rare one, and the organisations in no campaign;

and prints p50/p95 in milliseconds and the ratio page/raw SQL, with the CPU time the request
took in this process (Django's own work: on a machine others load, wall time varies with
them, CPU time much less).
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
# Production settings serve hashed static files; collect them once into a scratch folder.
os.environ.setdefault(
    "SOFTLANDING_STATIC_ROOT", os.path.join(tempfile.gettempdir(), "softlanding-bench-static")
)
os.environ.setdefault("SOFTLANDING_HTTPS", "0")  # the test client speaks plain HTTP


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def report(label: str, page: list[float], raw: list[float], cpu: list[float]) -> None:
    p50, p95 = statistics.median(page), percentile(page, 0.95)
    r50, r95 = statistics.median(raw), percentile(raw, 0.95)
    c50, c95 = statistics.median(cpu), percentile(cpu, 0.95)
    print(
        f"{label:<38} page p50 {p50:6.1f} ms  p95 {p95:6.1f} ms | raw SQL p50 {r50:6.1f} ms"
        f"  p95 {r95:6.1f} ms | p95 ratio {p95 / max(r95, 0.001):5.1f}x"
        f" | page CPU p50 {c50:5.1f} ms  p95 {c95:5.1f} ms"
    )


def seed_opportunities(count: int = 100_000) -> None:
    """One campaign with ``count`` opportunities over random organisations, most at the first
    stages and few far along (85 landed in 100,000), unless it is there already."""
    from django.db import connection

    from softlanding.outreach.models import Campaign, Opportunity

    if Opportunity.objects.exists():
        return
    campaign = Campaign.objects.create(name="Bench", source_countries=["BY"])
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO outreach_opportunity (stage, version, expected_headcount, "
            "expected_family, probability, next_step, lost_to, loss_note, created_at, updated_at, "
            "campaign_id, organization_id) "
            "SELECT CASE WHEN r < 0.60 THEN 'identified' WHEN r < 0.85 THEN 'contacted' "
            "WHEN r < 0.93 THEN 'interested' WHEN r < 0.97 THEN 'negotiating' "
            "WHEN r < 0.985 THEN 'lost' WHEN r < 0.995 THEN 'pledged' "
            "WHEN r < 0.99915 THEN 'relocating' ELSE 'landed' END, "
            "1, 0, 0, 10, '', '', '', now(), now(), %s, o.id "
            # A spread the same on every run: a multiplicative hash of the id, in [0, 1).
            "FROM (SELECT id, ((id * 2654435761) %% 1000003) / 1000003.0 AS r "
            "FROM prospects_organization ORDER BY id %% 9973, id LIMIT %s) AS o",
            [campaign.pk, count],
        )
        cursor.execute("VACUUM (ANALYZE) outreach_opportunity")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()

    from seed_organizations import site_on_postgres

    site_on_postgres()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from softlanding.accounts.enums import Role
    from softlanding.accounts.models import User
    from softlanding.accounts.services import create_staff_user
    from softlanding.core.synthetic import generate
    from softlanding.prospects.models import Organization, Tag

    have = Organization.objects.count()
    if have < args.organizations:
        started = time.monotonic()
        generate(organizations=args.organizations - have, seed=have + 1)
        print(
            f"seeded {args.organizations - have} organisations in {time.monotonic() - started:.0f} s",
            file=sys.stderr,
        )
    tag, created = Tag.objects.get_or_create(name="bench-5pc")
    if created:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO prospects_organizationtag (organization_id, tag_id) "
                "SELECT id, %s FROM prospects_organization WHERE id %% 20 = 0",
                [tag.pk],
            )
            cursor.execute(
                "UPDATE prospects_organization SET fit_score = round((random() * 100)::numeric, 1)"
            )
            # Vacuumed as autovacuum leaves a registry that has lived: the list finds a page's
            # ids in indexes alone only where the table's pages are marked all-visible.
            cursor.execute(
                "VACUUM (ANALYZE) prospects_organization, prospects_organizationtag, "
                "prospects_organizationnamekey"
            )
    seed_opportunities()
    user = User.objects.filter(email="bench-scout@example.org").first() or create_staff_user(
        email="bench-scout@example.org", password=None, roles=[Role.SCOUT]
    )
    client = Client()
    client.force_login(user)

    names = list(
        Organization.objects.filter(country="BY").order_by("?").values_list("name", flat=True)[:50]
    )
    rng = random.Random(7)
    cases = {
        "country=BY & tag, by score": lambda: {
            "country": "BY",
            "tag": str(tag.pk),
            "sort": "score",
        },
        "country=RU, by score": lambda: {"country": "RU", "sort": "score"},
        "name search (prefix of a real name)": lambda: {"q": rng.choice(names)[:6]},
        # The stage filter outreach adds: a common stage, a rare one, and "in no campaign".
        "stage=interested (8% of 100k), by score": lambda: {"stage": "interested"},
        "stage=landed (85 of 100k), by score": lambda: {"stage": "landed"},
        "country=BY & in no campaign, by score": lambda: {"country": "BY", "stage": "none"},
    }
    for label, params in cases.items():
        page_times: list[float] = []
        raw_times: list[float] = []
        cpu_times: list[float] = []
        for _ in range(args.requests):
            query = params()
            with CaptureQueriesContext(connection) as captured:
                cpu = time.thread_time()
                started = time.perf_counter()
                response = client.get("/prospects/", query)
                page_times.append((time.perf_counter() - started) * 1000)
                cpu_times.append((time.thread_time() - cpu) * 1000)
            assert response.status_code == 200, response.status_code
            # The list's own queries, those that read organisations (the page's ids, then its
            # rows), run again raw one after the other.
            statements = [
                q["sql"]
                for q in captured.captured_queries
                if 'FROM "prospects_organization"' in q["sql"]
            ]
            assert statements, "the page read no organisation"
            with connection.cursor() as cursor:
                started = time.perf_counter()
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()
                raw_times.append((time.perf_counter() - started) * 1000)
        report(label, page_times, raw_times, cpu_times)


if __name__ == "__main__":
    main()
