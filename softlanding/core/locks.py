"""Writes that meet another writer's lock on SQLite."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, connection

T = TypeVar("T")


def retrying_sqlite_locks(write: Callable[[], T], *, seconds: float = 20.0) -> T:
    """Run ``write``; on SQLite, try again while another writer holds the table.

    SQLite's busy timeout covers a locked file but not a table locked in a shared cache (the
    in-memory test database), which fails at once. Outside a transaction the write can
    simply be tried again, for as long as the busy timeout would have waited; inside one,
    the caller's transaction decides. Any other error, and every error on PostgreSQL, is
    raised at once.
    """
    deadline = time.monotonic() + seconds
    attempt = 0
    while True:
        try:
            return write()
        except OperationalError as error:
            attempt += 1
            retry = (
                connection.vendor == "sqlite"
                and "locked" in str(error)
                and not connection.in_atomic_block
                and time.monotonic() < deadline
            )
            if not retry:
                raise
            time.sleep(min(0.005 * attempt, 0.1))
