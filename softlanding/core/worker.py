"""Background workers: django-tasks-db's worker loop plus our heartbeat and scheduler."""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker

from softlanding.core.heartbeat import HeartbeatThread
from softlanding.core.schedule import SchedulerThread


def new_worker_id() -> str:
    return get_random_string(32)


def build_worker(*, worker_id: str, interval: float = 1.0, batch: bool = False) -> Worker:
    return Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=not batch,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


class InProcessWorker:
    """The demo's worker: the same loop, in a thread of the web process."""

    def __init__(self, interval: float = 1.0, *, scheduler: bool | None = None) -> None:
        self.worker_id = new_worker_id()
        self.worker = build_worker(worker_id=self.worker_id, interval=interval)
        self.heartbeat = HeartbeatThread(self.worker_id, settings.WORKER_HEARTBEAT_SECONDS)
        if scheduler is None:
            scheduler = settings.SCHEDULER_ENABLED
        self.scheduler = SchedulerThread(settings.SCHEDULER_TICK_SECONDS) if scheduler else None
        self.thread = threading.Thread(target=self._run, name="softlanding-worker", daemon=True)

    def _run(self) -> None:
        try:
            self.worker.run()
        finally:
            connection.close()  # this thread's own connection

    def start(self) -> None:
        self.heartbeat.start()
        self.thread.start()
        if self.scheduler is not None:
            self.scheduler.start()

    def stop(self, timeout: float = 10.0) -> None:
        # The loop checks `running` between tasks; a task under way is allowed to finish.
        self.worker.running = False
        self.heartbeat.stop()
        if self.scheduler is not None:
            self.scheduler.stop()
            self.scheduler.join(timeout)
        self.thread.join(timeout)
        self.heartbeat.join(timeout)
