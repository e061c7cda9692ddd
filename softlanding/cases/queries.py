"""Read helpers for cases: who has landed, what is late, desk occupancy, the funnel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from softlanding.cases.enums import CaseStatus, Relation, StepKind, StepStatus
from softlanding.cases.models import (
    Case,
    CompanyStep,
    Desk,
    DeskAllocation,
    Floor,
    Relocatee,
    RelocateeStep,
)

if TYPE_CHECKING:
    from softlanding.accounts.models import User


# --- progress of a person ------------------------------------------------------------------


def _step_done(kind: str) -> Exists:
    return Exists(
        RelocateeStep.objects.filter(relocatee=OuterRef("pk"), kind=kind, status=StepStatus.DONE)
    )


def with_progress(relocatees: QuerySet[Relocatee]) -> QuerySet[Relocatee]:
    """Each person with ``has_visa``, ``arrived`` and ``landed`` (arrived AND started work)."""
    return relocatees.annotate(
        has_visa=_step_done(StepKind.ISSUED),
        arrived=_step_done(StepKind.ENTERED),
        started_work=_step_done(StepKind.STARTED_WORK),
    ).annotate(
        landed=ExpressionWrapper(
            Q(arrived=True) & Q(started_work=True), output_field=BooleanField()
        )
    )


def landed_relocatees(relocatees: QuerySet[Relocatee] | None = None) -> QuerySet[Relocatee]:
    """The one definition of landed: entered the country AND started work, both done."""
    relocatees = Relocatee.objects.all() if relocatees is None else relocatees
    return relocatees.filter(_step_done(StepKind.ENTERED), _step_done(StepKind.STARTED_WORK))


# --- the case officer's dashboard ----------------------------------------------------------


def late_visa_steps(today: date) -> QuerySet[RelocateeStep]:
    return (
        RelocateeStep.objects.late(today)
        .filter(relocatee__case__status=CaseStatus.OPEN)
        .select_related("relocatee__case__officer")
        .only(
            "id",
            "kind",
            "planned_on",
            "status",
            "reminded_on",
            "relocatee__id",
            "relocatee__name_latin",
            "relocatee__name_cyrillic",
            "relocatee__case__id",
            "relocatee__case__title",
            "relocatee__case__officer__id",
            "relocatee__case__officer__email",
            "relocatee__case__officer__first_name",
            "relocatee__case__officer__last_name",
            "relocatee__case__officer__language",
        )
        .order_by("planned_on", "id")
    )


def late_company_steps(today: date) -> QuerySet[CompanyStep]:
    return (
        CompanyStep.objects.late(today)
        .filter(case__status=CaseStatus.OPEN)
        .select_related("case__officer", "owner")
        .only(
            "id",
            "label",
            "due_on",
            "status",
            "reminded_on",
            "case__id",
            "case__title",
            "case__officer__id",
            "case__officer__email",
            "case__officer__first_name",
            "case__officer__last_name",
            "case__officer__language",
            "owner__id",
            "owner__email",
            "owner__first_name",
            "owner__last_name",
            "owner__language",
        )
        .order_by("due_on", "id")
    )


@dataclass
class Dashboard:
    late_visa: list[RelocateeStep]
    late_visa_total: int
    late_company: list[CompanyStep]
    late_company_total: int
    my_cases: list[Case]
    counts: dict[str, int] = field(default_factory=dict)


DASHBOARD_ROWS = 50
#: Late steps are counted up to here; past it the dashboard says "1,000+". An exact count of
#: every late step of every open case costs a join over all of them on each visit, and no one
#: acts differently on 4,312 than on 1,000+.
COUNT_CAP = 1000


def capped_count(rows: QuerySet[Any]) -> int:
    return rows.order_by()[: COUNT_CAP + 1].count()


def people_count() -> Subquery:
    """The number of people of each case, computed for the rows shown only."""
    return Subquery(
        Relocatee.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(count=Count("id"))
        .values("count"),
        output_field=IntegerField(),
    )


def dashboard(user: User, *, today: date, mine_only: bool = False) -> Dashboard:
    """What is late and whose, the caller's open cases, and counts: a fixed number of queries."""
    visa = late_visa_steps(today)
    company = late_company_steps(today)
    if mine_only:
        visa = visa.filter(relocatee__case__officer=user)
        company = company.filter(Q(owner=user) | Q(owner__isnull=True, case__officer=user))
    my_cases = list(
        Case.objects.open()
        .filter(officer=user)
        .only("id", "title", "kind", "status", "opened_on")
        .annotate(people=Coalesce(people_count(), 0))
        .order_by("-opened_on", "-id")[:DASHBOARD_ROWS]
    )
    counts = Case.objects.aggregate(
        open=Count("id", filter=Q(status=CaseStatus.OPEN)),
        mine=Count("id", filter=Q(status=CaseStatus.OPEN, officer=user)),
        landed=Count("id", filter=Q(status=CaseStatus.LANDED)),
    )
    late_visa = list(visa[:DASHBOARD_ROWS])
    late_company = list(company[:DASHBOARD_ROWS])
    return Dashboard(
        late_visa=late_visa,
        # A list shorter than a page is the whole of it: no count needed.
        late_visa_total=len(late_visa) if len(late_visa) < DASHBOARD_ROWS else capped_count(visa),
        late_company=late_company,
        late_company_total=len(late_company)
        if len(late_company) < DASHBOARD_ROWS
        else capped_count(company),
        my_cases=my_cases,
        counts=counts,
    )


