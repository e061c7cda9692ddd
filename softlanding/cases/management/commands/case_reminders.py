"""Queue today's reminders of late relocation steps. Workers do it daily by themselves (the
"cases.reminders" periodic job); run this from cron only where they run without the scheduler.

Running it twice on a day sends nothing more: each step is reminded at most once a day.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from softlanding.cases.services import queue_reminders


class Command(BaseCommand):
    help = "E-mail case officers and step owners their late relocation steps (once a day each)."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = queue_reminders()
        self.stdout.write(f"{sent} reminder e-mail(s) queued")
