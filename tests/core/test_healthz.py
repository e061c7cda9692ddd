from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from softlanding.core.heartbeat import beat
from softlanding.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_no_worker_yet() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["worker"] == {"status": "none", "last_heartbeat_age_seconds": None}


def test_healthz_gives_the_age_of_the_latest_heartbeat() -> None:
    beat("worker-a", started_at=timezone.now())
    body = Client().get("/healthz").json()
    assert body["worker"]["status"] == "ok"
    assert 0 <= body["worker"]["last_heartbeat_age_seconds"] < 5


def test_healthz_calls_an_old_heartbeat_stale(settings) -> None:
    settings.WORKER_STALE_SECONDS = 60
    long_ago = timezone.now() - timedelta(minutes=10)
    WorkerHeartbeat.objects.create(
        worker_id="gone", hostname="h", pid=1, started_at=long_ago, last_seen_at=long_ago
    )
    body = Client().get("/healthz").json()
    assert body["worker"]["status"] == "stale"
    assert body["worker"]["last_heartbeat_age_seconds"] >= 600


def test_healthz_is_never_cached() -> None:
    response = Client().get("/healthz")
    assert "no-cache" in response["Cache-Control"]
