"""The database-backed worker runs queued tasks and says it is alive."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import TaskResultStatus

from softlanding.core.models import WorkerHeartbeat
from softlanding.core.tasks import send_email

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DB_TASKS  # django-tasks rebuilds its backends on setting_changed


@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_queued_task_and_records_its_heartbeat(database_tasks) -> None:
    result = send_email.enqueue(to=["scout@example.org"], subject="Follow-up", body="Call IdeaSoft")
    assert result.status == TaskResultStatus.READY
    assert mail.outbox == []

    call_command("worker", "--batch", "--interval", "0")

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [message.subject for message in mail.outbox] == ["Follow-up"]
    assert WorkerHeartbeat.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_task_is_recorded_as_failed_and_the_worker_goes_on(
    database_tasks, settings
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
    first = send_email.enqueue(to=["a@example.org"], subject="x", body="y")
    second = send_email.enqueue(to=["b@example.org"], subject="x", body="y")

    call_command("worker", "--batch", "--interval", "0")

    for result in (first, second):
        result.refresh()
        assert result.status == TaskResultStatus.FAILED
        assert result.errors[0].exception_class is ConnectionRefusedError
