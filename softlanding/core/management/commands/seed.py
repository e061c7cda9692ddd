from __future__ import annotations

import json
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from softlanding.core.synthetic import DEFAULT_SEED, generate, generate_outreach


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
        "Fill the database with synthetic organisations and people, and outreach for them "
        "(campaigns, opportunities, activities), deterministic from a seed. "
        "Progress goes to stderr; the last line on stdout is a JSON summary."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organizations", type=_not_negative, default=0)
        parser.add_argument(
            "--people", type=_not_negative, default=None, help="default: two per organisation"
        )
        parser.add_argument(
            "--campaigns",
            type=_not_negative,
            default=0,
            help="outreach campaigns, for the organisations already in the database",
        )
        parser.add_argument(
            "--opportunities", type=_not_negative, default=0, help="split evenly between them"
        )
        parser.add_argument(
            "--activities",
            type=_not_negative,
            default=0,
            help="calls, e-mails, meetings …; those the opportunities don't need go on "
            "organisations",
        )
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the day outreach dates are relative to (default: today), as YYYY-MM-DD",
        )
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--batch-size",
            type=_positive,
            default=5000,
            help="organisations (or opportunities) per transaction",
        )

    def handle(
        self,
        *args: Any,
        organizations: int,
        people: int | None,
        campaigns: int,
        opportunities: int,
        activities: int,
        today: date | None,
        seed: int,
        batch_size: int,
        **options: Any,
    ) -> None:
        if people and not organizations:
            raise CommandError("people need organisations to work at: pass --organizations")
        if opportunities and not campaigns:
            raise CommandError("opportunities need campaigns to be in: pass --campaigns")
        if not (organizations or campaigns or activities):
            raise CommandError("nothing to do: pass --organizations or --campaigns")
        started = time.perf_counter()
        verbose = options["verbosity"] > 0

        def progress(done: int, total: int, what: str = "organisations") -> None:
            elapsed = time.perf_counter() - started
            rate = done / elapsed if elapsed else 0.0
            # Plain text on stderr, not styled as an error.
            self.stderr.write(f"{done:,}/{total:,} {what} ({rate:,.0f}/s)", style_func=lambda s: s)

        report: dict[str, Any] = {}
        if organizations:
            summary = generate(
                organizations=organizations,
                people=people,
                seed=seed,
                batch_size=batch_size,
                progress=progress if verbose else None,
            )
            report.update(summary.as_dict())
        if campaigns or activities:
            from softlanding.accounts.enums import UserKind
            from softlanding.accounts.models import User

            staff = list(User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by("id"))
            started = time.perf_counter()
            try:
                outreach = generate_outreach(
                    campaigns=campaigns,
                    opportunities=opportunities,
                    activities=activities,
                    staff=staff,
                    seed=seed,
                    today=today,
                    batch_size=batch_size,
                    progress=(lambda what, done, total: progress(done, total, what))
                    if verbose
                    else None,
                )
            except ValueError as error:
                raise CommandError(str(error)) from error
            values = outreach.as_dict()
            values["outreach_seconds"] = values.pop("seconds")
            report.update(values)
        self.stdout.write(json.dumps(report))
