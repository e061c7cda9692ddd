"""A full duplicate scan of a large registry: wall time, peak memory, what it finds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/softlanding_bench \\
        python bench/dedupe_scan.py --organizations 1000000 --fresh --drop

Seeds ``--organizations`` organisations with ``softlanding.core.synthetic.generate`` (which
makes no duplicates of its own; people are left out unless ``--people`` is given, the scan
does not read them), then plants known duplicates: every ``--plant-every``-th organisation
(1% by default) is inserted once more, written another way, in turn:

``cyrillic``     its Cyrillic alias as the name, same country, no website
``legal_form``   its name in capitals with a legal form in front, same country
``translit``     its Cyrillic alias transliterated back (GOST 7.79 / BGN) by ``names``
``typo``         two inner letters of its name swapped, same country
``domain``       its name with " Group" in another country, same website

The scan then runs in a fresh process (so its peak RSS is its own) through
``scan_for_duplicates``; the report gives wall time, peak RSS, the scan summary, how many
planted pairs became candidates (per kind) and how many other candidates there are.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))
sys.path.insert(0, str(BENCH))

from seed_organizations import drop_postgres, peak_rss_mib, prepare_postgres  # noqa: E402

os.environ.setdefault("SOFTLANDING_SECRET_KEY", "bench-only-secret-key-not-for-any-deployment")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")

KINDS = ("cyrillic", "legal_form", "translit", "typo", "domain")
PLANTS_TABLE = "bench_planted_duplicates"
ELSEWHERE = {"BY": "PL", "RU": "KZ", "UA": "PL", "KZ": "UZ", "PL": "LT"}


def _swap_inner(name: str) -> str:
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) < 6:
        return name + "s"
    i = letters[len(letters) // 2]
    j = i + 1
    if j >= len(name) or not name[j].isalpha() or name[i] == name[j]:
        return name + "s"
    return name[:i] + name[j] + name[i] + name[j + 1 :]


def _translit(alias: str) -> str | None:
    from softlanding.prospects import names

    variants = sorted(v for v in names.name_variants(alias) if v.isascii())
    return variants[0] if variants else None


def plant(every: int, batch_size: int) -> dict[str, int]:
    """Insert the planted duplicates and remember (original, plant, kind) in a side table."""
    from django.db import connection
    from django.db.models import F

    from softlanding.core.synthetic.generator import OrganizationRecord
    from softlanding.core.synthetic.load import resolve_method, write_batch
    from softlanding.prospects.models import Organization, OrganizationAlias

    method = resolve_method("auto")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {PLANTS_TABLE}")
        cursor.execute(
            f"CREATE TABLE {PLANTS_TABLE} (original integer, plant integer, kind varchar(16))"
        )
    originals = list(
        Organization.objects.annotate(slot=F("pk") % every)
        .filter(slot=0)
        .order_by("pk")
        .values_list("pk", "name", "country", "domain")
    )
    counts = dict.fromkeys(KINDS, 0)
    for start in range(0, len(originals), batch_size):
        chunk = originals[start : start + batch_size]
        aliases: dict[int, str] = {}
        for pk, alias in OrganizationAlias.objects.filter(
            organization_id__in=[pk for pk, *_ in chunk]
        ).values_list("organization_id", "name"):
            aliases.setdefault(pk, alias)
        records: list[OrganizationRecord] = []
        planted: list[tuple[int, str]] = []
        for n, (pk, name, country, domain) in enumerate(chunk, start):
            kind = KINDS[n % len(KINDS)]
            alias = aliases.get(pk)
            new_name, new_country, new_domain = name, str(country), ""
            if kind == "cyrillic" and alias:
                new_name = alias
            elif kind == "translit" and alias and (latin := _translit(alias)):
                new_name = latin
            elif kind == "typo":
                new_name = _swap_inner(name)
            elif kind == "domain":
                new_name, new_domain = f"{name} Group", domain
                new_country = ELSEWHERE.get(new_country, "DE")
            else:
                kind = "legal_form"
                new_name = f"ООО «{name.upper()}»"
            records.append(
                OrganizationRecord(
                    name=new_name,
                    legal_form="",
                    country=new_country,
                    city="",
                    website=f"https://{new_domain}" if new_domain else "",
                    domain=new_domain,
                    employees=None,
                    founded=None,
                    markets=[],
                    specialities=[],
                    aliases=[],
                    notes="planted duplicate",
                    people=[],
                )
            )
            planted.append((pk, kind))
            counts[kind] += 1
        first_new = (
            Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        write_batch(records, owner_ids=[], method=method)
        new_ids = list(
            Organization.objects.filter(pk__gte=first_new)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {PLANTS_TABLE} (original, plant, kind) VALUES (%s, %s, %s)",
                [(pk, new, kind) for (pk, kind), new in zip(planted, new_ids, strict=True)],
            )
    return counts


def scan_only() -> None:
    """Run in a child process: the scan, then what it found, as one JSON line on stdout."""
    import django

    django.setup()
    from django.db import connection

    from softlanding.prospects.dedupe import candidate_clusters, scan_for_duplicates
    from softlanding.prospects.enums import CandidateStatus
    from softlanding.prospects.models import DuplicateCandidate

    started = time.perf_counter()

    def progress(summary: Any) -> None:
        print(
            f"  {time.perf_counter() - started:7.1f} s  keys {summary.keys_read:,}  "
            f"domains {summary.domains_read:,}  pairs scored {summary.pairs_scored:,}  "
            f"candidates {summary.created:,}  rss {peak_rss_mib():.0f} MiB",
            file=sys.stderr,
        )

    summary = scan_for_duplicates(progress=progress)
    scan_seconds = time.perf_counter() - started
    clusters_started = time.perf_counter()
    clusters = candidate_clusters()
    clusters_seconds = time.perf_counter() - clusters_started

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT original, plant, kind FROM {PLANTS_TABLE}")
        plants = cursor.fetchall()
    found_pairs = set(
        DuplicateCandidate.objects.filter(status=CandidateStatus.PENDING).values_list(
            "low_id", "high_id"
        )
    )
    merge_level = set(
        DuplicateCandidate.objects.filter(
            status=CandidateStatus.PENDING, score__gte=0.9
        ).values_list("low_id", "high_id")
    )
    by_kind: dict[str, dict[str, int]] = {}
    planted_pairs = set()
    for original, planted, kind in plants:
        pair = (min(original, planted), max(original, planted))
        planted_pairs.add(pair)
        row = by_kind.setdefault(kind, {"planted": 0, "found": 0, "merge_level": 0})
        row["planted"] += 1
        row["found"] += pair in found_pairs
        row["merge_level"] += pair in merge_level
    report = {
        "scan_seconds": round(scan_seconds, 1),
        "clusters_seconds": round(clusters_seconds, 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "summary": summary.as_dict(),
        "candidates": len(found_pairs),
        "clusters": len(clusters),
        "planted": by_kind,
        "planted_found": sum(row["found"] for row in by_kind.values()),
        "planted_total": len(plants),
        "other_candidates": len(found_pairs - planted_pairs),
        "other_examples": [
            [m.name for m in c.organizations]
            for c in clusters
            if not any(
                (min(a.id, b.id), max(a.id, b.id)) in planted_pairs
                for a in c.organizations
                for b in c.organizations
            )
        ][:15],
    }
    print(json.dumps(report, ensure_ascii=False))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--organizations", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=0)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--plant-every", type=int, default=100)
    parser.add_argument("--no-seed", action="store_true", help="scan what is in the database")
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database first")
    parser.add_argument("--drop", action="store_true", help="drop the database afterwards")
    parser.add_argument("--scan-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scan_only:
        scan_only()
        return

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        parser.error(
            "set DATABASE_URL to PostgreSQL, e.g. postgres://postgres@127.0.0.1:5432/softlanding_bench"
        )
    try:
        if not args.no_seed:
            prepare_postgres(url, fresh=args.fresh)
            import django

            django.setup()
            from django.core.management import call_command

            from softlanding.core.synthetic import generate
            from softlanding.core.synthetic.load import analyze

            call_command("migrate", verbosity=0)
            started = time.perf_counter()

            def progress(done: int, total: int) -> None:
                if done % 100_000 == 0 or done == total:
                    print(
                        f"  seeded {done:,}/{total:,} in {time.perf_counter() - started:.0f} s",
                        file=sys.stderr,
                    )

            seeded = generate(
                organizations=args.organizations,
                people=args.people,
                seed=args.seed,
                progress=progress,
            )
            print(f"seeded {seeded.as_dict()}", file=sys.stderr)
            planted = plant(args.plant_every, 5000)
            analyze()
            print(
                f"planted {planted} in {time.perf_counter() - started:.0f} s since seeding began",
                file=sys.stderr,
            )
            from django.db import connections

            connections.close_all()
        child = subprocess.run(  # noqa: S603 - this very script, by its own path
            [sys.executable, __file__, "--scan-only"], check=True, stdout=subprocess.PIPE, text=True
        )
        report = json.loads(child.stdout.strip().splitlines()[-1])
        report["organizations"] = args.organizations
        print(json.dumps(report, ensure_ascii=False, indent=2))
    finally:
        if args.drop:
            drop_postgres(url)


if __name__ == "__main__":
    main()
