"""The per-host delay between requests, held across every worker through the database.

Each request reserves the host's next slot with a compare-and-set UPDATE on its ``FetchHost``
row (``WHERE host = … AND next_request_at = <the value read>``): of workers racing for a host,
one wins each slot and the others read again and take the slot after it, on SQLite and
PostgreSQL alike. A reservation is one short autocommitted statement, never held open.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from softlanding.core.locks import retrying_sqlite_locks
from softlanding.radar.models import FetchHost

ATTEMPTS = 50


def reserve_turn(host: str, delay: float) -> float:
    """Reserve the next request to ``host``; returns the seconds to wait before sending it."""
    host = host[:255]
    step = timedelta(seconds=delay)
    for _attempt in range(ATTEMPTS):
        # A busy SQLite answers again a moment later; any other error is the caller's.
        wait = retrying_sqlite_locks(lambda: _try_reserve(host, step), seconds=2.0)
        if wait is not None:
            return wait
    return delay  # a host this contended: waiting one delay more is always safe


def _try_reserve(host: str, step: timedelta) -> float | None:
    now = timezone.now()
    current = FetchHost.objects.filter(host=host).values_list("next_request_at", flat=True).first()
    if current is None:
        # A host never asked before is free; racing inserts are ignored, then all compare-and-set.
        FetchHost.objects.bulk_create(
            [FetchHost(host=host, next_request_at=now - step)], ignore_conflicts=True
        )
        return None
    slot = max(current, now)
    if FetchHost.objects.filter(host=host, next_request_at=current).update(
        next_request_at=slot + step
    ):
        return (slot - now).total_seconds()
    return None  # another worker took this slot first: read again
