"""The demo's relocation case: Polotsk Digital's, opened by its approval, under way.

Registered with ``core.demo.register_demo_loader`` (see CONTRIBUTING) so that the case
officer's dashboard is not empty in ``softlanding demo``: one visa step done, one late, a desk
allocated.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from softlanding.cases import services
from softlanding.cases.enums import StepKind
from softlanding.cases.models import Building, Case, DeskAllocation, Floor, Room

DEMO_APPLICATION = "Polotsk Digital"


def load_demo_cases(base_url: str, *, today: date | None = None) -> bool:
    """Bring the approved demo application's case under way; once (the demo database is
    reused between runs: a case that has a desk already is left as it is)."""
    from softlanding.portal.enums import ApplicationStatus
    from softlanding.portal.models import Application

    application = (
        Application.objects.filter(name=DEMO_APPLICATION, status=ApplicationStatus.APPROVED)
        .select_related("assignee", "opportunity")
        .first()
    )
    if application is None:
        return False
    officer = application.assignee
    case = services.open_case_for_application(application, by=officer)
    if DeskAllocation.objects.filter(case=case).exists():
        return False
    today = today or timezone.localdate()
    _under_way(case, today=today)
    return True


def _under_way(case: Case, *, today: date) -> None:
    by = case.officer
    first, second, *_rest = case.relocatees.order_by("id")
    # One step done...
    services.complete_step(
        first.steps.get(kind=StepKind.DOCUMENTS_GATHERED), by=by, on=today - timedelta(days=5)
    )
    # ...and one late: the second person's documents were due three days ago.
    services.plan_step(
        second.steps.get(kind=StepKind.DOCUMENTS_GATHERED),
        by=by,
        planned_on=today - timedelta(days=3),
    )
    building = Building.objects.filter(name="Tower A").first() or services.create_building(
        by=by, name="Tower A", address="Praha, Vinohradská 1"
    )
    floor = Floor.objects.filter(building=building, level=3).first() or services.create_floor(
        by=by, building=building, level=3
    )
    room = Room.objects.filter(floor=floor, name="Open space").first() or services.create_room(
        by=by, floor=floor, name="Open space"
    )
    desks = [
        room.desks.filter(code=code).first()
        or services.create_desk(by=by, room=room, code=code, features=["monitor"])
        for code in ("3.01", "3.02", "3.03", "3.04")
    ]
    services.allocate_desk(
        by=by,
        desk=desks[0],
        case=case,
        relocatee=first,
        starts_on=today + timedelta(days=14),
        ends_on=today + timedelta(days=14 + 180),
    )
