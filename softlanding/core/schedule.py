"""Periodic jobs: each part registers what a worker enqueues on its own, and how often.

Parts call ``register_periodic`` in their ``AppConfig.ready()``. Every worker runs a
``SchedulerThread`` that ticks every few seconds and calls ``run_due_jobs``: for each job whose
``ScheduledJob.next_run_at`` has come, one conditional UPDATE (``WHERE name = … AND next_run_at
<= now``) moves the next run on by the job's interval, in the same transaction as the enqueue
(the task row lives in the same database). However many workers tick at once on however many
machines, one UPDATE matches the row and one task is queued per interval; an enqueue that fails
rolls the claim back, so the job is due again on the next tick.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

from softlanding.core.models import ScheduledJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # stable: the ScheduledJob row is keyed by it
    every: timedelta
    task: Any  # a django_tasks Task taking no arguments
    label: str | Promise  # what operators read on the dashboard


_registry: dict[str, PeriodicJob] = {}


def register_periodic(name: str, *, every: timedelta, task: Any, label: str | Promise) -> None:
    """Have workers enqueue ``task`` (no arguments) once every ``every``, across all workers."""
    if every <= timedelta(0):
        raise ValueError(f"periodic job {name!r} needs a positive interval")
    _registry[name] = PeriodicJob(name=name, every=every, task=task, label=label)


def unregister_periodic(name: str) -> None:
    _registry.pop(name, None)


def periodic_jobs() -> list[PeriodicJob]:
    return sorted(_registry.values(), key=lambda job: job.name)


def run_due_jobs(*, now: datetime | None = None) -> list[str]:
    """Enqueue every due job this process wins the claim for; returns their names.

    Never raises for a job: a failed enqueue is logged and recorded on the job's row, and the
    job stays due for the next tick.
    """
    jobs = periodic_jobs()
    if not jobs:
        return []
    now = now or timezone.now()
    rows = dict(
        ScheduledJob.objects.filter(name__in=[job.name for job in jobs]).values_list(
            "name", "next_run_at"
        )
    )
    missing = [job for job in jobs if job.name not in rows]
    if missing:
        # A job seen for the first time is due at once; two workers inserting it is harmless.
        ScheduledJob.objects.bulk_create(
            [ScheduledJob(name=job.name, next_run_at=now) for job in missing],
            ignore_conflicts=True,
        )
    enqueued = []
    for job in jobs:
        next_run_at = rows.get(job.name)
        if next_run_at is not None and next_run_at > now:
            continue
        if _claim_and_enqueue(job, now=now):
            enqueued.append(job.name)
    return enqueued


def _claim_and_enqueue(job: PeriodicJob, *, now: datetime) -> bool:
    try:
        with transaction.atomic():
            claimed = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
                next_run_at=now + job.every, last_run_at=now, last_error="", last_error_at=None
            )
            if not claimed:
                return False  # another worker got there first
            job.task.enqueue()
    except Exception as error:
        logger.warning("periodic job %s: enqueue failed; retrying", job.name, exc_info=True)
        try:
            ScheduledJob.objects.filter(name=job.name).update(
                last_error=f"{type(error).__name__}: {error}"[:1000], last_error_at=now
            )
        except Exception:
            logger.warning("periodic job %s: could not record the failure", job.name)
        return False
    return True


@dataclass(frozen=True)
class JobState:
    name: str
    label: str | Promise
    every: timedelta
    last_run_at: datetime | None
    next_run_at: datetime | None
    last_error: str
    last_error_at: datetime | None
    late: bool  # due for longer than a worker may go silent: no worker is scheduling

    @property
    def every_label(self) -> str:
        return describe_interval(self.every)


def schedule_state(*, now: datetime | None = None) -> list[JobState]:
    """Each registered job with its last and next run, for dashboards and /healthz."""
    now = now or timezone.now()
    grace = timedelta(seconds=settings.WORKER_STALE_SECONDS)
    rows = {row.name: row for row in ScheduledJob.objects.filter(name__in=list(_registry))}
    states = []
    for job in periodic_jobs():
        row = rows.get(job.name)
        states.append(
            JobState(
                name=job.name,
                label=job.label,
                every=job.every,
                last_run_at=row.last_run_at if row else None,
                next_run_at=row.next_run_at if row else None,
                last_error=row.last_error if row else "",
                last_error_at=row.last_error_at if row else None,
                late=row is not None and row.next_run_at < now - grace,
            )
        )
    return states


def describe_interval(every: timedelta) -> str:
    """ "every minute", "every 6 hours": the largest whole unit (literal calls, for makemessages)."""
    seconds = int(every.total_seconds())
    if seconds % 86400 == 0:
        n = seconds // 86400
        if n == 1:
            return gettext("every day")
        return ngettext("every %(count)d day", "every %(count)d days", n) % {"count": n}
    if seconds % 3600 == 0:
        n = seconds // 3600
        if n == 1:
            return gettext("every hour")
        return ngettext("every %(count)d hour", "every %(count)d hours", n) % {"count": n}
    if seconds % 60 == 0:
        n = seconds // 60
        if n == 1:
            return gettext("every minute")
        return ngettext("every %(count)d minute", "every %(count)d minutes", n) % {"count": n}
    return ngettext("every %(count)d second", "every %(count)d seconds", seconds) % {
        "count": seconds
    }


class SchedulerThread(threading.Thread):
    """Ticks every ``interval`` seconds until stopped; nothing a tick raises stops it."""

    def __init__(self, interval: float, *, name: str = "softlanding-scheduler") -> None:
        super().__init__(name=name, daemon=True)
        self.interval = interval
        self.ticks = 0
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.is_set():
            try:
                run_due_jobs()
            except Exception:  # a database blip must not kill the worker
                logger.warning("scheduler tick failed; retrying", exc_info=True)
            finally:
                close_old_connections()
                self.ticks += 1
            self._stop_event.wait(self.interval)
        connection.close()  # this thread's own connection

    def stop(self) -> None:
        self._stop_event.set()
