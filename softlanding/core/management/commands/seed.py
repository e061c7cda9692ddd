from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from softlanding.core.synthetic import DEFAULT_SEED, generate


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _not_negative(value: str) -> int:
    number = int(value)
    if number < 0:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic organisations and people, deterministic from a seed. "
        "Progress goes to stderr; the last line on stdout is a JSON summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organizations", type=_not_negative, required=True)
        parser.add_argument(
            "--people", type=_not_negative, default=None, help="default: two per organisation"
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--batch-size", type=_positive, default=5000, help="organisations per transaction"
        )

    def handle(
        self,
        *args: Any,
        organizations: int,
        people: int | None,
        seed: int,
        batch_size: int,
        **options: Any,
    ) -> None:
        if people and not organizations:
            raise CommandError("people need organisations to work at: pass --organizations")
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            elapsed = time.perf_counter() - started
            rate = done / elapsed if elapsed else 0.0
            # Plain text on stderr, not styled as an error.
            self.stderr.write(
                f"{done:,}/{total:,} organisations ({rate:,.0f}/s)", style_func=lambda s: s
            )

        summary = generate(
            organizations=organizations,
            people=people,
            seed=seed,
            batch_size=batch_size,
            progress=progress if options["verbosity"] > 0 else None,
        )
        self.stdout.write(json.dumps(summary.as_dict()))
