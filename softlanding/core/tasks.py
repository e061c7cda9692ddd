"""Background tasks shared by every part. Tasks are thin: they take plain values and call code."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str, html: str = "") -> int:
    """Send one message over the configured backend; a failure fails the task, visibly."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()


@task()
def prune_task_results_task() -> None:
    """Delete finished task rows older than django-tasks-db's default age (14 days)."""
    from django.core.management import call_command
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
    from django_tasks_db.backend import DatabaseBackend

    if isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        call_command("prune_db_task_results", verbosity=0)
