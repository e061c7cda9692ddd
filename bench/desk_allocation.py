"""Twenty concurrent requests for the same desk and period: exactly one wins.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench_desks \\
        nice -n 10 python bench/desk_allocation.py
    DATABASE_URL=sqlite:////tmp/softlanding-bench-desks.sqlite3 python bench/desk_allocation.py

Creates and migrates the database if it is missing. Each of ``--rounds`` rounds (default 20)
makes a fresh desk, then ``--concurrency`` threads (default 20), each with its own database
connection and signed-in case officer, wait at a barrier and POST the same allocation (desk,
period) through ``django.test.Client`` (session, permission check, form, service, database; no
network). Counts, per round, the requests that got the desk and those that got the message
"Desk … is already taken from … to …", and any other outcome; times each request and each
round. Reference: the one-winner rule (and 0 other outcomes); the latency of one uncontended
allocation through the same path. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
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

from outreach import summary


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        from seed_organizations import prepare_postgres

        prepare_postgres(url, fresh=False)
    elif not url.startswith("sqlite"):
        sys.exit("set DATABASE_URL to a PostgreSQL or SQLite database")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(json.dumps(run(args)))


def ask(
    client: Any,
    path: str,
    form: dict[str, Any],
    code: str,
    barrier: threading.Barrier,
    outcomes: list[str],
    latencies: list[float],
    lock: threading.Lock,
) -> None:
    """One officer's request, on its own thread and database connection."""
    from django.db import connection

    outcome = "other"
    try:
        barrier.wait()
        started = time.perf_counter()
        response = client.post(path, form, follow=True)
        elapsed = (time.perf_counter() - started) * 1000
        page = response.content.decode()
        if f"Desk {code} allocated." in page:
            outcome = "won"
        elif f"Desk {code} is already taken from" in page:
            outcome = "refused"
        with lock:
            latencies.append(elapsed)
    except Exception as error:  # counted, never lost with the thread
        outcome = f"error: {type(error).__name__}: {error}"
    finally:
        connection.close()
    with lock:
        outcomes.append(outcome)


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from softlanding.accounts.enums import Role
    from softlanding.accounts.models import User
    from softlanding.accounts.services import create_staff_user
    from softlanding.cases import services
    from softlanding.cases.models import Building, Floor, Room

    officer = User.objects.filter(email="bench-desk-officer@example.org").first()
    if officer is None:
        officer = create_staff_user(
            email="bench-desk-officer@example.org",
            password=None,
            roles=[Role.CASE_OFFICER],
            first_name="Desk",
            last_name="Officer",
        )
    case = services.open_case(by=None, kind="company", title="Bench desks", officer=officer)
    building, _ = Building.objects.get_or_create(name="Bench tower")
    floor, _ = Floor.objects.get_or_create(building=building, level=1)
    room, _ = Room.objects.get_or_create(floor=floor, name=f"Room {case.pk}")
    clients = []
    for _n in range(args.concurrency):
        client = Client()
        client.force_login(officer)
        clients.append(client)
    path = reverse("cases:allocate", args=[case.pk])

    # The uncontended reference: one request, one fresh desk, the same path.
    solo: list[float] = []
    for n in range(20):
        desk = services.create_desk(by=None, room=room, code=f"solo-{n}")
        started = time.perf_counter()
        response = clients[0].post(
            path, {"desk": desk.pk, "starts_on": "2027-01-01", "ends_on": "2027-06-30"}
        )
        solo.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302

    rounds = []
    latencies: list[float] = []
    for number in range(args.rounds):
        desk = services.create_desk(by=None, room=room, code=f"r{number}")
        start = date(2027, 1, 1) + timedelta(days=number)
        form = {"desk": desk.pk, "starts_on": str(start), "ends_on": str(start + timedelta(90))}
        barrier = threading.Barrier(args.concurrency)
        outcomes: list[str] = []
        lock = threading.Lock()

        started = time.perf_counter()
        threads = [
            threading.Thread(
                target=ask,
                args=(client, path, form, desk.code, barrier, outcomes, latencies, lock),
            )
            for client in clients
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = (time.perf_counter() - started) * 1000
        held = desk.allocations.count()
        rounds.append(
            {
                "won": outcomes.count("won"),
                "refused": outcomes.count("refused"),
                "other": [o for o in outcomes if o not in {"won", "refused"}],
                "rows": held,
                "wall_ms": round(wall, 1),
            }
        )

    exact = all(r["won"] == 1 and r["rows"] == 1 and not r["other"] for r in rounds)
    print(
        f"\n{connection.vendor}: {args.rounds} rounds of {args.concurrency} concurrent "
        f"requests for the same desk and period\n"
    )
    print(f"{'round':>5}{'won':>6}{'refused':>9}{'other':>7}{'rows':>6}{'wall ms':>10}")
    for number, r in enumerate(rounds):
        print(
            f"{number:>5}{r['won']:>6}{r['refused']:>9}{len(r['other']):>7}{r['rows']:>6}"
            f"{r['wall_ms']:>10.1f}"
        )
    contended, reference = summary(latencies), summary(solo)
    print(
        f"\nexactly one winner and {args.concurrency - 1} clear refusals every round: "
        f"{'yes' if exact else 'NO'}\n"
        f"request latency under contention: p50 {contended['p50']} ms, p95 {contended['p95']} ms"
        f"\nreference, one uncontended request: p50 {reference['p50']} ms, "
        f"p95 {reference['p95']} ms\n"
    )
    for r in rounds:
        for other in r["other"][:3]:
            print("other outcome:", other)
    return {
        "database": connection.vendor,
        "rounds": args.rounds,
        "concurrency": args.concurrency,
        "exactly_one_winner_every_round": exact,
        "per_round": rounds,
        "contended": contended,
        "uncontended_reference": reference,
    }


if __name__ == "__main__":
    main()
