"""What Cases shows on the portal's review page: the case the approval opened.

Only to staff who may see cases; the portal knows nothing of cases (see CONTRIBUTING).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from softlanding.cases.models import Case

VIEW = "accounts.view_cases"


def application_panel(request: HttpRequest, application: Any) -> SafeString | str:
    if not request.user.has_perm(VIEW):
        return ""
    case = (
        Case.objects.filter(application=application)
        .only("id", "title", "status", "opened_on")
        .first()
    )
    if case is None:
        return ""
    return render_to_string("cases/_application_panel.html", {"case": case}, request=request)
