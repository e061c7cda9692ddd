"""A fixed-window rate limit on the shared cache, safe under concurrent requests.

Each hit claims one numbered slot of the window with ``cache.add``, which writes only when
the key is missing and is atomic on every backend (the database cache relies on its unique
key). ``incr`` would not do: the database cache implements it as a read and a write. A hint
of the slots taken keeps a hit to about three cache calls.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit for ``key`` in the current window; False once ``limit`` hits were made."""
    bucket = int(time.time() // window)
    name = f"ratelimit:{scope}:{key}:{bucket}"
    timeout = window + 60
    slot = int(cache.get(f"{name}:taken", 0))
    while slot < limit:
        if cache.add(f"{name}:{slot}", 1, timeout=timeout):
            cache.set(f"{name}:taken", slot + 1, timeout=timeout)
            return True
        slot += 1
    return False
