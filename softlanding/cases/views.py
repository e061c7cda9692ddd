"""Case screens: the officer's dashboard, cases and their people, desks and occupancy."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.db.models.functions import Coalesce
from django.forms import BaseForm, Form, ModelForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from softlanding.accounts.access import AuthenticatedHttpRequest, applicant_view, staff_view
from softlanding.accounts.enums import UserKind
from softlanding.accounts.models import User
from softlanding.cases import queries, rendering, services
from softlanding.cases.forms import (
    AllocateForm,
    BuildingForm,
    CaseFilterForm,
    CompanyStepForm,
    DeskForm,
    FloorForm,
    NoteForm,
    OccupancyForm,
    RelocateeForm,
    RoomForm,
    StepForm,
)
from softlanding.cases.models import (
    Building,
    Case,
    CompanyStep,
    Desk,
    DeskAllocation,
    RelocateeStep,
)
from softlanding.cases.services import PersonData
from softlanding.core.paging import page_of

VIEW = "accounts.view_cases"
MANAGE = "accounts.manage_cases"
PAGE_SIZE = 50


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _form_errors(form: BaseForm) -> str:
    return " ".join(str(message) for errors in form.errors.values() for message in errors)


# --- dashboard and lists -------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    mine_only = request.GET.get("mine") == "1"
    board = queries.dashboard(request.user, today=timezone.localdate(), mine_only=mine_only)
    return render(
        request,
        "cases/dashboard.html",
        {
            "board": board,
            "mine_only": mine_only,
            "cap": queries.COUNT_CAP,
            "late_visa_rows": rendering.late_visa_rows(board.late_visa),
            "late_company_rows": rendering.late_company_rows(board.late_company),
            "my_case_items": rendering.case_items(board.my_cases),
        },
    )


@staff_view(VIEW)
@require_GET
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = CaseFilterForm(request.GET or None)
    rows = (
        Case.objects.select_related("officer")
        .only(
            "id",
            "title",
            "kind",
            "status",
            "country",
            "opened_on",
            "officer__id",
            "officer__first_name",
            "officer__last_name",
            "officer__email",
        )
        .annotate(people=Coalesce(queries.people_count(), 0))
        .order_by("-opened_on", "-id")
    )
    if form.is_valid():
        if form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["mine"]:
            rows = rows.filter(officer=request.user)
    return render(
        request, "cases/case_list.html", {"form": form, **page_of(request, rows, PAGE_SIZE)}
    )


# --- one case ------------------------------------------------------------------------------


@staff_view(VIEW)
@require_GET
def case_detail(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = get_object_or_404(Case.objects.select_related("officer", "organization"), pk=case_pk)
    people = list(
        queries.with_progress(case.relocatees.select_related("visa_type", "family_of"))
        .prefetch_related(Prefetch("steps", queryset=RelocateeStep.objects.order_by("position")))
        .order_by("id")
    )
    company_steps = list(case.company_steps.select_related("owner"))
    allocations = list(
        case.allocations.select_related("desk__room__floor__building", "relocatee").order_by(
            "starts_on"
        )
    )
    can_manage = request.user.has_perm(MANAGE)
    today = timezone.localdate()
    for person in people:
        person.step_rows = rendering.step_rows(  # type: ignore[attr-defined]
            person.steps.all(), request=request, today=today, can_manage=can_manage
        )
    context: dict[str, Any] = {
        "case": case,
        "people": people,
        "company_steps": company_steps,
        "allocations": allocations,
        "timeline": queries.timeline(case),
        "today": timezone.localdate(),
        "can_manage": can_manage,
    }
    if can_manage:
        # The selects repeat or run long (every desk of the hub, every owner on every
        # checklist row): their options are built here once, not through the template engine.
        staff = list(_staff_choices())
        for step in company_steps:
            step.owner_options = _options(staff, step.owner_id)  # type: ignore[attr-defined]
        context["desk_options"] = _options(_desk_choices(), None)
        context["person_options"] = _options(((p.pk, str(p)) for p in people), None)
        context["note_form"] = NoteForm()
    return render(request, "cases/case_detail.html", context)


def _options(choices: Iterable[tuple[Any, str]], selected: Any) -> SafeString:
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (value, mark_safe(" selected") if value == selected else "", label)
            for value, label in choices
        ),
    )


def _staff_choices() -> Iterator[tuple[int, str]]:
    for user in User.objects.filter(kind=UserKind.STAFF, is_active=True).order_by(
        "first_name", "last_name"
    ):
        yield user.pk, str(user)


def _desk_choices() -> Iterator[tuple[int, str]]:
    desks = (
        Desk.objects.filter(is_active=True)
        .select_related("room__floor__building")
        .order_by("room__floor__building__name", "room__floor__level", "code")
    )
    for desk in desks:
        floor = desk.room.floor
        yield desk.pk, f"{desk} · {floor.building} · {floor} · {desk.room}"


@staff_view(MANAGE)
@require_POST
def allocate(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = get_object_or_404(Case, pk=case_pk)
    form = AllocateForm(request.POST, case=case)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(case)
    try:
        allocation = services.allocate_desk(
            by=request.user,
            desk=form.cleaned_data["desk"],
            case=case,
            relocatee=form.cleaned_data["relocatee"],
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("%(desk)s allocated.") % {"desk": allocation.desk})
    return redirect(case)


@staff_view(MANAGE)
@require_POST
def allocation_release(request: AuthenticatedHttpRequest, allocation_pk: int) -> HttpResponse:
    allocation = get_object_or_404(DeskAllocation.objects.select_related("case"), pk=allocation_pk)
    case = allocation.case
    services.release_allocation(allocation, by=request.user)
    messages.success(request, _("The desk is free again."))
    return redirect(case)


@staff_view(MANAGE)
@require_POST
def step_update(request: AuthenticatedHttpRequest, step_pk: int) -> HttpResponse:
    step = get_object_or_404(RelocateeStep.objects.select_related("relocatee__case"), pk=step_pk)
    case = step.relocatee.case
    form = StepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(case)
    action = form.cleaned_data["action"]
    try:
        if action == "done":
            services.complete_step(step, by=request.user, on=form.cleaned_data["on"])
        elif action == "reopen":
            services.reopen_step(step, by=request.user)
        else:
            services.plan_step(step, by=request.user, planned_on=form.cleaned_data["planned_on"])
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("%(step)s saved.") % {"step": step})
    return redirect(f"{case.get_absolute_url()}#person-{step.relocatee_id}")


@staff_view(MANAGE)
@require_POST
def company_step_update(request: AuthenticatedHttpRequest, company_step_pk: int) -> HttpResponse:
    step = get_object_or_404(CompanyStep.objects.select_related("case"), pk=company_step_pk)
    form = CompanyStepForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect(step.case)
    try:
        services.update_company_step(step, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("%(step)s saved.") % {"step": step})
    return redirect(f"{step.case.get_absolute_url()}#company-steps")


@staff_view(MANAGE)
@require_POST
def note_add(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = get_object_or_404(Case, pk=case_pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(
            case,
            by=request.user,
            body=form.cleaned_data["body"],
            internal=not form.cleaned_data["for_applicant"],
        )
        messages.success(request, _("Note added."))
    else:
        messages.error(request, _form_errors(form))
    return redirect(f"{case.get_absolute_url()}#timeline")


@staff_view(MANAGE)
@require_http_methods(["GET", "POST"])
def relocatee_add(request: AuthenticatedHttpRequest, case_pk: int) -> HttpResponse:
    case = get_object_or_404(Case, pk=case_pk)
    form = RelocateeForm(request.POST or None, case=case)
    if request.method != "POST" or not form.is_valid():
        return render(request, "cases/relocatee_form.html", {"case": case, "form": form})
    data = form.cleaned_data
    try:
        relocatee = services.add_relocatee(
            case,
            by=request.user,
            person=PersonData(
                name_latin=data["name_latin"],
                name_cyrillic=data["name_cyrillic"],
                relation=data["relation"],
                nationality=data["nationality"],
                visa_type=data["visa_type"],
            ),
            family_of=data["family_of"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return render(request, "cases/relocatee_form.html", {"case": case, "form": form})
    messages.success(request, _("%(name)s added.") % {"name": relocatee})
    return redirect(case)


# --- workspace -----------------------------------------------------------------------------


INVENTORY_FORMS: dict[str, type[Form | ModelForm[Any]]] = {
    "building": BuildingForm,
    "floor": FloorForm,
    "room": RoomForm,
    "desk": DeskForm,
}


@staff_view(VIEW)
@require_GET
def inventory(request: AuthenticatedHttpRequest) -> HttpResponse:
    buildings = Building.objects.prefetch_related("floors__rooms__desks").annotate(
        floor_count=Count("floors", distinct=True)
    )
    context: dict[str, Any] = {"buildings": buildings, "can_manage": request.user.has_perm(MANAGE)}
    if context["can_manage"]:
        context["forms"] = {kind: form_class() for kind, form_class in INVENTORY_FORMS.items()}
    return render(request, "cases/inventory.html", context)


@staff_view(MANAGE)
@require_POST
def inventory_add(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    form_class = INVENTORY_FORMS.get(kind)
    if form_class is None:
        messages.error(request, _("Unknown kind of place."))
        return redirect("cases:inventory")
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("cases:inventory")
    data = form.cleaned_data
    try:
        if kind == "building":
            created: Any = services.create_building(by=request.user, **data)
        elif kind == "floor":
            created = services.create_floor(by=request.user, **data)
        elif kind == "room":
            created = services.create_room(by=request.user, **data)
        else:
            created = services.create_desk(by=request.user, **data)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("%(place)s added.") % {"place": created})
    return redirect("cases:inventory")


@staff_view(VIEW)
@require_GET
def occupancy(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = OccupancyForm(request.GET or None)
    today = timezone.localdate()
    floor = form.cleaned_data.get("floor") if form.is_valid() else None
    floor = floor or form.fields["floor"].queryset.first()  # type: ignore[attr-defined]
    start = form.start(today)
    week = form.is_valid() and form.cleaned_data.get("week")
    if week:
        start -= timedelta(days=start.weekday())
    dates, rows = (
        queries.occupancy(floor, start=start, days=7 if week else 1) if floor else ([], [])
    )
    free = sum(1 for row in rows for cell in row.cells if cell is None)
    return render(
        request,
        "cases/occupancy.html",
        {"form": form, "floor": floor, "dates": dates, "rows": rows, "free": free},
    )


# --- the applicant's view of its own case --------------------------------------------------


@applicant_view
@require_GET
def applicant_cases(request: AuthenticatedHttpRequest) -> HttpResponse:
    cases = (
        Case.objects.of_applicant(request.user)
        .only("id", "title", "status", "opened_on", "application_id")
        .order_by("-opened_on", "-id")
    )
    return render(request, "cases/applicant_cases.html", {"cases": cases})


@applicant_view
@require_GET
def applicant_case(request: AuthenticatedHttpRequest, application_pk: int) -> HttpResponse:
    """The progress of the applicant's own case; another applicant's answers 404.

    Internal notes never appear here: the timeline is built ``for_applicant``.
    """
    from softlanding.portal.models import Application

    application = get_object_or_404(
        Application.objects.owned_by(request.user).only("id", "name", "status"), pk=application_pk
    )
    case = Case.objects.filter(application=application).first()
    context: dict[str, Any] = {"application": application, "case": case}
    if case is not None:
        context["people"] = list(
            queries.with_progress(case.relocatees.all())
            .prefetch_related(
                Prefetch("steps", queryset=RelocateeStep.objects.order_by("position"))
            )
            .order_by("id")
        )
        context["company_steps"] = list(
            case.company_steps.only("case", "label", "status", "due_on", "done_on")
        )
        context["timeline"] = queries.timeline(case, for_applicant=True)
    return render(request, "cases/applicant_case.html", context)
