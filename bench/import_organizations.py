"""The import figure: a 100k-row CSV against 1M stored organisations, and a plain COPY beside it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench \\
        python bench/import_organizations.py [--stored 1000000] [--rows 100000] [--keep]

Creates the database if it is missing and migrates it; seeds ``--stored`` organisations with
``softlanding.core.synthetic.generate`` unless it already holds them, and gives them their
fold name keys (the seed writes none; an import matches through them). Then writes a CSV of
``--rows`` rows: about 10% are stored organisations under another spelling (their Cyrillic
name, or the Latin one in capitals with a legal form) or, under a new name, their website;
the rest are new. In the same run it times

* a plain COPY of the file's rows into a scratch table with the file's columns: the floor;
* ``run_import`` end to end (reading, checking, matching, writing, commit);
* ``run_import`` of the same file again, which must create and change nothing;
* the matching's reads alone: every row's fold key, country and domain COPYed into a
  temporary table and looked up against the stored name keys and websites in two joins;
* the database's share alone: the organisations the import created and their name keys
  inserted again, and as many stored rows updated as the import updated, by INSERT … SELECT and
  UPDATE … FROM inside the server, rolled back. No Python touches a row: the floor the
  registry's indexes set under any import of this file;

and prints rows/s for each and the import's ratio to COPY, with the CPU seconds the import
used: its own process, the process that reads a large file (``rows.read_batches``) and its
database backend. Their sum over the machine's cores bounds the import's speed however well
the three overlap (``cpu_bound_rows_per_second``): on a machine others load, wall time alone
says little. The database is dropped at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

# The benchmark is never a deployment: a fixed key is fine here and nowhere else.
os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from seed_organizations import drop_postgres, prepare_postgres

HEADER = [
    "Name",
    "Country",
    "City",
    "Website",
    "Employees",
    "Founded",
    "Markets",
    "Specialities",
]
COUNTRY_SPELLINGS = {
    "BY": ["BY", "Belarus", "Беларусь", "РБ"],
    "RU": ["RU", "Russia", "Россия"],
    "UA": ["UA", "Ukraine", "Украина"],
    "KZ": ["KZ", "Kazakhstan", "Казахстан"],
}
LEGAL_FORMS = ["LLC", "Ltd", "GmbH", "ООО", "Inc."]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def seed(stored: int) -> None:
    from softlanding.core.synthetic import generate
    from softlanding.prospects.models import Organization

    have = Organization.objects.count()
    if have >= stored:
        log(f"{have:,} organisations already stored")
        return
    if have:
        sys.exit(f"the database holds {have:,} organisations, not {stored:,}: use a fresh one")
    started = time.perf_counter()

    def progress(done: int, total: int) -> None:
        if done % 100_000 == 0 or done == total:
            log(f"  seeded {done:,}/{total:,} in {time.perf_counter() - started:.0f} s")

    generate(organizations=stored, progress=progress)
    log(f"seeded {stored:,} organisations in {time.perf_counter() - started:.0f} s")


def build_fold_keys() -> None:
    """The fold key of every stored name and other name, as imports and search need them."""
    from django.db import connection, transaction

    from softlanding.prospects import names
    from softlanding.prospects.models import OrganizationNameKey

    if OrganizationNameKey.objects.exists():
        return
    started = time.perf_counter()
    fold = names.fold
    count = 0
    with transaction.atomic(), connection.cursor() as out:
        with connection.connection.cursor(name="names") as source:  # server-side cursor
            source.itersize = 20_000
            source.execute(
                "SELECT id, name FROM prospects_organization UNION ALL "
                "SELECT organization_id, name FROM prospects_organizationalias ORDER BY 1"
            )
            seen: set[tuple[int, str]] = set()
            with out.copy(
                "COPY prospects_organizationnamekey (organization_id, key) FROM STDIN"
            ) as copy:
                last = None
                for pk, name in source:
                    if pk != last:
                        seen.clear()
                        last = pk
                    key = fold(name)[:300]
                    if key and (pk, key) not in seen:
                        seen.add((pk, key))
                        copy.write_row((pk, key))
                        count += 1
        out.execute("ANALYZE prospects_organizationnamekey")
    log(f"stored {count:,} fold keys in {time.perf_counter() - started:.0f} s")


def write_file(path: Path, rows: int, *, matching: float, seed_value: int) -> dict[str, int]:
    """The CSV to import; returns how many rows were made to match stored organisations."""
    from softlanding.core.synthetic import iter_organizations
    from softlanding.prospects.models import Organization, OrganizationAlias

    rng = random.Random(seed_value)
    low = Organization.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    high = Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    wanted = int(rows * matching)
    picked = rng.sample(range(low, high + 1), min(wanted, high - low + 1))
    stored = list(
        Organization.objects.filter(pk__in=picked).values_list(
            "pk", "name", "country", "city", "domain"
        )
    )
    aliases: dict[int, str] = dict(
        OrganizationAlias.objects.filter(organization_id__in=[s[0] for s in stored]).values_list(
            "organization_id", "name"
        )
    )
    # Spread through the file, every other one by website.
    matches = {int(i * rows / max(len(stored), 1)): (i % 2, s) for i, s in enumerate(stored)}
    fresh = iter_organizations(organizations=rows, people=0, seed=seed_value)
    counts = {"by_spelling": 0, "by_domain": 0, "new": 0}
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        for i in range(rows):
            record = next(fresh)
            country = rng.choice(COUNTRY_SPELLINGS.get(record.country, [record.country]))
            row = [
                record.name,
                country,
                record.city,
                record.website,
                "" if record.employees is None else str(record.employees),
                "" if record.founded is None else str(record.founded),
                ", ".join(record.markets),
                ", ".join(record.specialities),
            ]
            match = matches.get(i)
            if match is not None:
                by_site, (pk, name, code, city, domain) = match
                spelled = rng.choice(COUNTRY_SPELLINGS.get(code, [code]))
                if not by_site:
                    other = aliases.get(pk) or f"{name.upper()} {rng.choice(LEGAL_FORMS)}"
                    row = [other, spelled, city, "", "", "", "", ""]
                    counts["by_spelling"] += 1
                else:
                    row = [
                        f"{record.name} Group",
                        spelled,
                        city,
                        f"https://www.{domain}/",
                        "",
                        "",
                        "",
                        "",
                    ]
                    counts["by_domain"] += 1
            else:
                counts["new"] += 1
            writer.writerow(row)
    return counts


def time_copy(path: Path) -> float:
    """A plain COPY of the file's rows into a scratch table with the same columns."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_import_copy")
        cursor.execute(
            "CREATE TABLE bench_import_copy (name varchar(300), country varchar(60), "
            "city varchar(120), website varchar(300), employees integer, founded smallint, "
            "markets text, specialities text)"
        )
    started = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.copy("COPY bench_import_copy FROM STDIN WITH (FORMAT csv, HEADER true)") as copy,
        path.open("rb") as stream,
    ):
        while chunk := stream.read(1024 * 1024):
            copy.write(chunk)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_import_copy")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_import_copy")
    log(f"COPY: {copied:,} rows in {seconds:.2f} s")
    return seconds


