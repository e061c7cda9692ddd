"""What outreach shows on the organisation and person pages: the campaigns and the activities."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from softlanding.outreach.models import Activity, Opportunity

PANEL_ROWS = 20


def organization_panel(request: HttpRequest, organization: Any) -> SafeString | str:
    if not request.user.has_perm("accounts.view_outreach"):
        return ""
    return _render(
        request,
        opportunities=Opportunity.objects.filter(organization=organization),
        activities=Activity.objects.filter(organization=organization),
    )


def person_panel(request: HttpRequest, person: Any) -> SafeString | str:
    if not request.user.has_perm("accounts.view_outreach"):
        return ""
    return _render(
        request,
        opportunities=Opportunity.objects.filter(person=person),
        activities=Activity.objects.filter(person=person),
    )


def _render(request: HttpRequest, *, opportunities: Any, activities: Any) -> SafeString | str:
    opportunities = list(
        opportunities.select_related("campaign").order_by("-created_at")[:PANEL_ROWS]
    )
    activities = list(
        activities.select_related("by", "opportunity__campaign").order_by("-occurred_at", "-id")[
            :PANEL_ROWS
        ]
    )
    if not opportunities and not activities:
        return ""
    return render_to_string(
        "outreach/_prospect_panel.html",
        {"opportunities": opportunities, "activities": activities},
        request=request,
    )
