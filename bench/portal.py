"""The portal at scale: the applicant's pages and the review queue over 50,000 applications.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench_portal \\
        nice -n 10 python bench/portal.py

Creates and migrates the database if it is missing, then seeds what is not there yet with bulk
inserts (``--applications``, default 50,000, from ``--applicants`` applicants, 5,000: ten
each): a spread of statuses (a tenth drafts), submission dates over two years, eight
countries, 20 case officers assigning about two thirds, two relocating people and a family
member per application, a document with two versions and a request for information on the
measured applicant's applications; then ``VACUUM ANALYZE``.

Times, over ``--requests`` requests each, with production settings (DEBUG off), each page
through ``django.test.Client`` (session, permission check, ORM, template; no network):

- the applicant's list (``/portal/``), one of its submitted applications with its people,
  documents and questions, and the people step of one of its drafts;
- the review queue as a case officer: the default (open applications, oldest first), filtered
  (status "in review" and country "UA"), one officer's, and a deep page (page 200, rows
  9,951-10,000); and an application's review page;

each against its reference, the raw SQL of the same queries (captured once, re-run through a
cursor), with the query count. The queue's SQL is printed. Targets: p95 ≤ 100 ms for every
page. Prints a table and one JSON line; ``--drop`` removes the database afterwards.
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
COUNTRIES = ["BY", "RU", "UA", "KZ", "PL", "GE", "AM", "UZ"]
# status, share of applications
STATUSES = [
    ("draft", 10),
    ("submitted", 25),
    ("in_review", 20),
    ("info_requested", 10),
    ("approved", 20),
    ("rejected", 10),
    ("withdrawn", 5),
]
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--applications", type=int, default=50_000)
    parser.add_argument("--applicants", type=int, default=5_000)
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


def seed(args: argparse.Namespace) -> float:
    """Bulk-insert what is missing; return the seconds it took."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from softlanding.accounts.enums import Role, UserKind
    from softlanding.accounts.models import User
    from softlanding.accounts.services import create_staff_user
    from softlanding.portal.models import Application, RelocatingPerson

    if Application.objects.count() >= args.applications:
        return 0.0
    started = time.perf_counter()
    rng = random.Random(args.seed)
    officers = [
        User.objects.filter(email=f"bench-officer-{n:02}@example.org").first()
        or create_staff_user(
            email=f"bench-officer-{n:02}@example.org",
            password=None,
            roles=[Role.CASE_OFFICER],
            first_name="Officer",
            last_name=f"{n:02}",
        )
        for n in range(args.officers)
    ]
    unusable = make_password(None)
    User.objects.bulk_create(
        [
            User(
                email=f"bench-applicant-{n:05}@example.org",
                kind=UserKind.APPLICANT,
                password=unusable,
                language="ru" if n % 3 else "en",
            )
            for n in range(args.applicants)
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    applicants = list(
        User.objects.filter(email__startswith="bench-applicant-")
        .order_by("email")
        .values_list("pk", "language")
    )
    now = timezone.now()
    statuses = [status for status, share in STATUSES for _ in range(share)]
    rows = []
    for n in range(args.applications):
        applicant_id, language = applicants[n % len(applicants)]
        status = rng.choice(statuses)
        submitted = (
            None if status == "draft" else now - timedelta(minutes=rng.randint(60, 1_051_200))
        )
        rows.append(
            Application(
                applicant_id=applicant_id,
                kind="company" if n % 4 else "individual",
                status=status,
                step=5,
                language=language or "en",
                name=f"Bench Soft {n:05}",
                legal_form="LLC",
                country=rng.choice(COUNTRIES),
                city="Minsk",
                employees=rng.randint(1, 500),
                founded_year=rng.randint(1995, 2024),
                activity_types=["software_development"],
                revenue_abroad_percent=rng.randint(0, 100),
                state_owned_percent=0,
                assignee=rng.choice(officers) if submitted and rng.random() < 0.66 else None,
                submitted_at=submitted,
                decided_at=submitted + timedelta(days=20)
                if submitted and status in {"approved", "rejected"}
                else None,
                decision_reason="Bench decision." if status in {"approved", "rejected"} else "",
            )
        )
    Application.objects.bulk_create(rows, batch_size=2000)
    ids = list(Application.objects.order_by("pk").values_list("pk", flat=True))
    specialists = [
        RelocatingPerson(application_id=pk, full_name=f"Specialist {pk}-{k}", citizenship="BY")
        for pk in ids
        for k in range(2)
    ]
    RelocatingPerson.objects.bulk_create(specialists, batch_size=5000)
    first = dict(
        RelocatingPerson.objects.filter(relation="specialist")
        .order_by("application_id", "pk")
        .values_list("application_id", "pk")
        .distinct("application_id")
    )
    RelocatingPerson.objects.bulk_create(
        [
            RelocatingPerson(
                application_id=pk,
                full_name=f"Family {pk}",
                relation="child",
                family_of_id=first[pk],
            )
            for pk in ids
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "VACUUM (ANALYZE) portal_application, portal_relocatingperson, accounts_user"
        )
    seconds = round(time.perf_counter() - started, 1)
    print(f"seeded {len(ids):,} applications in {seconds:.0f} s", file=sys.stderr)
    return seconds


def _documents_and_questions(applicant: Any, officer: Any) -> None:
    """A document in two versions and an answered question on each of the measured applicant's
    submitted applications (through the services: real files in the private storage)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from softlanding.portal import services
    from softlanding.portal.models import Application, Document, InfoRequest

    for application in Application.objects.filter(applicant=applicant, submitted_at__isnull=False):
        if Document.objects.filter(application=application).exists():
            continue
        if application.status not in {"draft", "submitted", "in_review", "info_requested"}:
            continue
        version = services.add_document(
            application,
            upload=SimpleUploadedFile("passport.pdf", PDF),
            kind="passport",
            by=applicant,
        )
        services.add_document(
            application,
            upload=SimpleUploadedFile("passport-2.pdf", PDF + b"%2"),
            document=version.document,
            by=applicant,
        )
        InfoRequest.objects.create(
            application=application, question="Where will the office be?", asked_by=officer
        )


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from softlanding.accounts.models import User
    from softlanding.portal.models import Application

    seconds = seed(args)
    applicant = User.objects.get(email="bench-applicant-00042@example.org")
    officer = User.objects.get(email="bench-officer-03@example.org")
    _documents_and_questions(applicant, officer)
    mine = Application.objects.filter(applicant=applicant)
    shown = (
        mine.filter(status__in=["submitted", "in_review", "info_requested"]).order_by("pk").first()
        or mine.exclude(status="draft").order_by("pk").first()
    )
    draft = mine.filter(status="draft").order_by("pk").first()
    assert shown is not None

    applicant_client = Client()
    applicant_client.force_login(applicant)
    officer_client = Client()
    officer_client.force_login(officer)
    pages: dict[str, tuple[Client, str]] = {
        "applicant_list": (applicant_client, "/portal/"),
        "applicant_application": (applicant_client, f"/portal/applications/{shown.pk}/"),
        "queue_default": (officer_client, "/portal/review/"),
        "queue_filtered": (officer_client, "/portal/review/?status=in_review&country=UA"),
        "queue_officer": (officer_client, f"/portal/review/?assignee={officer.pk}"),
        "queue_deep_page": (officer_client, "/portal/review/?page=200"),
        "review_page": (officer_client, f"/portal/review/{shown.pk}/"),
    }
    if draft is not None:
        pages["applicant_draft_step"] = (
            applicant_client,
            f"/portal/applications/{draft.pk}/step/people/",
        )
    results: dict[str, Any] = {}
    queue_sql: list[str] = []
    for name, (client, path) in pages.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        queries = list(captured.captured_queries)
        selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
        if name == "queue_default":
            # The page's ids (from the partial index alone), then the rows of those ids.
            queue_sql = [sql for sql in selects if 'FROM "portal_application"' in sql]

        def get(client: Client = client, path: str = path) -> None:
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

    plan = []
    with connection.cursor() as cursor:
        for sql in queue_sql:
            cursor.execute(f"EXPLAIN ANALYZE {sql}")
            plan.extend(row[0] for row in cursor.fetchall())
            plan.append("")
    total = Application.objects.count()
    print(
        f"\n{total:,} applications from {args.applicants:,} applicants; "
        f"{args.requests} requests each; applicant {applicant.email} has {mine.count()}\n"
    )
    print(
        f"{'':<24}{'p50 ms':>9}{'p95 ms':>9}{'target':>9}  {'raw p50':>9}{'raw p95':>9}"
        f"{'queries':>9}  met"
    )
    for name, row in results.items():
        print(
            f"{name:<24}{row['p50']:>9.1f}{row['p95']:>9.1f}{TARGET_MS:>9.0f}  "
            f"{row['raw_sql']['p50']:>9.1f}{row['raw_sql']['p95']:>9.1f}{row['queries']:>9}  "
            f"{'yes' if row['met'] else 'NO'}"
        )
    print("\nthe queue's queries:\n" + "\n\n".join(queue_sql))
    print("\ntheir plans:\n" + "\n".join(plan))
    return {
        "database": connection.settings_dict["NAME"],
        "applications": total,
        "applicants": args.applicants,
        "requests": args.requests,
        "seeding_seconds": seconds,
        "queue_sql": queue_sql,
        **results,
    }


if __name__ == "__main__":
    main()
