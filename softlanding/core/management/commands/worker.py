from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from softlanding.core.heartbeat import HeartbeatThread
from softlanding.core.worker import build_worker, new_worker_id


class Command(BaseCommand):
    help = (
        "Run a background worker. Start as many as you like on as many machines as you like; "
        "they share the database and never run the same task twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls when idle"
        )
        parser.add_argument("--batch", action="store_true", help="run what is queued, then exit")
        parser.add_argument("--worker-id", default=None, help="unique id (default: random)")

    def handle(
        self, *args: Any, interval: float, batch: bool, worker_id: str | None, **options: Any
    ) -> None:
        worker_id = worker_id or new_worker_id()
        heartbeat = HeartbeatThread(worker_id, settings.WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        worker = build_worker(worker_id=worker_id, interval=interval, batch=batch)
        worker.configure_signals()
        self.stdout.write(f"worker {worker_id} started")
        try:
            worker.run()
        finally:
            heartbeat.stop()