def _server_cpu() -> float:
    """CPU seconds this connection's PostgreSQL backend has used (the server is local)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu() -> float:
    """CPU seconds of this process's children that have ended (the import's reader)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_import(path: Path) -> tuple[float, dict[str, object], dict[str, float]]:
    """Wall seconds, the summary, and CPU seconds of this process and of its database backend:
    on a machine others load, CPU time says what the import costs when wall time can't."""
    from softlanding.prospects.importing import guess_mapping, open_table
    from softlanding.prospects.importing.service import import_synonyms, run_import

    server = _server_cpu()
    cpu = time.process_time()
    children = _children_cpu()
    started = time.perf_counter()
    mapping = guess_mapping(open_table(path).headers, import_synonyms())
    summary = run_import(None, path, mapping=mapping, by=None)
    seconds = time.perf_counter() - started
    used = {
        "python_cpu_seconds": round(time.process_time() - cpu, 2),
        # The process a large file is read, checked and folded in (rows.read_batches).
        "reader_process_cpu_seconds": round(_children_cpu() - children, 2),
        "database_cpu_seconds": round(_server_cpu() - server, 2),
    }
    used["total_cpu_seconds"] = round(sum(used.values()), 2)
    return seconds, summary.as_dict(), used


def time_lookup_floor(path: Path) -> dict[str, float]:
    """The matching's reads alone: every row's fold key, country and domain (worked out in
    Python beforehand, not timed) sent by COPY into a temporary table, then the two lookups an
    import makes for them, each as one SQL join over all rows: stored name keys in the row's
    country, and stored websites. What duplicate detection against the registry costs the
    database however the import is written (the import sends them in batches)."""
    from django.db import connection, transaction

    from softlanding.prospects.domains import domain_of
    from softlanding.prospects.importing.rows import KEY_MAX
    from softlanding.prospects.importing.service import country_code
    from softlanding.prospects.names import fold

    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.reader(stream)
        next(reader)
        lookups = [
            (fold(name)[:KEY_MAX], country_code(country) or "", domain_of(website))
            for name, country, _city, website, *_rest in reader
        ]
    timings: dict[str, float] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_lookup (key varchar(300), country varchar(2), "
            "domain varchar(253)) ON COMMIT DROP"
        )
        started = time.perf_counter()
        with cursor.copy("COPY bench_lookup FROM STDIN") as copy:
            for row in lookups:
                copy.write_row(row)
        cursor.execute("ANALYZE bench_lookup")
        timings["copy_rows"] = round(time.perf_counter() - started, 2)
        found = {}
        for name, statement in (
            (
                "name_keys",
                "SELECT count(*) FROM bench_lookup AS l "
                "JOIN prospects_organizationnamekey AS k ON k.key = l.key "
                "JOIN prospects_organization AS o ON o.id = k.organization_id "
                "AND o.country = l.country WHERE o.merged_into_id IS NULL",
            ),
            (
                "domains",
                "SELECT count(*) FROM bench_lookup AS l "
                "JOIN prospects_organization AS o ON o.domain = l.domain "
                "WHERE l.domain <> '' AND o.merged_into_id IS NULL",
            ),
        ):
            started = time.perf_counter()
            cursor.execute(statement)
            found[name] = cursor.fetchone()[0]
            timings[name] = round(time.perf_counter() - started, 2)
    timings["total"] = round(sum(timings.values()), 2)
    log(f"the matching's lookups in SQL alone: {timings}, found {found}")
    return timings


