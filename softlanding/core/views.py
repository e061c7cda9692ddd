from __future__ import annotations

from datetime import datetime

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from softlanding.accounts.access import (
    AuthenticatedHttpRequest,
    View,
    authenticated_view,
    public_view,
    staff_view,
)
from softlanding.core.dashboards import dashboard_context
from softlanding.core.heartbeat import latest_heartbeat_age_seconds
from softlanding.core.navigation import PARTS_BY_KEY
from softlanding.core.schedule import JobState, schedule_state


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@authenticated_view
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.user.is_applicant:
        return redirect("portal:home")
    if not request.user.is_staff_member:
        return render(request, "core/no_role.html", status=403)
    return render(request, "core/home.html", dashboard_context(request.user))


def part_placeholder(part_key: str) -> View:
    """A staff page for a part not built yet, saying what it will hold."""
    part = PARTS_BY_KEY[part_key]

    @staff_view(part.permission)
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, "core/part_placeholder.html", {"part": part})

    view.__name__ = f"{part_key}_index"
    return view


@public_view
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers and operators: database reachable, worker beating."""
    from django.conf import settings

    database = "ok"
    worker_age: float | None = None
    jobs: list[JobState] = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        worker_age = latest_heartbeat_age_seconds()
        jobs = schedule_state()
    except Exception as error:  # any database failure is the answer here, not a crash
        database = f"error: {error.__class__.__name__}"
    if worker_age is None:
        worker = "none"
    elif worker_age > settings.WORKER_STALE_SECONDS:
        worker = "stale"
    else:
        worker = "ok"
    status = "ok" if database == "ok" else "error"
    return JsonResponse(
        {
            "status": status,
            "time": timezone.now().isoformat(),
            "database": {"status": database, "vendor": connection.vendor},
            "worker": {
                "status": worker,
                "last_heartbeat_age_seconds": None if worker_age is None else round(worker_age, 1),
            },
            # "late": a job due for longer than WORKER_STALE_SECONDS, so no worker schedules.
            "schedule": {
                "status": "late" if any(job.late for job in jobs) else "ok",
                "jobs": [
                    {
                        "name": job.name,
                        "every_seconds": int(job.every.total_seconds()),
                        "last_run_at": _iso(job.last_run_at),
                        "next_run_at": _iso(job.next_run_at),
                        "late": job.late,
                        "last_error": job.last_error,
                    }
                    for job in jobs
                ],
            },
        },
        status=200 if status == "ok" else 503,
    )
