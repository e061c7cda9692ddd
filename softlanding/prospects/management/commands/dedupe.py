from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from softlanding.prospects.dedupe import ScanSummary, candidate_clusters, scan_for_duplicates
from softlanding.prospects.names import REVIEW_THRESHOLD


class Command(BaseCommand):
    help = (
        "Scan the registry for duplicate organisations, then print the clusters of pending "
        'candidates. JSON: {"clusters": [{"score": s, "organizations": '
        '[{"id": id, "name": name}, ...]}, ...]}. Progress goes to stderr.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", choices=["organizations"])
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--no-scan", action="store_true", help="only print the candidates already found"
        )
        parser.add_argument(
            "--min-score", type=float, default=REVIEW_THRESHOLD, help="clusters at this and above"
        )

    def handle(
        self, *args: Any, format: str, no_scan: bool, min_score: float, **options: Any
    ) -> None:
        if not no_scan:

            def progress(summary: ScanSummary) -> None:
                if options["verbosity"] > 0:
                    self.stderr.write(json.dumps(summary.as_dict()), style_func=lambda s: s)

            scan_for_duplicates(progress=progress)
        clusters = candidate_clusters(min_score=min_score)
        if format == "json":
            self.stdout.write(
                json.dumps({"clusters": [c.as_dict() for c in clusters]}, ensure_ascii=False)
            )
            return
        if not clusters:
            self.stdout.write("No duplicate candidates.")
        for cluster in clusters:
            members = "  |  ".join(f"#{m.id} {m.name}" for m in cluster.organizations)
            self.stdout.write(f"{cluster.score:.2f}  {members}")
