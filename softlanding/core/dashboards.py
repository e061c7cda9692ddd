"""What the home page shows each staff role."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from softlanding.accounts.enums import Role, UserKind
from softlanding.accounts.models import User
from softlanding.core.heartbeat import latest_heartbeat_age_seconds
from softlanding.core.navigation import PARTS
from softlanding.core.queries import estimated_count
from softlanding.core.schedule import schedule_state
from softlanding.prospects.models import Organization, Person


def dashboard_context(user: User) -> dict[str, Any]:
    role = user.primary_role
    context: dict[str, Any] = {
        "role": role,
        "role_label": role.label if role else "",
        "parts": [part for part in PARTS if user.has_perm(part.permission)],
    }
    if user.has_perm("accounts.view_prospects"):
        context["totals"] = {
            "organizations": estimated_count(Organization),
            "people": estimated_count(Person),
        }
        context["my_organizations"] = list(
            Organization.objects.owned_by(user).for_list().order_by("-updated_at")[:10]
        )
    if user.has_perm("accounts.log_outreach"):
        # The home page sends a caller to the day's list; the count runs on a partial index.
        from django.utils import timezone

        from softlanding.outreach.models import Activity

        context["follow_ups_due"] = (
            Activity.objects.open_follow_ups()
            .filter(follow_up_owner=user, follow_up_on__lte=timezone.localdate())
            .count()
        )
    if role == Role.ADMINISTRATOR:
        age = latest_heartbeat_age_seconds()
        context["worker_age"] = age
        context["worker_ok"] = age is not None and age <= settings.WORKER_STALE_SECONDS
        context["schedule"] = schedule_state()
        context["staff_count"] = User.objects.filter(kind=UserKind.STAFF, is_active=True).count()
        context["applicant_count"] = User.objects.filter(kind=UserKind.APPLICANT).count()
    return context
