"""The per-host delay holds across workers: its state is in the database, not in a process."""

from __future__ import annotations

import itertools
import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from softlanding.radar.fetch import fetch
from softlanding.radar.models import FetchHost

FAST = {"timeout": 2, "retries": 0}


def arrivals(server, path: str) -> list[float]:
    times: list[float] = []

    def route(h) -> None:
        times.append(time.monotonic())
        h.send_response(200)
        h.send_header("Content-Type", "text/plain")
        h.send_header("Content-Length", "2")
        h.end_headers()
        h.wfile.write(b"ok")

    server.routes[path] = route
    return times


@pytest.mark.django_db
def test_a_host_another_worker_just_asked_is_left_alone_for_the_delay(local_server) -> None:
    seen = arrivals(local_server, "/a")
    host = local_server.base.split("://")[1]
    # Another worker, on another machine, has taken the host's slot until 0.6 s from now.
    FetchHost.objects.create(host=host, next_request_at=timezone.now() + timedelta(seconds=0.6))

    started = time.monotonic()
    fetch(local_server.url("/a"), host_delay=0.6, **FAST)

    assert seen[0] - started >= 0.5
    assert FetchHost.objects.get(host=host).next_request_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_workers_fetching_one_host_at_once_keep_the_delay_between_requests(local_server) -> None:
    seen = arrivals(local_server, "/b")
    errors: list[str] = []
    barrier = threading.Barrier(4)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(2):
                fetch(local_server.url("/b"), host_delay=0.4, **FAST)
        except Exception as error:  # reported, not lost with its thread
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(seen) == 8
    # Slots are 0.4 s apart when sent; arrival adds the loaded machine's jitter. Without the
    # delay all eight would arrive within a few milliseconds.
    seen.sort()
    gaps = [later - earlier for earlier, later in itertools.pairwise(seen)]
    assert min(gaps) >= 0.25, gaps
    assert seen[-1] - seen[0] >= 7 * 0.4 - 0.2, gaps
