"""Worker liveness: workers write a heartbeat, /healthz reads its age."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime

from django.db import close_old_connections, connection
from django.utils import timezone

from softlanding.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, *, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen_at": timezone.now(),
        },
    )


def latest_heartbeat_age_seconds() -> float | None:
    last = (
        WorkerHeartbeat.objects.order_by("-last_seen_at")
        .values_list("last_seen_at", flat=True)
        .first()
    )
    if last is None:
        return None
    return max(0.0, (timezone.now() - last).total_seconds())


class HeartbeatThread(threading.Thread):
    """Beats every ``interval`` seconds until stopped; a failed beat is retried next time."""

    def __init__(self, worker_id: str, interval: float) -> None:
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.started_at = timezone.now()
        self._stop_event = threading.Event()

    def start(self) -> None:
        # The first beat is synchronous, so a worker is visible the moment it starts.
        beat(self.worker_id, started_at=self.started_at)
        super().start()

    def run(self) -> None:
        while not self._stop_event.wait(self.interval):
            try:
                beat(self.worker_id, started_at=self.started_at)
            except Exception:  # a database blip must not kill the worker
                logger.warning("heartbeat of %s failed; retrying", self.worker_id, exc_info=True)
            finally:
                close_old_connections()
        connection.close()  # this thread's own connection

    def stop(self) -> None:
        self._stop_event.set()
