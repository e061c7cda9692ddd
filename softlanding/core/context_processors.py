from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from softlanding.core.navigation import PARTS


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff_member:
        return {"nav_parts": []}
    return {"nav_parts": [part for part in PARTS if user.has_perm(part.permission)]}