def time_write_floor(after_id: int, updated: int) -> dict[str, float]:
    """The database's share alone: the organisations the import created, with their name keys,
    inserted again (new ids) by INSERT … SELECT inside the server, and ``updated`` stored rows
    updated by one UPDATE … FROM, then rolled back. No Python touches a row: what the same
    writes cost the database with the registry's indexes, the floor under any import."""
    from django.db import connection, transaction

    from softlanding.prospects.models import Organization

    columns = ", ".join(
        f.column
        for f in Organization._meta.concrete_fields
        if not getattr(f, "generated", False) and f.column != "id"
    )
    timings: dict[str, float] = {}
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM prospects_organization")
        shift = cursor.fetchone()[0] + 1
        cursor.execute(
            f"CREATE TEMPORARY TABLE floor_org AS SELECT id + {shift} AS id, {columns} "
            f"FROM prospects_organization WHERE id > %s",
            [after_id],
        )
        cursor.execute(
            f"CREATE TEMPORARY TABLE floor_key AS SELECT organization_id + {shift} "
            "AS organization_id, key FROM prospects_organizationnamekey WHERE organization_id > %s",
            [after_id],
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE floor_update AS SELECT id, fit_score FROM "
            "prospects_organization WHERE id <= %s ORDER BY random() LIMIT %s",
            [after_id, updated],
        )
        for name, statement in (
            (
                "insert_organizations",
                f"INSERT INTO prospects_organization (id, {columns}) "
                f"SELECT id, {columns} FROM floor_org",
            ),
            (
                "insert_name_keys",
                "INSERT INTO prospects_organizationnamekey "
                "(organization_id, key) SELECT organization_id, key FROM floor_key",
            ),
            (
                "update_organizations",
                "UPDATE prospects_organization AS o SET "
                "fit_score = u.fit_score + 1, updated_at = now() FROM floor_update AS u "
                "WHERE o.id = u.id",
            ),
        ):
            started = time.perf_counter()
            cursor.execute(statement)
            timings[name] = round(time.perf_counter() - started, 2)
        transaction.set_rollback(True)
    timings["total"] = round(sum(timings.values()), 2)
    log(f"the same writes in SQL alone (rolled back): {timings}")
    return timings


