"""Outreach at scale: the board, My day, the funnel and logging an activity, against raw SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench_outreach \\
        nice -n 10 python bench/outreach.py

Creates and migrates the database if it is missing, then seeds what is not there yet:

- 1,000,000 organisations (``--organizations``) with 200,000 people (``--people``: fewer than
  the product's two per organisation, to save ten minutes; outreach needs organisations and
  only a first person per company), their fit scores spread at random (the generator leaves
  them at 0, and My day's "new high-score prospects" needs a real order);
- 50 scouts (``--callers``) and a programme lead;
- 12 campaigns with 200,000 opportunities, the first (running) campaign with 20,000, and
  10,000,000 activities (``softlanding.core.synthetic.generate_outreach``: COPY), then
  ``VACUUM ANALYZE`` as autovacuum would.

Then it times, over ``--requests`` requests each, with production settings (DEBUG off), the
page through ``django.test.Client`` with a signed-in scout (session, permission check, ORM,
template: the server's time without the network):

- the board of the 20,000-opportunity campaign (``/outreach/campaigns/<pk>/``);
- My day (``/outreach/my-day/``) of the scout whose open follow-ups are the median of all
  scouts' (about two hundred: the counts are printed);
- the funnel of that campaign (``/outreach/campaigns/<pk>/funnel/``);

each against its reference, the raw SQL of the same queries (captured once with
CaptureQueriesContext, re-run through a cursor), with the query count; and

- logging a call with a follow-up, ``services.log_activity``, on an opportunity of that
  campaign, against a raw INSERT of one activity row (both commit; the rows are removed after).

Targets: board and My day p95 ≤ 100 ms, funnel p95 ≤ 500 ms, logging p95 ≤ 30 ms. Prints a
table and one JSON line. The database stays for the next run unless ``--drop``;
``--reseed-outreach`` empties the outreach tables and seeds them again.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
os.environ.setdefault("SOFTLANDING_ALLOWED_HOSTS", "testserver")
# Production settings serve hashed static files; collect them once into a scratch folder.
os.environ.setdefault(
    "SOFTLANDING_STATIC_ROOT", os.path.join(tempfile.gettempdir(), "softlanding-bench-static")
)
os.environ.setdefault("SOFTLANDING_HTTPS", "0")  # the test client speaks plain HTTP

TARGETS_MS = {"board": 100.0, "my_day": 100.0, "funnel": 500.0, "log_activity": 30.0}
CAMPAIGNS = 12


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50": round(statistics.median(samples), 2),
        "p95": round(percentile(samples, 0.95), 2),
    }


def timed(action: Callable[[], Any], times: int) -> list[float]:
    samples = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--opportunities", type=int, default=200_000)
    parser.add_argument(
        "--board-campaign", type=int, default=20_000, help="opportunities of the first campaign"
    )
    parser.add_argument("--activities", type=int, default=10_000_000)
    parser.add_argument("--callers", type=int, default=50, help="scouts owning the outreach")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--reseed-outreach", action="store_true")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    args = parser.parse_args()

    from seed_organizations import drop_postgres, peak_rss_mib, site_on_postgres

    url = site_on_postgres()
    try:
        report = run(args)
    finally:
        if args.drop:
            drop_postgres(url)
    report["peak_rss_mib"] = round(peak_rss_mib(), 1)
    print(json.dumps(report))


def seed(args: argparse.Namespace) -> tuple[dict[str, float], list[Any]]:
    """Seed what is missing; return the seconds each step took and the scouts."""
    from django.db import connection
    from seed_organizations import peak_rss_mib

    from softlanding.accounts.enums import Role
    from softlanding.accounts.models import User
    from softlanding.accounts.services import create_staff_user
    from softlanding.core.synthetic import generate, generate_outreach
    from softlanding.outreach.models import Activity, Campaign, Opportunity
    from softlanding.prospects.models import Organization

    seconds: dict[str, float] = {}
    have = Organization.objects.count()
    if have < args.organizations:
        started = time.perf_counter()
        generate(
            organizations=args.organizations - have,
            people=args.people * (args.organizations - have) // args.organizations,
            seed=args.seed + have,
        )
        seconds["organizations"] = round(time.perf_counter() - started, 1)
        print(f"seeded organisations in {seconds['organizations']:.0f} s", file=sys.stderr)
    if not Organization.objects.filter(fit_score__gt=0).exists():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.2020)")
            cursor.execute(
                "UPDATE prospects_organization SET fit_score = round((random() * 100)::numeric, 1)"
            )
        seconds["fit_scores"] = round(time.perf_counter() - started, 1)

    scouts = []
    for number in range(args.callers):
        email = f"bench-scout-{number:03}@example.org"
        scouts.append(
            User.objects.filter(email=email).first()
            or create_staff_user(
                email=email,
                password=None,
                roles=[Role.SCOUT],
                first_name="Scout",
                last_name=f"{number:03}",
            )
        )
    lead = User.objects.filter(email="bench-lead@example.org").first() or create_staff_user(
        email="bench-lead@example.org", password=None, roles=[Role.PROGRAMME_LEAD]
    )

    if args.reseed_outreach:
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE outreach_raisedobjection, outreach_activity, outreach_stagechange, "
                "outreach_opportunity_loss_reasons, outreach_opportunity, "
                "outreach_campaign_team, outreach_campaign"
            )
    if not Campaign.objects.exists():
        rest = args.opportunities - args.board_campaign
        sizes = [args.board_campaign] + [
            rest // (CAMPAIGNS - 1) + (1 if i < rest % (CAMPAIGNS - 1) else 0)
            for i in range(CAMPAIGNS - 1)
        ]
        started = time.perf_counter()

        def progress(what: str, done: int, total: int) -> None:
            if done == total or (what == "cold activities" and done % 1_000_000 < 50_000):
                elapsed = time.perf_counter() - started
                print(
                    f"{what}: {done:>11,}/{total:,}  {elapsed:7.1f} s  "
                    f"rss {peak_rss_mib():.0f} MiB",
                    file=sys.stderr,
                )

        outreach = generate_outreach(
            campaigns=CAMPAIGNS,
            opportunities=args.opportunities,
            activities=args.activities,
            staff=scouts,
            lead=lead,
            sizes=sizes,
            seed=args.seed,
            progress=progress,
        )
        seconds["outreach"] = round(time.perf_counter() - started, 1)
        print(f"seeded outreach in {seconds['outreach']:.0f} s: {outreach}", file=sys.stderr)
        # After a bulk load, as autovacuum would: statistics, and the visibility map that lets
        # counts run on the index alone.
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM (ANALYZE) prospects_organization, outreach_opportunity, "
                "outreach_stagechange, outreach_activity, outreach_raisedobjection, "
                "outreach_opportunity_loss_reasons"
            )
        seconds["vacuum_analyze"] = round(time.perf_counter() - started, 1)
    opportunities = Opportunity.objects.count()
    activities = Activity.objects.count()
    if opportunities != args.opportunities or activities != args.activities:
        sys.exit(
            f"the database holds {opportunities:,} opportunities and {activities:,} "
            "activities, not what was asked: run again with --reseed-outreach"
        )
    return seconds, scouts


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from softlanding.outreach import services
    from softlanding.outreach.enums import OPEN_STAGES, ActivityKind, Outcome, Stage
    from softlanding.outreach.models import Activity, Campaign, Opportunity

    seconds, scouts = seed(args)
    today = timezone.localdate()
    campaign = Campaign.objects.annotate(n=Count("opportunities")).order_by("-n", "id").first()
    assert campaign is not None

    # The scout whose open follow-ups are the median: a realistic caller, not the busiest.
    open_counts = dict(
        Activity.objects.open_follow_ups()
        .filter(follow_up_owner__in=scouts)
        .values_list("follow_up_owner")
        .annotate(n=Count("id"))
        .order_by()
    )
    ranked = sorted(scouts, key=lambda user: (open_counts.get(user.pk, 0), user.pk))
    caller = ranked[len(ranked) // 2]
    load = Activity.objects.open_follow_ups().filter(follow_up_owner=caller)
    caller_load = {
        "open_follow_ups": load.count(),
        "overdue": load.filter(follow_up_on__lt=today).count(),
        "due_today": load.filter(follow_up_on=today).count(),
        "next_7_days": load.filter(
            follow_up_on__gt=today, follow_up_on__lte=today + timedelta(days=7)
        ).count(),
        "next_steps_due": Opportunity.objects.filter(
            owner=caller,
            next_step_on__lte=today,
            stage__in=OPEN_STAGES,
        ).count(),
    }
    client = Client()
    client.force_login(caller)

    results: dict[str, Any] = {}
    pages = {
        "board": f"/outreach/campaigns/{campaign.pk}/",
        "my_day": "/outreach/my-day/",
        "funnel": f"/outreach/campaigns/{campaign.pk}/funnel/",
    }
    for name, path in pages.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        # Read now: the next request empties the connection's query log.
        queries = list(captured.captured_queries)
        statements = [q["sql"] for q in queries]
        selects = [sql for sql in statements if sql.lstrip().upper().startswith("SELECT")]

        def get(path: str = path) -> None:
            assert client.get(path).status_code == 200

        def raw(selects: list[str] = selects) -> None:
            with connection.cursor() as cursor:
                for sql in selects:
                    cursor.execute(sql)
                    cursor.fetchall()

        get()  # warm: caches, plans
        page = timed(get, args.requests)
        reference = timed(raw, args.requests)
        results[name] = {
            **summary(page),
            "raw_sql": summary(reference),
            "queries": len(statements),
            "slowest_query_ms": round(max(float(q["time"]) for q in queries) * 1000, 1),
        }

    # Logging: a call with a follow-up on one of the caller's opportunities in the campaign.
    candidates = Opportunity.objects.select_related("organization", "person", "campaign").filter(
        campaign=campaign, stage=Stage.CONTACTED
    )
    opportunity = (
        candidates.filter(owner=caller).order_by("id").first() or candidates.order_by("id").first()
    )
    assert opportunity is not None
    logged: list[int] = []

    def log() -> None:
        activity = services.log_activity(
            by=caller,
            kind=ActivityKind.CALL,
            opportunity=opportunity,
            outcome=Outcome.REACHED,
            duration_minutes=12,
            time_zone="Europe/Minsk",
            notes="Talked to the CTO about visas for 40 people.",
            follow_up_on=today + timedelta(days=3),
        )
        logged.append(activity.pk)

    now = timezone.now()

    def insert() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO outreach_activity (kind, direction, occurred_at, time_zone, "
                "organization_id, person_id, opportunity_id, outcome, duration_minutes, subject, "
                "notes, by_id, follow_up_on, follow_up_owner_id, follow_up_done, email_to, "
                "email_status, email_error, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, "
                "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
                [
                    "call",
                    "out",
                    now,
                    "Europe/Minsk",
                    opportunity.organization_id,
                    opportunity.person_id,
                    opportunity.pk,
                    "reached",
                    12,
                    "",
                    "Talked to the CTO about visas for 40 people.",
                    caller.pk,
                    today + timedelta(days=3),
                    caller.pk,
                    False,
                    "",
                    "",
                    "",
                    now,
                ],
            )
            logged.append(cursor.fetchone()[0])

    try:
        log()  # warm
        logging_ms = timed(log, args.requests)
        reference_ms = timed(insert, args.requests)
    finally:
        Activity.objects.filter(pk__in=logged).delete()
    results["log_activity"] = {**summary(logging_ms), "raw_sql": summary(reference_ms)}

    print(
        f"\n{args.organizations:,} organisations, {args.opportunities:,} opportunities "
        f"(board campaign {campaign.name!r}: {args.board_campaign:,}), {args.activities:,} "
        f"activities; {args.requests} requests each; caller {caller.email}: {caller_load}\n"
    )
    print(
        f"{'':<14}{'p50 ms':>9}{'p95 ms':>9}{'target':>9}  {'raw p50':>9}{'raw p95':>9}"
        f"{'queries':>9}  met"
    )
    for name, row in results.items():
        met = row["p95"] <= TARGETS_MS[name]
        row["target_ms"] = TARGETS_MS[name]
        row["met"] = met
        print(
            f"{name:<14}{row['p50']:>9.1f}{row['p95']:>9.1f}{TARGETS_MS[name]:>9.0f}  "
            f"{row['raw_sql']['p50']:>9.1f}{row['raw_sql']['p95']:>9.1f}"
            f"{row.get('queries', 1):>9}  {'yes' if met else 'NO'}"
        )
    return {
        "database": connection.settings_dict["NAME"],
        "organizations": args.organizations,
        "opportunities": args.opportunities,
        "activities": args.activities,
        "board_campaign_opportunities": args.board_campaign,
        "requests": args.requests,
        "caller": caller_load,
        "seeding_seconds": seconds,
        **results,
    }


if __name__ == "__main__":
    main()
