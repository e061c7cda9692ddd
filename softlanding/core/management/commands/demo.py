from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from softlanding.core.demo import (
    DEMO_PASSWORD,
    demo_logins,
    ensure_demo_accounts,
    load_demo_data,
    run_demo_loaders,
)
from softlanding.core.worker import InProcessWorker


class Command(BaseCommand):
    help = (
        "Create (or reuse) the demo database with realistic data and serve the site with a "
        "background worker in the same process. Ctrl-C stops both."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-serve", action="store_true", help="prepare the data, then exit")

    def handle(self, *args: Any, addrport: str, no_serve: bool, **options: Any) -> None:
        started = time.monotonic()
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        ensure_demo_accounts()
        loaded = load_demo_data()
        run_demo_loaders(f"http://{addrport}")
        self.stdout.write(
            "Loaded demo data." if loaded else "Reusing the demo data already in the database."
        )
        self.stdout.write(f"Ready in {time.monotonic() - started:.1f} s.\n")
        self.stdout.write(
            self.style.SUCCESS(f"Sign in at http://{addrport}/ with password {DEMO_PASSWORD!r}:")
        )
        for login in demo_logins():
            self.stdout.write(f"  {login.label:<16} {login.email}")
        if no_serve:
            return
        worker = InProcessWorker()
        worker.start()
        self.stdout.write("Background worker running in this process. Press Ctrl-C to stop.\n")
        try:
            call_command("runserver", addrport, use_reloader=False, use_threading=True)
        finally:
            worker.stop()
            self.stdout.write("Stopped the web server and the worker.")
