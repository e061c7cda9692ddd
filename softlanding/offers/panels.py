"""What the offer shows on the opportunity page: its latest offer and the way to make one."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from softlanding.offers.models import OfferVersion


def opportunity_panel(request: HttpRequest, opportunity: Any) -> SafeString | str:
    if not request.user.has_perm("accounts.view_offers"):
        return ""
    latest = (
        OfferVersion.objects.filter(opportunity=opportunity)
        .only("id", "number", "language", "opportunity_id")
        .order_by("-number")
        .first()
    )
    return render_to_string(
        "offers/_opportunity_panel.html",
        {
            "opportunity": opportunity,
            "latest": latest,
            "can_make": request.user.has_perm("accounts.log_outreach"),
        },
        request=request,
    )
