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
