from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from softlanding.core.heartbeat import HeartbeatThread
from softlanding.core.schedule import SchedulerThread
from softlanding.core.worker import build_worker, new_worker_id


class Command(BaseCommand):
    help = (
        "Run a background worker. Start as many as you like on as many machines as you like; "
        "they share the database and never run the same task twice. Each also enqueues the "
        "periodic jobs (radar polling, reminders) when they are due, once for all workers."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls when idle"
        )
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--worker-id", default=None, help="unique id (default: random)")
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="do not enqueue periodic jobs (also SOFTLANDING_SCHEDULER=0); cron them instead",
        )

    def handle(
        self,
        *args: Any,
        interval: float,
        batch: bool,
        worker_id: str | None,
        no_scheduler: bool,
        **options: Any,
    ) -> None:
        worker_id = worker_id or new_worker_id()
        heartbeat = HeartbeatThread(worker_id, settings.WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        scheduler = None
        if settings.SCHEDULER_ENABLED and not no_scheduler and not batch:
            scheduler = SchedulerThread(settings.SCHEDULER_TICK_SECONDS)
            scheduler.start()
        worker = build_worker(worker_id=worker_id, interval=interval, batch=batch)
        worker.configure_signals()
        self.stdout.write(
            f"worker {worker_id} started"
            + (", scheduling periodic jobs" if scheduler else ", no scheduler")
        )
        try:
            worker.run()
        finally:
            heartbeat.stop()
            if scheduler is not None:
                scheduler.stop()
                scheduler.join(10)
