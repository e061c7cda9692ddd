from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from softlanding.prospects import personal_data
from softlanding.prospects.models import Person


class Command(BaseCommand):
    help = (
        "A person's rights over their data. `person export ID [--output FILE]` prints (or "
        "writes) everything held on them as JSON; `person erase ID --reason TEXT` erases them "
        "and prints what went. The reason (when and how they asked) is kept: don't name them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("person", type=int, help="the person's id")
        parser.add_argument("--output", type=Path, help="export: write the JSON to this file")
        parser.add_argument("--reason", default="", help="erase: the request, e.g. its ticket")

    def handle(
        self, *args: Any, action: str, person: int, output: Path | None, reason: str, **options: Any
    ) -> None:
        found = Person.objects.select_related("organization").filter(pk=person).first()
        if found is None:
            raise CommandError(f"No person with id {person}.")
        if action == "export":
            text = personal_data.export_json(found, by=None)
            if output is None:
                self.stdout.write(text)
            else:
                output.write_text(text + "\n", encoding="utf-8")
            return
        if not reason.strip():
            raise CommandError("Say why with --reason (when and how the person asked).")
        erasure = personal_data.erase_person(found, by=None, reason=reason)
        self.stdout.write(json.dumps({"person": erasure.person, **erasure.counts}))
