"""Periodic jobs: enqueued once per interval however many workers tick, and never fatal."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from softlanding.core import schedule
from softlanding.core.models import ScheduledJob
from softlanding.core.schedule import SchedulerThread, register_periodic, run_due_jobs
from softlanding.core.worker import InProcessWorker
from tests.waiting import wait_until

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@task()
def ping() -> str:
    return "pong"


PING_PATH = f"{__name__}.ping"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DB_TASKS  # django-tasks rebuilds its backends on setting_changed


@pytest.fixture
def only(monkeypatch) -> Callable[..., None]:
    """The registry holds just the jobs a test registers (the parts' own jobs are set aside)."""
    monkeypatch.setattr(schedule, "_registry", {})

    def register(name: str, *, every: timedelta, job_task=ping) -> None:
        register_periodic(name, every=every, task=job_task, label=name)

    return register


def queued(path: str = PING_PATH) -> int:
    return DBTaskResult.objects.filter(task_path=path).count()


@pytest.fixture
def schedulers() -> Iterator[list[SchedulerThread]]:
    started: list[SchedulerThread] = []
    yield started
    for thread in started:
        thread.stop()
    for thread in started:
        thread.join(10)
        assert not thread.is_alive()


def test_the_parts_register_their_periodic_jobs() -> None:
    jobs = {job.name: job.every for job in schedule.periodic_jobs()}
    assert jobs["radar.poll_due_sources"] == timedelta(minutes=1)
    assert jobs["cases.reminders"] == timedelta(days=1)
    assert jobs["core.prune_task_results"] == timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_eight_workers_claiming_at_once_enqueue_a_due_job_once(database_tasks, only) -> None:
    only("test.ping", every=timedelta(hours=1))
    now = timezone.now()
    ScheduledJob.objects.create(name="test.ping", next_run_at=now - timedelta(seconds=1))
    barrier = threading.Barrier(8)
    results: list[object] = []
    lock = threading.Lock()

    def tick() -> None:
        barrier.wait()
        outcome: object = "no tick got through"
        try:
            # The suite's in-memory SQLite answers "table is locked" at once where a file waits
            # its busy timeout; the scheduler thread would simply tick again, and so do we.
            for _attempt in range(200):
                try:
                    outcome = run_due_jobs(now=now)
                    break
                except OperationalError:
                    time.sleep(0.01)
        except Exception as error:  # reported, not lost with its thread
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=tick) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(map(str, results)) == ["['test.ping']"] + ["[]"] * 7
    assert queued() == 1
    row = ScheduledJob.objects.get(name="test.ping")
    assert row.last_run_at == now
    assert row.next_run_at == now + timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_two_scheduler_threads_ticking_enqueue_a_new_job_once(
    database_tasks, only, schedulers
) -> None:
    only("test.ping", every=timedelta(hours=1))
    schedulers += [SchedulerThread(0.01), SchedulerThread(0.01)]
    for thread in schedulers:
        thread.start()

    assert wait_until(lambda: all(t.ticks >= 20 for t in schedulers))
    assert queued() == 1
    assert ScheduledJob.objects.get(name="test.ping").next_run_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_once_per_interval(database_tasks, only) -> None:
    only("test.ping", every=timedelta(minutes=1))
    start = timezone.now()
    enqueued = [
        run_due_jobs(now=start + timedelta(seconds=s)) for s in (0, 0, 30, 59, 60, 61, 119, 120)
    ]
    assert enqueued == [["test.ping"], [], [], [], ["test.ping"], [], [], ["test.ping"]]
    assert queued() == 3


@pytest.mark.django_db(transaction=True)
def test_a_job_not_due_is_not_enqueued(database_tasks, only, schedulers) -> None:
    only("test.ping", every=timedelta(minutes=1))
    later = timezone.now() + timedelta(minutes=1)
    ScheduledJob.objects.create(name="test.ping", next_run_at=later)
    schedulers.append(SchedulerThread(0.01))
    schedulers[0].start()

    assert wait_until(lambda: schedulers[0].ticks >= 10)
    assert queued() == 0
    assert ScheduledJob.objects.get(name="test.ping").last_run_at is None


