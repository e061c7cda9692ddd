"""Waiting in tests for what another thread or process does."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import OperationalError


def wait_until(condition: Callable[[], bool], seconds: float = 10.0) -> bool:
    """Ask ``condition`` until it holds or ``seconds`` pass; its last answer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:  # the suite's in-memory SQLite: "table is locked", ask again
            pass
        time.sleep(0.02)
    return condition()
