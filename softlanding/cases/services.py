"""Case actions: one function each, called by views, commands, tasks and receivers alike.

Every write happens in one transaction with its audit entry; e-mail leaves only after commit.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from softlanding.cases.enums import CaseKind, CaseStatus, DeskFeature, Relation, StepStatus
from softlanding.cases.models import (
    Building,
    Case,
    CaseNote,
    CompanyStep,
    CompanyStepTemplate,
    Desk,
    DeskAllocation,
    Floor,
    Relocatee,
    RelocateeStep,
    Room,
    VisaStepTemplate,
    VisaType,
)
from softlanding.core import audit
from softlanding.core.locks import retrying_sqlite_locks

if TYPE_CHECKING:
    from softlanding.accounts.models import User

#: The database's name for the refusal of an overlapping allocation (migration 0002).
DOUBLE_BOOKING = "cases_desk_no_double_booking"


class DeskTaken(ValidationError):
    """The desk is already allocated for some of the days asked for."""


# --- workspace -----------------------------------------------------------------------------


def create_building(*, by: User | None, name: str, address: str = "") -> Building:
    return _create(Building(name=name, address=address), by=by, action="cases.building_created")


def create_floor(*, by: User | None, building: Building, level: int, name: str = "") -> Floor:
    floor = Floor(building=building, level=level, name=name)
    return _create(floor, by=by, action="cases.floor_created")


def create_room(*, by: User | None, floor: Floor, name: str) -> Room:
    return _create(Room(floor=floor, name=name), by=by, action="cases.room_created")


def create_desk(
    *,
    by: User | None,
    room: Room,
    code: str,
    capacity: int = 1,
    features: Iterable[str] = (),
) -> Desk:
    features = list(dict.fromkeys(features))
    unknown = [feature for feature in features if feature not in DeskFeature.values]
    if unknown:
        raise ValidationError(
            _("Unknown desk features: %(features)s.") % {"features": ", ".join(unknown)}
        )
    desk = Desk(room=room, code=code.strip(), capacity=capacity, features=features)
    return _create(desk, by=by, action="cases.desk_created")


def _create(obj: Any, *, by: User | None, action: str) -> Any:
    obj.full_clean()
    with transaction.atomic():
        obj.save()
        audit.record(obj, action=action, by=by)
    return obj


def allocate_desk(
    *,
    by: User | None,
    desk: Desk,
    case: Case,
    starts_on: date,
    ends_on: date,
    relocatee: Relocatee | None = None,
) -> DeskAllocation:
    """Hold ``desk`` for ``case`` from ``starts_on`` to ``ends_on``, both days included.

    The database refuses an overlapping allocation of the same desk (migration 0002), so two
    people asking at the same moment cannot both get it; the loser gets ``DeskTaken`` naming
    who holds it and when.
    """
    if ends_on < starts_on:
        raise ValidationError(_("The period ends before it starts."))
    if relocatee is not None and relocatee.case_id != case.pk:
        raise ValidationError(_("That person belongs to another case."))
    if not desk.is_active:
        raise ValidationError(_("%(desk)s is not in use.") % {"desk": desk})
    allocation = DeskAllocation(
        desk=desk,
        case=case,
        relocatee=relocatee,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )

    def write() -> None:
        try:
            with transaction.atomic():
                # Queue for the desk first: two transactions inserting overlapping rows at once
                # each wait for the other inside PostgreSQL's exclusion check (a deadlock). The
                # constraint stays the guarantee; the row lock only orders the askers.
                list(Desk.objects.select_for_update().filter(pk=desk.pk).values_list("pk"))
                allocation.pk = None
                allocation.save()
                audit.record(
                    allocation,
                    action="cases.desk_allocated",
                    by=by,
                    changes={"desk": desk.code, "from": str(starts_on), "to": str(ends_on)},
                )
        except IntegrityError as error:
            if DOUBLE_BOOKING not in str(error):
                raise
            raise DeskTaken(_taken_message(desk, starts_on, ends_on)) from error

    retrying_sqlite_locks(write)
    return allocation


def _taken_message(desk: Desk, starts_on: date, ends_on: date) -> str:
    holder = (
        DeskAllocation.objects.filter(desk=desk, starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("starts_on")
        .first()
    )
    if holder is None:  # released in the meantime: still, this request did not get it
        return _("%(desk)s was taken by someone else a moment ago; try again.") % {"desk": desk}
    return _("%(desk)s is already taken from %(start)s to %(end)s.") % {
        "desk": desk,
        "start": date_format(holder.starts_on, "SHORT_DATE_FORMAT"),
        "end": date_format(holder.ends_on, "SHORT_DATE_FORMAT"),
    }


def release_allocation(allocation: DeskAllocation, *, by: User | None) -> None:
    with transaction.atomic():
        audit.record(allocation, action="cases.desk_released", by=by)
        allocation.delete()


# --- cases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonData:
    """One person to relocate, as an application or a form describes them."""

    name_latin: str = ""
    name_cyrillic: str = ""
    relation: str = Relation.EMPLOYEE
    nationality: str = ""
    visa_type: VisaType | None = None
    source_key: str = ""
    #: the ``source_key`` of the employee this family member belongs to
    family_of_key: str = ""


def open_case(
    *,
    by: User | None,
    kind: str,
    title: str,
    people: Iterable[PersonData] = (),
    officer: User | None = None,
    opened_on: date | None = None,
    **fields: Any,
) -> Case:
    """A case with its company checklist and its people, each with their visa steps."""
    if kind not in CaseKind.values:
        raise ValidationError(_("Unknown kind of case."))
    case = Case(
        kind=kind,
        title=title,
        officer=officer,
        opened_on=opened_on or timezone.localdate(),
        **fields,
    )
    case.full_clean()
    with transaction.atomic():
        case.save()
        templates = CompanyStepTemplate.objects.filter(is_active=True).filter(
            Q(for_kind="") | Q(for_kind=kind)
        )
        CompanyStep.objects.bulk_create(
            CompanyStep(
                case=case,
                template=template,
                label=template.label_en,
                owner=officer,
                position=template.position,
                due_on=case.opened_on + timedelta(days=template.offset_days),
            )
            for template in templates
        )
        added: dict[str, Relocatee] = {}
        for person in people:
            family_of = added.get(person.family_of_key) if person.family_of_key else None
            relocatee = add_relocatee(case, by=by, person=person, family_of=family_of)
            if person.source_key:
                added[person.source_key] = relocatee
        audit.record(case, action="cases.case_opened", by=by, changes={"title": title})
    return case


def default_visa_type() -> VisaType:
    visa_type = VisaType.objects.order_by("position", "id").first()
    if visa_type is None:
        raise ValidationError(_("No visa types are set up."))
    return visa_type


def add_relocatee(
    case: Case, *, by: User | None, person: PersonData, family_of: Relocatee | None = None
) -> Relocatee:
    """A person of ``case`` with the visa steps of their visa type, planned from the case."""
    relocatee = Relocatee(
        case=case,
        name_latin=person.name_latin.strip(),
        name_cyrillic=person.name_cyrillic.strip(),
        relation=person.relation,
        family_of=family_of,
        nationality=person.nationality,
        visa_type=person.visa_type or default_visa_type(),
        source_key=person.source_key,
    )
    if not (relocatee.name_latin or relocatee.name_cyrillic):
        raise ValidationError(_("A person needs a name in Latin or Cyrillic letters."))
    relocatee.full_clean(exclude=["family_of"])
    with transaction.atomic():
        relocatee.save()
        templates = VisaStepTemplate.objects.filter(visa_type=relocatee.visa_type)
        if relocatee.is_family:
            templates = templates.filter(for_family=True)
        RelocateeStep.objects.bulk_create(
            RelocateeStep(
                relocatee=relocatee,
                kind=template.kind,
                position=template.position,
                planned_on=case.opened_on + timedelta(days=template.offset_days),
            )
            for template in templates
        )
        audit.record(relocatee, action="cases.relocatee_added", by=by)
    return relocatee


def complete_step(step: RelocateeStep, *, by: User | None, on: date | None = None) -> None:
    """Mark a visa step done on ``on`` (today by default); a date in the future is refused."""
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError(_("A step cannot be done on a day still to come."))
    with transaction.atomic():
        before = {"status": step.status, "done_on": str(step.done_on or "")}
        step.status = StepStatus.DONE
        step.done_on = on
        step.save(update_fields=["status", "done_on"])
        audit.record(
            step,
            action="cases.step_done",
            by=by,
            changes=audit.diff(before, {"status": step.status, "done_on": str(on)}),
        )
        _update_case_status(step.relocatee.case)


def reopen_step(step: RelocateeStep, *, by: User | None) -> None:
    with transaction.atomic():
        step.status = StepStatus.PENDING
        step.done_on = None
        step.save(update_fields=["status", "done_on"])
        audit.record(step, action="cases.step_reopened", by=by)
        _update_case_status(step.relocatee.case)


def plan_step(step: RelocateeStep, *, by: User | None, planned_on: date | None) -> None:
    with transaction.atomic():
        before = str(step.planned_on or "")
        step.planned_on = planned_on
        step.save(update_fields=["planned_on"])
        audit.record(
            step,
            action="cases.step_planned",
            by=by,
            changes={"planned_on": [before, str(planned_on or "")]},
        )


def _update_case_status(case: Case) -> None:
    """An open case whose every working person has landed becomes landed (and back)."""
    from softlanding.cases.queries import landed_relocatees

    if case.status not in {CaseStatus.OPEN, CaseStatus.LANDED}:
        return
    workers = case.relocatees.filter(relation=Relation.EMPLOYEE)
    total = workers.count()
    landed = landed_relocatees(workers).count()
    status = CaseStatus.LANDED if total and landed == total else CaseStatus.OPEN
    if status != case.status:
        case.status = status
        case.save(update_fields=["status", "updated_at"])
        audit.record(case, action="cases.case_status", by=None, changes={"status": status})


def update_company_step(
    step: CompanyStep,
    *,
    by: User | None,
    owner: User | None,
    due_on: date | None,
    done_on: date | None = None,
) -> None:
    if done_on and done_on > timezone.localdate():
        raise ValidationError(_("A step cannot be done on a day still to come."))
    with transaction.atomic():
        before = {
            "owner": step.owner_id,
            "due_on": str(step.due_on or ""),
            "done_on": str(step.done_on or ""),
        }
        step.owner = owner
        step.due_on = due_on
        step.done_on = done_on
        step.status = StepStatus.DONE if done_on else StepStatus.PENDING
        step.save(update_fields=["owner", "due_on", "done_on", "status"])
        after = {
            "owner": step.owner_id,
            "due_on": str(step.due_on or ""),
            "done_on": str(step.done_on or ""),
        }
        audit.record(
            step, action="cases.company_step_updated", by=by, changes=audit.diff(before, after)
        )


def add_note(case: Case, *, by: User | None, body: str, internal: bool = True) -> CaseNote:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write something first."))
    with transaction.atomic():
        note = CaseNote.objects.create(
            case=case,
            author=by if getattr(by, "is_authenticated", False) else None,
            body=body,
            is_internal=internal,
        )
        audit.record(note, action="cases.note_added", by=by)
    return note


def assign_officer(case: Case, *, by: User | None, officer: User | None) -> None:
    if officer is not None and not officer.is_staff_member:
        raise ValidationError(_("Only staff can be case officers."))
    with transaction.atomic():
        before = case.officer_id
        case.officer = officer
        case.save(update_fields=["officer", "updated_at"])
        audit.record(
            case,
            action="cases.officer_assigned",
            by=by,
            changes={"officer": [before, officer.pk if officer else None]},
        )


# --- reminders -----------------------------------------------------------------------------


def _reminder_line(step: RelocateeStep | CompanyStep) -> str:
    if isinstance(step, RelocateeStep):
        planned = date_format(step.planned_on, "SHORT_DATE_FORMAT") if step.planned_on else "—"
        return (
            f"{step.relocatee.case} — {step.relocatee}: {step.get_kind_display()} "
            f"({_('planned')} {planned})"
        )
    due = date_format(step.due_on, "SHORT_DATE_FORMAT") if step.due_on else "—"
    return f"{step.case} — {step.label} ({_('due')} {due})"


def queue_reminders(*, today: date | None = None) -> int:
    """E-mail each officer or owner their late steps; each step at most once a day.

    Steps are claimed by setting ``reminded_on`` in the same statement that checks it, so two
    workers running this at once never remind twice. Returns the number of e-mails queued.
    """
    from softlanding.cases.queries import late_company_steps, late_visa_steps
    from softlanding.core.tasks import send_email

    today = today or timezone.localdate()
    not_yet = Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
    steps_of: dict[Any, list[RelocateeStep | CompanyStep]] = defaultdict(list)
    recipients: dict[Any, User] = {}
    with transaction.atomic():
        visa = list(late_visa_steps(today).filter(not_yet).select_for_update(of=("self",)))
        company = list(late_company_steps(today).filter(not_yet).select_for_update(of=("self",)))
        RelocateeStep.objects.filter(pk__in=[s.pk for s in visa]).filter(not_yet).update(
            reminded_on=today
        )
        CompanyStep.objects.filter(pk__in=[s.pk for s in company]).filter(not_yet).update(
            reminded_on=today
        )
        for step in visa:
            officer = step.relocatee.case.officer
            if officer is not None and officer.email:
                recipients[officer.pk] = officer
                steps_of[officer.pk].append(step)
        for company_step in company:
            person = company_step.owner or company_step.case.officer
            if person is not None and person.email:
                recipients[person.pk] = person
                steps_of[person.pk].append(company_step)

        def send() -> None:
            for pk, steps in steps_of.items():
                person = recipients[pk]
                # Each in the language the person reads the site in.
                with translation.override(person.language or settings.LANGUAGE_CODE):
                    body = (
                        _("These steps are late:") + "\n\n" + "\n".join(map(_reminder_line, steps))
                    )
                    subject = _("Late relocation steps: %(count)s") % {"count": len(steps)}
                send_email.enqueue(to=[person.email], subject=subject, body=body)

        transaction.on_commit(send)
    return len(steps_of)


# --- hand-off from the portal --------------------------------------------------------------

#: The portal's relations → ours.
PORTAL_RELATIONS = {
    "specialist": Relation.EMPLOYEE,
    "spouse": Relation.SPOUSE,
    "child": Relation.CHILD,
}


def open_case_for_application(application: Any, *, by: User | None) -> Case:
    """The case of an approved application, opened once: calling again returns the same case.

    Its people are the application's relocating people, family members tied to their
    specialist. Two calls at once cannot make two cases: ``Case.application`` is unique, and
    the loser of that race returns the winner's case.
    """
    existing = Case.objects.filter(application=application).first()
    if existing is not None:
        return existing
    people = [
        PersonData(
            name_latin=person.full_name,
            relation=PORTAL_RELATIONS.get(person.relation, Relation.OTHER_FAMILY),
            nationality=str(person.citizenship or ""),
            source_key=f"portal-person-{person.pk}",
            family_of_key=f"portal-person-{person.family_of_id}" if person.family_of_id else "",
        )
        # Specialists first, so that their family members find them.
        for person in sorted(
            application.people.all(), key=lambda p: (p.family_of_id is not None, p.pk)
        )
    ]
    opportunity = application.opportunity
    officer = application.assignee or (by if getattr(by, "is_staff_member", False) else None)
    try:
        with transaction.atomic():
            return open_case(
                by=by,
                kind=application.kind if application.kind in CaseKind.values else CaseKind.COMPANY,
                title=str(application),
                people=people,
                officer=officer,
                application=application,
                organization=application.organization,
                campaign=opportunity.campaign if opportunity is not None else None,
                country=str(application.country or ""),
            )
    except (IntegrityError, ValidationError):
        existing = Case.objects.filter(application=application).first()
        if existing is None:
            raise
        return existing