@pytest.mark.django_db(transaction=True)
def test_a_failing_enqueue_keeps_the_thread_alive_and_is_retried(
    database_tasks, settings, only, schedulers
) -> None:
    both_queues = {"default": {**DB_TASKS["default"], "QUEUES": ["default", "reports"]}}
    settings.TASKS = both_queues
    ping_on_another_queue = ping.using(queue_name="reports")
    settings.TASKS = DB_TASKS  # the backend refuses that queue: every enqueue of it fails
    only("test.reports", every=timedelta(hours=1), job_task=ping_on_another_queue)
    only("test.ping", every=timedelta(hours=1))
    thread = SchedulerThread(0.01)
    schedulers.append(thread)
    thread.start()

    assert wait_until(lambda: thread.ticks >= 5)
    failing = ScheduledJob.objects.get(name="test.reports")
    assert "Queue 'reports' is not valid" in failing.last_error
    assert failing.last_run_at is None
    assert failing.next_run_at <= timezone.now()  # still due: tried again on every tick
    assert queued() == 1  # the other job is not held up by the failing one
    assert thread.is_alive()

    settings.TASKS = both_queues  # the fault is mended

    assert wait_until(lambda: queued() == 2)
    assert DBTaskResult.objects.filter(queue_name="reports").count() == 1
    failing.refresh_from_db()
    assert failing.last_error == ""
    assert failing.last_run_at is not None
    ticks = thread.ticks
    assert wait_until(lambda: thread.ticks >= ticks + 5)
    assert queued() == 2
    assert thread.is_alive()


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_enqueues_due_jobs_and_runs_them(database_tasks, only, settings) -> None:
    only("test.ping", every=timedelta(hours=1))
    settings.SCHEDULER_TICK_SECONDS = 1
    worker = InProcessWorker(interval=0.05)
    worker.start()
    try:
        assert wait_until(
            lambda: DBTaskResult.objects.filter(task_path=PING_PATH, status="SUCCESSFUL").exists()
        )
    finally:
        worker.stop()
    assert queued() == 1


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_can_be_turned_off(database_tasks, only, settings) -> None:
    only("test.ping", every=timedelta(hours=1))
    settings.SCHEDULER_ENABLED = False  # SOFTLANDING_SCHEDULER=0; `worker --no-scheduler` alike
    worker = InProcessWorker(interval=0.05)
    assert worker.scheduler is None
    worker.start()
    try:
        time.sleep(0.5)
    finally:
        worker.stop()
    assert not ScheduledJob.objects.exists()
    assert queued() == 0


@pytest.mark.django_db
def test_healthz_and_the_administrators_dashboard_show_each_jobs_last_and_next_run(
    settings,
) -> None:
    from django.test import Client

    from softlanding.accounts.enums import Role
    from tests.conftest import client_for
    from tests.factories import StaffFactory

    settings.WORKER_STALE_SECONDS = 120
    now = timezone.now()
    ScheduledJob.objects.create(
        name="radar.poll_due_sources",
        last_run_at=now - timedelta(seconds=30),
        next_run_at=now + timedelta(seconds=30),
    )
    ScheduledJob.objects.create(
        name="cases.reminders",
        last_run_at=now - timedelta(days=2),
        next_run_at=now - timedelta(days=1),  # nobody has scheduled for a day
        last_error="InvalidTaskError: Queue 'x' is not valid for backend.",
    )

    body = Client().get("/healthz").json()
    jobs = {job["name"]: job for job in body["schedule"]["jobs"]}
    assert body["schedule"]["status"] == "late"
    assert jobs["radar.poll_due_sources"]["every_seconds"] == 60
    assert jobs["radar.poll_due_sources"]["late"] is False
    assert (
        jobs["radar.poll_due_sources"]["next_run_at"] == (now + timedelta(seconds=30)).isoformat()
    )
    assert jobs["cases.reminders"]["late"] is True
    assert jobs["core.prune_task_results"]["next_run_at"] is None  # no worker has seen it yet

    page = client_for(StaffFactory(role=Role.ADMINISTRATOR)).get("/").content.decode()
    assert "Periodic jobs" in page
    assert "Queue the news sources that are due for polling" in page
    assert "every minute" in page
    assert "every day" in page
    assert "overdue: no worker is scheduling" in page
    assert "Could not queue it: InvalidTaskError" in page
    assert "when a worker starts" in page

    scout_page = client_for(StaffFactory(role=Role.SCOUT)).get("/").content.decode()
    assert "Periodic jobs" not in scout_page


def test_intervals_read_as_words() -> None:
    assert schedule.describe_interval(timedelta(minutes=1)) == "every minute"
    assert schedule.describe_interval(timedelta(minutes=15)) == "every 15 minutes"
    assert schedule.describe_interval(timedelta(days=1)) == "every day"
    assert schedule.describe_interval(timedelta(hours=6)) == "every 6 hours"
