"""The case officer's dashboard with 10,000 open cases and 50,000 relocatees.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench_cases \\
        nice -n 10 python bench/cases_dashboard.py

Creates and migrates the database if it is missing, then seeds what is not there yet with bulk
inserts: ``--cases`` open cases (default 10,000) over 20 case officers, opened over the last
200 days, five people each (three employees, a spouse and a child: 50,000 relocatees), every
visa step of each (about 330,000 rows) done up to a random point, the company checklist
(50,000 rows); then ``VACUUM ANALYZE``.

Times, over ``--requests`` requests each, with production settings (DEBUG off), through
``django.test.Client`` (session, permission check, ORM, template; no network): the dashboard
(everyone's late steps, the officer's open cases, counts), the same for "only mine", the case
list and one case's page; each against its reference, the raw SQL of the same queries
(captured once, re-run through a cursor), with the query count. Target: p95 ≤ 100 ms.
Prints a table, the late-steps query and its plan, and one JSON line; ``--drop`` removes the
database afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
os.environ.setdefault("SOFTLANDING_ALLOWED_HOSTS", "testserver")
os.environ.setdefault(
    "SOFTLANDING_STATIC_ROOT", os.path.join(tempfile.gettempdir(), "softlanding-bench-static")
)
os.environ.setdefault("SOFTLANDING_HTTPS", "0")
os.environ.setdefault(
    "SOFTLANDING_PRIVATE_ROOT", os.path.join(tempfile.gettempdir(), "softlanding-bench-private")
)

from outreach import summary, timed

TARGET_MS = 100.0
COUNTRIES = ["BY", "RU", "UA", "KZ"]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--officers", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    args = parser.parse_args()

    from seed_organizations import drop_postgres, site_on_postgres

    url = site_on_postgres()
    try:
        report = run(args)
    finally:
        if args.drop:
            drop_postgres(url)
    print(json.dumps(report))


def officers(count: int) -> list[Any]:
    from softlanding.accounts.enums import Role
    from softlanding.accounts.models import User
    from softlanding.accounts.services import create_staff_user

    return [
        User.objects.filter(email=f"bench-officer-{n:02}@example.org").first()
        or create_staff_user(
            email=f"bench-officer-{n:02}@example.org",
            password=None,
            roles=[Role.CASE_OFFICER],
            first_name="Officer",
            last_name=f"{n:02}",
        )
        for n in range(count)
    ]


def seed(args: argparse.Namespace, staff: list[Any]) -> float:
    """Bulk-insert what is missing; return the seconds it took."""
    from django.db import connection
    from django.utils import timezone

    from softlanding.cases.enums import CaseStatus, Relation, StepStatus
    from softlanding.cases.models import (
        Case,
        CompanyStep,
        CompanyStepTemplate,
        Relocatee,
        RelocateeStep,
        VisaStepTemplate,
        VisaType,
    )

    if Case.objects.count() >= args.cases:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(args.seed)
    today = timezone.localdate()
    visa_types = list(VisaType.objects.all())
    templates = {
        vt.pk: list(VisaStepTemplate.objects.filter(visa_type=vt).order_by("position"))
        for vt in visa_types
    }
    company_templates = list(CompanyStepTemplate.objects.filter(for_kind__in=["", "company"]))
    cases = Case.objects.bulk_create(
        [
            Case(
                kind="company",
                title=f"Bench company {n:05}",
                country=COUNTRIES[n % len(COUNTRIES)],
                officer=staff[n % len(staff)],
                status=CaseStatus.OPEN,
                opened_on=today - timedelta(days=rng.randrange(200)),
            )
            for n in range(args.cases)
        ],
        batch_size=2000,
    )
    relations = [Relation.EMPLOYEE] * 3 + [Relation.SPOUSE, Relation.CHILD]
    people = []
    for case in cases:
        visa_type = rng.choice(visa_types)
        for index, relation in enumerate(relations):
            people.append(
                Relocatee(
                    case=case,
                    name_latin=f"Person {case.pk}-{index}",
                    relation=relation,
                    nationality=case.country,
                    visa_type=visa_type,
                )
            )
    people = Relocatee.objects.bulk_create(people, batch_size=5000)
    opened = {case.pk: case.opened_on for case in cases}
    steps = []
    for person in people:
        rows = [t for t in templates[person.visa_type_id] if t.for_family or not person.is_family]
        progress = rng.randrange(len(rows) + 1)
        for position, template in enumerate(rows):
            planned = opened[person.case_id] + timedelta(days=template.offset_days)
            done = position < progress and planned <= today
            steps.append(
                RelocateeStep(
                    relocatee_id=person.pk,
                    kind=template.kind,
                    position=template.position,
                    planned_on=planned,
                    status=StepStatus.DONE if done else StepStatus.PENDING,
                    done_on=planned if done else None,
                )
            )
    RelocateeStep.objects.bulk_create(steps, batch_size=10000)
    company = []
    for case in cases:
        for template in company_templates:
            due = case.opened_on + timedelta(days=template.offset_days)
            done = due <= today and rng.random() < 0.7
            company.append(
                CompanyStep(
                    case=case,
                    template=template,
                    label=template.label_en,
                    owner_id=case.officer_id,
                    position=template.position,
                    due_on=due,
                    status=StepStatus.DONE if done else StepStatus.PENDING,
                    done_on=due if done else None,
                )
            )
    CompanyStep.objects.bulk_create(company, batch_size=10000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return round(time.perf_counter() - started, 1)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from softlanding.cases.models import Case, Relocatee, RelocateeStep

    staff = officers(args.officers)
    seconds = seed(args, staff)
    officer = staff[3]
    shown = Case.objects.filter(officer=officer).order_by("pk").first()
    assert shown is not None
    client = Client()
    client.force_login(officer)
    pages = {
        "dashboard": "/cases/",
        "dashboard_mine": "/cases/?mine=1",
        "case_list": "/cases/all/",
        "case_list_mine": "/cases/all/?mine=on&status=open",
        "case_page": f"/cases/{shown.pk}/",
    }
    results: dict[str, Any] = {}
    late_sql = ""
    for name, path in pages.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        queries = list(captured.captured_queries)
        selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
        if name == "dashboard":
            late_sql = next(sql for sql in selects if "cases_relocateestep" in sql)

        def get(path: str = path) -> None:
            assert client.get(path).status_code == 200

        def raw(selects: list[str] = selects) -> None:
            with connection.cursor() as cursor:
                for sql in selects:
                    cursor.execute(sql)
                    cursor.fetchall()

        get()
        page = timed(get, args.requests)
        reference = timed(raw, args.requests)
        results[name] = {
            **summary(page),
            "raw_sql": summary(reference),
            "queries": len(queries),
            "target_ms": TARGET_MS,
            "met": summary(page)["p95"] <= TARGET_MS,
        }

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {late_sql}")
        plan = [row[0] for row in cursor.fetchall()]
    open_cases = Case.objects.open().count()
    relocatees = Relocatee.objects.count()
    steps = RelocateeStep.objects.count()
    print(
        f"\n{open_cases:,} open cases, {relocatees:,} relocatees, {steps:,} visa steps; "
        f"{args.requests} requests each, as {officer.email}\n"
    )
    print(
        f"{'':<20}{'p50 ms':>9}{'p95 ms':>9}{'target':>9}  {'raw p50':>9}{'raw p95':>9}"
        f"{'queries':>9}  met"
    )
    for name, row in results.items():
        print(
            f"{name:<20}{row['p50']:>9.1f}{row['p95']:>9.1f}{TARGET_MS:>9.0f}  "
            f"{row['raw_sql']['p50']:>9.1f}{row['raw_sql']['p95']:>9.1f}{row['queries']:>9}  "
            f"{'yes' if row['met'] else 'NO'}"
        )
    print(f"\nthe late steps' query:\n{late_sql}\n\nits plan:\n" + "\n".join(plan) + "\n")
    return {
        "database": connection.settings_dict["NAME"],
        "open_cases": open_cases,
        "relocatees": relocatees,
        "visa_steps": steps,
        "requests": args.requests,
        "seeding_seconds": seconds,
        **results,
    }


if __name__ == "__main__":
    main()