def _max_id() -> int:
    from softlanding.prospects.models import Organization

    return Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def _shared_buffers() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        return str(cursor.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--matching", type=float, default=0.1, help="share of rows that match")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error(
            "set DATABASE_URL to PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/softlanding_bench"
        )
    prepare_postgres(url, fresh=False)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        seed(args.stored)
        build_fold_keys()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("CHECKPOINT")  # not in the middle of the import
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "organizations.csv"
            made = write_file(path, args.rows, matching=args.matching, seed_value=args.seed)
            log(f"file: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB, {made}")
            copy_seconds = time_copy(path)
            lookups = time_lookup_floor(path)
            before = _max_id()
            import_seconds, summary, import_cpu = time_import(path)
            log(f"import: {summary} in {import_seconds:.2f} s, CPU {import_cpu}")
            again_seconds, again, again_cpu = time_import(path)
            log(f"import again: {again} in {again_seconds:.2f} s, CPU {again_cpu}")
            floor = time_write_floor(before, int(summary["updated"]))  # type: ignore[call-overload]
        result = {
            "stored": args.stored,
            "rows": args.rows,
            "file": made,
            "copy_rows_per_second": round(args.rows / copy_seconds),
            "import_rows_per_second": round(args.rows / import_seconds),
            "import_seconds": round(import_seconds, 2),
            "copy_seconds": round(copy_seconds, 2),
            "import_to_copy_ratio": round(copy_seconds / import_seconds, 3),
            "copy_is_faster_by": round(import_seconds / copy_seconds, 1),
            "summary": summary,
            "import_cpu": import_cpu,
            "reimport_rows_per_second": round(args.rows / again_seconds),
            "reimport_cpu": again_cpu,
            "reimport_summary": again,
            # What the same inserts and updates cost the database alone: with the registry's
            # indexes, the most rows/s any import of this file could reach on this server.
            "database_write_floor_seconds": floor,
            "database_write_floor_rows_per_second": round(args.rows / floor["total"]),
            # And the reads duplicate detection needs, in SQL alone: with the writes, the
            # database's share of any import of this file on this server.
            "database_lookup_floor_seconds": lookups,
            "database_floor_rows_per_second": round(
                args.rows / (floor["total"] + lookups["total"])
            ),
            "shared_buffers": _shared_buffers(),
            "cpu_cores": os.cpu_count(),
            # However well its parts overlapped, the import needs its CPU seconds on this
            # machine's cores: the most rows/s it could reach with the work it does now.
            "cpu_bound_rows_per_second": round(
                args.rows * (os.cpu_count() or 1) / import_cpu["total_cpu_seconds"]
            ),
        }
        log(
            f"import {result['import_rows_per_second']:,} rows/s, COPY "
            f"{result['copy_rows_per_second']:,} rows/s: the import runs at "
            f"{result['import_to_copy_ratio']:.1%} of COPY's speed"
        )
        print(json.dumps(result, ensure_ascii=False))
    finally:
        if not args.keep:
            drop_postgres(url)


if __name__ == "__main__":
    main()
