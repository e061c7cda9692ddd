"""`softlanding radar analyze PATH_OR_URL --format json` and `softlanding radar poll`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from softlanding.radar.analysis import extract
from softlanding.radar.fetch import FetchError, decode, fetch


class Command(BaseCommand):
    help = (
        "The radar from the command line. `analyze PATH_OR_URL` analyses one article (an HTML "
        "file, a plain-text file such as a page copied from a browser, or a URL) without storing "
        "it; `poll` fetches every due source once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        analyze = sub.add_parser("analyze", help="analyse one article, store nothing")
        analyze.add_argument("target", metavar="PATH_OR_URL")
        analyze.add_argument("--format", choices=["json"], default="json")
        analyze.add_argument(
            "--no-registry",
            action="store_true",
            help="link places only, not the organisations and people of the registry",
        )
        poll = sub.add_parser("poll", help="fetch every enabled source that is due, once")
        poll.add_argument(
            "--queue",
            action="store_true",
            help="queue one background task per due source instead of fetching here",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "analyze":
            self.analyze(options["target"], registry=not options["no_registry"])
        else:
            self.poll(queue=options["queue"])

    def analyze(self, target: str, *, registry: bool) -> None:
        if target.startswith(("http://", "https://")):
            try:
                fetched = fetch(target, host_delay=0)
            except FetchError as error:
                raise CommandError(f"{target}: {error}") from error
            text, _ = decode(fetched.content, fetched.charset)
            extracted = extract(text, url=fetched.url)
        else:
            path = Path(target)
            if not path.is_file():
                raise CommandError(f"{target}: no such file")
            raw = path.read_bytes()
            text, _ = decode(raw)
            extracted = extract(text)
        if registry:
            from django.db import DatabaseError

            from softlanding.radar.services import build_analyzer

            try:
                analyzer = build_analyzer()
            except DatabaseError as error:
                # A fresh or old database: say what to do instead of a traceback.
                raise CommandError(
                    f"the registry could not be read ({error}); run `softlanding migrate`, "
                    "or pass --no-registry to link places only"
                ) from error
        else:
            from softlanding.radar.analysis import default_analyzer

            analyzer = default_analyzer()
        result = analyzer.analyze(extracted)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, indent=2))

    def poll(self, *, queue: bool) -> None:
        from softlanding.radar.services import enqueue_due_sources, poll_due_sources

        if queue:
            self.stdout.write(json.dumps({"queued": enqueue_due_sources()}))
            return
        summary = poll_due_sources()
        self.stdout.write(json.dumps(summary, ensure_ascii=False, default=str))