# --- occupancy -----------------------------------------------------------------------------


@dataclass
class DeskRow:
    desk: Desk
    cells: list[DeskAllocation | None]


def occupancy(floor: Floor, *, start: date, days: int) -> tuple[list[date], list[DeskRow]]:
    """Every desk of ``floor`` and who holds it on each of ``days`` days from ``start``.

    Two queries whatever the number of desks: the desks, and the allocations overlapping the
    period.
    """
    dates = [start + timedelta(days=offset) for offset in range(days)]
    end = dates[-1]
    desks = list(
        Desk.objects.filter(room__floor=floor, is_active=True)
        .select_related("room")
        .order_by("room__name", "code")
    )
    by_desk: dict[int, list[DeskAllocation]] = {}
    allocations = (
        DeskAllocation.objects.filter(desk__in=[d.pk for d in desks])
        .filter(starts_on__lte=end, ends_on__gte=start)
        .select_related("case", "relocatee")
        .only(
            "id",
            "desk_id",
            "starts_on",
            "ends_on",
            "case__id",
            "case__title",
            "relocatee__id",
            "relocatee__name_latin",
            "relocatee__name_cyrillic",
        )
    )
    for allocation in allocations:
        by_desk.setdefault(allocation.desk_id, []).append(allocation)
    rows = []
    for desk in desks:
        held = by_desk.get(desk.pk, [])
        cells = [next((a for a in held if a.starts_on <= day <= a.ends_on), None) for day in dates]
        rows.append(DeskRow(desk, cells))
    return dates, rows


# --- the funnel ----------------------------------------------------------------------------


FunnelGroup = Literal["everyone", "people", "family"]


@dataclass(frozen=True)
class FunnelStep:
    key: str
    people: int
    family: int

    @property
    def total(self) -> int:
        return self.people + self.family

    def count_of(self, group: FunnelGroup) -> int:
        return {"everyone": self.total, "people": self.people, "family": self.family}[group]


@dataclass(frozen=True)
class DropOff:
    """The share lost from one step to the next, of the employees and of the family members."""

    before: str
    after: str
    people: float | None
    family: float | None


@dataclass(frozen=True)
class Funnel:
    steps: list[FunnelStep]

    def drop_off(self, group: FunnelGroup = "everyone") -> list[tuple[str, str, float | None]]:
        """(from, to, share lost) between each pair of neighbouring steps, over everyone or over
        the employees (``"people"``) or the family members (``"family"``) alone; no share where
        nobody of the group reached the earlier step."""
        result = []
        for before, after in pairwise(self.steps):
            was, now = before.count_of(group), after.count_of(group)
            result.append((before.key, after.key, None if was == 0 else 1 - now / was))
        return result

    def split_drop_off(self) -> list[DropOff]:
        """The drop-off between neighbouring steps, employees and family members apart."""
        return [
            DropOff(before, after, people, family)
            for (before, after, people), (_b, _a, family) in zip(
                self.drop_off("people"), self.drop_off("family"), strict=True
            )
        ]

    def as_dict(self) -> dict[str, Any]:
        return {step.key: {"people": step.people, "family": step.family} for step in self.steps}


FUNNEL_KEYS = ("pledged", "with_visa", "arrived", "working")


def _funnel_counts() -> dict[str, Count]:
    employee = Q(relation=Relation.EMPLOYEE)
    family = ~employee
    with_visa = Q(_step_done(StepKind.ISSUED))
    arrived = Q(_step_done(StepKind.ENTERED))
    working = arrived & Q(_step_done(StepKind.STARTED_WORK))
    return {
        "pledged_people": Count("id", filter=employee),
        "pledged_family": Count("id", filter=family),
        "with_visa_people": Count("id", filter=employee & with_visa),
        "with_visa_family": Count("id", filter=family & with_visa),
        "arrived_people": Count("id", filter=employee & arrived),
        "arrived_family": Count("id", filter=family & arrived),
        "working_people": Count("id", filter=employee & working),
        "working_family": Count("id", filter=family & working),
    }


