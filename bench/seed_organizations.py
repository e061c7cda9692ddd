"""How fast the synthetic data generator fills a database, and in how much memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench \\
        python bench/seed_organizations.py --organizations 1000000

Creates the database in DATABASE_URL if it is missing (PostgreSQL), migrates it, runs
``softlanding.core.synthetic.generate`` and reports wall time, rows per second and peak RSS.
``--fresh`` recreates the database first, ``--drop`` removes it afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

# The benchmark is never a deployment: a fixed key is fine here and nowhere else.
os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")


def _postgres_admin(url: str) -> tuple[dict[str, object], str]:
    """Connection settings for the server's maintenance database, and the bench database."""
    import dj_database_url

    config = dj_database_url.parse(url)
    params: dict[str, object] = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "autocommit": True,
    }
    return {k: v for k, v in params.items() if v is not None}, str(config["NAME"])


def prepare_postgres(url: str, *, fresh: bool) -> None:
    import psycopg
    from psycopg import sql

    params, name = _postgres_admin(url)
    with psycopg.connect(**params) as admin:  # type: ignore[arg-type]
        if fresh:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}", file=sys.stderr)


def site_on_postgres() -> str:
    """DATABASE_URL's PostgreSQL database (made if missing), migrated, static files collected:
    the site a page benchmark requests. Returns the URL, for ``drop_postgres``."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database")
    prepare_postgres(url, fresh=False)

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    return url


def drop_postgres(url: str) -> None:
    import psycopg
    from django.db import connections
    from psycopg import sql

    connections.close_all()
    params, name = _postgres_admin(url)
    with psycopg.connect(**params) as admin:  # type: ignore[arg-type]
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    print(f"dropped database {name}", file=sys.stderr)


def peak_rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=None, help="default: two per organisation")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--method", choices=["auto", "copy", "bulk_create"], default="auto")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        parser.error("set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/softlanding_bench")
    postgres = url.startswith(("postgres://", "postgresql://"))
    if postgres:
        prepare_postgres(url, fresh=args.fresh)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from softlanding.core.synthetic import generate

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}", file=sys.stderr)

    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % (args.batch_size * 20) == 0 or done == total:
            elapsed = time.perf_counter() - started
            print(
                f"{done:>10,}/{total:,}  {elapsed:7.1f} s  {done / elapsed:8,.0f} org/s  "
                f"rss {peak_rss_mib():.0f} MiB",
                file=sys.stderr,
            )

    try:
        summary = generate(
            organizations=args.organizations,
            people=args.people,
            seed=args.seed,
            batch_size=args.batch_size,
            progress=progress,
            method=args.method,
        )
        wall = time.perf_counter() - started
        rows = summary.organizations + summary.aliases + summary.people
        report = {
            "database": connection.vendor,
            "method": args.method,
            "batch_size": args.batch_size,
            **summary.as_dict(),
            "rows": rows,
            "wall_seconds": round(wall, 1),
            "organizations_per_second": round(summary.organizations / wall),
            "rows_per_second": round(rows / wall),
            "peak_rss_mib": round(peak_rss_mib(), 1),
        }
        print(
            f"{summary.organizations:,} organisations, {summary.aliases:,} aliases, "
            f"{summary.people:,} people = {rows:,} rows in {wall:.1f} s "
            f"({rows / wall:,.0f} rows/s, {summary.organizations / wall:,.0f} organisations/s); "
            f"peak RSS {peak_rss_mib():.0f} MiB",
            file=sys.stderr,
        )
        print(json.dumps(report))
    finally:
        if args.drop and postgres:
            drop_postgres(url)


if __name__ == "__main__":
    main()
