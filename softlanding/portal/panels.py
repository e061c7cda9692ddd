"""What the portal shows on the organisation, person and opportunity pages: their applications.

Only to staff who review applications; never the internal comments.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from softlanding.portal.models import Application
from softlanding.portal.queries import REVIEW_PERMISSION

PANEL_ROWS = 20


def _render(request: HttpRequest, **lookup: Any) -> SafeString | str:
    if not request.user.has_perm(REVIEW_PERMISSION):
        return ""
    applications = list(
        Application.objects.submitted()
        .filter(**lookup)
        .only("id", "name", "kind", "status", "submitted_at")
        .order_by("-submitted_at", "-id")[:PANEL_ROWS]
    )
    if not applications:
        return ""
    return render_to_string("portal/_panel.html", {"applications": applications}, request=request)


def organization_panel(request: HttpRequest, organization: Any) -> SafeString | str:
    return _render(request, organization=organization)


def person_panel(request: HttpRequest, person: Any) -> SafeString | str:
    return _render(request, person=person)


def opportunity_panel(request: HttpRequest, opportunity: Any) -> SafeString | str:
    return _render(request, opportunity=opportunity)