def _funnel_of(numbers: dict[str, int]) -> Funnel:
    return Funnel(
        [FunnelStep(key, numbers[f"{key}_people"], numbers[f"{key}_family"]) for key in FUNNEL_KEYS]
    )


def funnel_by(dimension: str) -> dict[Any, Funnel]:
    """The funnel per campaign (``"campaign"``, keyed by campaign id, None for none) or per
    country (``"country"``, keyed by ISO code): one grouped query."""
    field = {"campaign": "case__campaign_id", "country": "case__country"}[dimension]
    rows = (
        Relocatee.objects.exclude(case__status=CaseStatus.WITHDRAWN)
        .order_by()
        .values(field)
        .annotate(**_funnel_counts())
    )
    return {row[field]: _funnel_of(row) for row in rows}


def funnel(campaign: Any = None, country: str | None = None) -> Funnel:
    """Pledged, with a visa, arrived, working (landed): employees and family members apart.

    Pledged counts every person of every case not withdrawn; one query in all.
    """
    relocatees = Relocatee.objects.exclude(case__status=CaseStatus.WITHDRAWN)
    if campaign is not None:
        relocatees = relocatees.filter(case__campaign=campaign)
    if country:
        relocatees = relocatees.filter(case__country=country)
    return _funnel_of(relocatees.aggregate(**_funnel_counts()))


# --- the timeline --------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str  # "step", "company_step", "note", "document"
    text: str
    who: str = ""
    is_internal: bool = False


def timeline(case: Case, *, for_applicant: bool = False) -> list[TimelineEntry]:
    """Every step done, every note (internal ones only for staff), newest first."""
    entries: list[TimelineEntry] = []
    steps = (
        RelocateeStep.objects.filter(relocatee__case=case, status=StepStatus.DONE)
        .select_related("relocatee")
        .only("kind", "done_on", "relocatee__name_latin", "relocatee__name_cyrillic")
    )
    for step in steps:
        assert step.done_on is not None
        entries.append(
            TimelineEntry(step.done_on, "step", f"{step.relocatee}: {step.get_kind_display()}")
        )
    for company_step in CompanyStep.objects.filter(case=case, status=StepStatus.DONE).only(
        "label", "done_on"
    ):
        assert company_step.done_on is not None
        entries.append(TimelineEntry(company_step.done_on, "company_step", company_step.label))
    notes = case.notes.select_related("author")
    if for_applicant:
        notes = notes.filter(is_internal=False)
    for note in notes:
        entries.append(
            TimelineEntry(
                note.created_at.date(),
                "note",
                note.body,
                who=str(note.author or ""),
                is_internal=note.is_internal,
            )
        )
    entries.extend(_application_entries(case, for_applicant=for_applicant))
    entries.sort(key=lambda entry: entry.on, reverse=True)
    return entries


def _application_entries(case: Case, *, for_applicant: bool) -> list[TimelineEntry]:
    """From the application behind the case: every document version, the hub's questions and
    the answers, and (for staff only) the reviewers' internal comments."""
    if case.application_id is None:
        return []
    from softlanding.portal.models import DocumentVersion, InfoRequest, InternalComment

    entries = [
        TimelineEntry(
            version.uploaded_at.date(),
            "document",
            f"{version.document.get_kind_display()}: {version.original_name} (v{version.number})",
        )
        for version in DocumentVersion.objects.filter(document__application_id=case.application_id)
        .select_related("document")
        .only("number", "original_name", "uploaded_at", "document__kind")
    ]
    for request in InfoRequest.objects.filter(application_id=case.application_id).select_related(
        "asked_by"
    ):
        entries.append(
            TimelineEntry(
                request.asked_at.date(),
                "message",
                _("Question: %(text)s") % {"text": request.question},
                who=str(request.asked_by or ""),
            )
        )
        if request.answered_at:
            entries.append(
                TimelineEntry(
                    request.answered_at.date(),
                    "message",
                    _("Answer: %(text)s") % {"text": request.answer},
                )
            )
    if not for_applicant:
        for comment in InternalComment.objects.filter(
            application_id=case.application_id
        ).select_related("author"):
            entries.append(
                TimelineEntry(
                    comment.created_at.date(),
                    "note",
                    comment.body,
                    who=str(comment.author or ""),
                    is_internal=True,
                )
            )
    return entries
