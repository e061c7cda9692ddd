"""A running worker polls due sources by itself: no cron, and each source queued once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from softlanding.core.models import ScheduledJob
from softlanding.core.worker import InProcessWorker
from softlanding.radar.enums import SourceKind, SourceStatus
from softlanding.radar.models import Article, Source
from softlanding.radar.services import create_source, enqueue_due_sources
from tests.radar.test_polling import article_page, feed
from tests.waiting import wait_until

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
POLL_TASK = "softlanding.radar.tasks.poll_source_task"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DB_TASKS


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_polls_a_due_source_by_itself(
    database_tasks, settings, local_server
) -> None:
    settings.SCHEDULER_TICK_SECONDS = 1
    link = article_page(
        local_server,
        "/a.html",
        "Internet cut in Belarus",
        "The internet was shut down across Belarus on Sunday as protesters filled Minsk.",
    )
    url = feed(local_server, "/feed.xml", [("A", link)])
    due = create_source(name="Local", kind=SourceKind.FEED, url=url, interval_minutes=60)
    later = create_source(name="Later", kind=SourceKind.FEED, url=local_server.url("/later.xml"))
    Source.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + timedelta(hours=1))

    worker = InProcessWorker(interval=0.05)
    worker.start()
    try:
        assert wait_until(lambda: Source.objects.get(pk=due.pk).last_polled_at is not None, 20.0)
        ticks = worker.scheduler.ticks if worker.scheduler else 0
        assert wait_until(
            lambda: worker.scheduler is not None and worker.scheduler.ticks > ticks, 20.0
        )
    finally:
        worker.stop()

    due.refresh_from_db()
    assert due.last_status == SourceStatus.OK, due.last_error
    assert Article.objects.get().title == "Internet cut in Belarus"
    assert due.next_poll_at is not None
    assert due.next_poll_at > timezone.now() + timedelta(minutes=59)
    assert local_server.hits["/feed.xml"] == 1
    assert "/later.xml" not in local_server.hits
    assert DBTaskResult.objects.filter(task_path=POLL_TASK).count() == 1
    job = ScheduledJob.objects.get(name="radar.poll_due_sources")
    assert job.last_run_at is not None
    assert job.next_run_at > job.last_run_at


@pytest.mark.django_db(transaction=True)
def test_a_source_waiting_in_the_queue_is_not_queued_again(database_tasks) -> None:
    source = create_source(name="Slow", kind=SourceKind.FEED, url="http://127.0.0.1:9/feed.xml")
    now = timezone.now()

    assert enqueue_due_sources(now=now) == 1
    assert enqueue_due_sources(now=now + timedelta(minutes=1)) == 0  # not polled yet, not again

    source.refresh_from_db()
    assert source.next_poll_at == now + timedelta(minutes=60)
    assert DBTaskResult.objects.filter(task_path=POLL_TASK).count() == 1
