"""Cases as the specification: people and their steps, landed, company steps, reminders, funnel."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from softlanding.accounts.enums import Role
from softlanding.cases import queries, services
from softlanding.cases.enums import CaseStatus, Relation, StepKind, StepStatus
from softlanding.cases.models import CompanyStep, Relocatee, RelocateeStep
from softlanding.cases.services import PersonData
from tests.cases.factories import make_case
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def done(relocatee: Relocatee, *kinds: str, on: date | None = None) -> None:
    for kind in kinds:
        services.complete_step(relocatee.steps.get(kind=kind), by=None, on=on)


def test_a_case_gets_its_people_with_visa_steps_and_its_company_checklist() -> None:
    case = make_case(people=2, family=2, opened_on=date(2027, 1, 1))

    employee = case.relocatees.get(source_key="e0")
    assert [step.kind for step in employee.steps.order_by("position")] == list(StepKind.values)
    assert employee.steps.get(kind=StepKind.DOCUMENTS_GATHERED).planned_on == date(2027, 1, 1)
    assert employee.steps.get(kind=StepKind.ISSUED).planned_on > date(2027, 1, 1)
    spouse = case.relocatees.get(relation=Relation.SPOUSE)
    assert spouse.family_of == employee
    # Family members have no work to start.
    assert not spouse.steps.filter(kind=StepKind.STARTED_WORK).exists()
    labels = set(case.company_steps.values_list("label", flat=True))
    assert {"Tax-regime registration", "Register the legal entity"} <= labels


def test_an_individual_case_gets_no_legal_entity_step() -> None:
    case = make_case(kind="individual")
    labels = set(case.company_steps.values_list("label", flat=True))
    assert "Tax-regime registration" in labels
    assert "Register the legal entity" not in labels


def test_a_person_without_a_name_is_refused_and_nothing_is_written() -> None:
    case = make_case(people=0)
    with pytest.raises(ValidationError, match="needs a name"):
        services.add_relocatee(case, by=None, person=PersonData(name_latin="  "))
    assert not case.relocatees.exists()
    assert not RelocateeStep.objects.exists()


def test_landed_means_entered_and_started_work_not_a_visa() -> None:
    case = make_case(people=3)
    visa_only, arrived_only, landed = case.relocatees.order_by("id")
    done(visa_only, StepKind.ISSUED)
    done(arrived_only, StepKind.ISSUED, StepKind.ENTERED)
    done(landed, StepKind.ISSUED, StepKind.ENTERED, StepKind.STARTED_WORK)

    assert list(queries.landed_relocatees()) == [landed]
    flags = {
        r.pk: (r.has_visa, r.arrived, r.landed)
        for r in queries.with_progress(case.relocatees.all())
    }
    assert flags == {
        visa_only.pk: (True, False, False),
        arrived_only.pk: (True, True, False),
        landed.pk: (True, True, True),
    }


def test_started_work_without_entering_is_not_landed() -> None:
    case = make_case()
    done(case.relocatees.get(), StepKind.STARTED_WORK)
    assert not queries.landed_relocatees().exists()


def test_a_case_is_landed_when_every_employee_has_and_open_again_if_a_step_is_undone() -> None:
    case = make_case(people=2, family=1)
    first, second = case.relocatees.filter(relation=Relation.EMPLOYEE).order_by("id")
    done(first, StepKind.ENTERED, StepKind.STARTED_WORK)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN
    done(second, StepKind.ENTERED, StepKind.STARTED_WORK)
    case.refresh_from_db()
    assert case.status == CaseStatus.LANDED

    services.reopen_step(second.steps.get(kind=StepKind.STARTED_WORK), by=None)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_a_step_cannot_be_done_in_the_future() -> None:
    step = make_case().relocatees.get().steps.first()
    with pytest.raises(ValidationError, match="still to come"):
        services.complete_step(step, by=None, on=timezone.localdate() + timedelta(days=1))
    step.refresh_from_db()
    assert step.status == StepStatus.PENDING


def test_company_step_gets_an_owner_a_due_date_and_done() -> None:
    owner = StaffFactory(role=Role.CASE_OFFICER)
    step = make_case().company_steps.first()
    services.update_company_step(
        step, by=None, owner=owner, due_on=date(2027, 5, 1), done_on=timezone.localdate()
    )
    step.refresh_from_db()
    assert (step.owner, step.due_on, step.status) == (owner, date(2027, 5, 1), StepStatus.DONE)


def test_reminders_go_to_whose_step_it_is_once_a_day() -> None:
    officer = StaffFactory(role=Role.CASE_OFFICER, email="officer@hub.example")
    owner = StaffFactory(role=Role.CASE_OFFICER, email="owner@hub.example")
    case = make_case(officer=officer, opened_on=timezone.localdate() - timedelta(days=200))
    CompanyStep.objects.filter(case=case).update(owner=owner)
    today = timezone.localdate()

    # One e-mail to the officer (visa steps), one to the owner (company steps).
    sent = services.queue_reminders(today=today)
    assert sent == 2

    again = services.queue_reminders(today=today)
    assert again == 0
    tomorrow = services.queue_reminders(today=today + timedelta(days=1))
    assert tomorrow == 2
    assert RelocateeStep.objects.filter(reminded_on=today + timedelta(days=1)).count() == 7


def test_reminder_mail_lists_the_late_steps(django_capture_on_commit_callbacks) -> None:
    officer = StaffFactory(role=Role.CASE_OFFICER, email="officer@hub.example")
    make_case(
        officer=officer, title="IdeaSoft", opened_on=timezone.localdate() - timedelta(days=20)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_reminders()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer@hub.example"]
    assert "IdeaSoft — Employee 0: Application submitted" in message.body
    assert "Tax-regime" not in message.body  # due in 45 days, not late


def test_a_reminder_is_written_in_the_recipients_language(
    django_capture_on_commit_callbacks,
) -> None:
    officer = StaffFactory(role=Role.CASE_OFFICER, email="olga@hub.example", language="ru")
    make_case(officer=officer, opened_on=timezone.localdate() - timedelta(days=20))
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_reminders()
    message = mail.outbox[0]
    assert message.subject.startswith("Просроченные шаги переезда")
    assert "Заявление подано" in message.body


def test_the_funnel_counts_people_and_family_apart_with_drop_off() -> None:
    case = make_case(people=2, family=2, country="BY")
    other = make_case(people=1, country="UA")
    first, second = case.relocatees.filter(relation=Relation.EMPLOYEE).order_by("id")
    spouse = case.relocatees.get(relation=Relation.SPOUSE)
    done(first, StepKind.ISSUED, StepKind.ENTERED, StepKind.STARTED_WORK)
    done(second, StepKind.ISSUED)
    done(spouse, StepKind.ISSUED, StepKind.ENTERED)
    done(other.relocatees.get(), StepKind.ISSUED, StepKind.ENTERED)

    funnel = queries.funnel()
    assert funnel.as_dict() == {
        "pledged": {"people": 3, "family": 2},
        "with_visa": {"people": 3, "family": 1},
        "arrived": {"people": 2, "family": 1},
        "working": {"people": 1, "family": 0},
    }
    assert queries.funnel(country="BY").as_dict()["arrived"] == {"people": 1, "family": 1}
    drop = funnel.drop_off()
    assert drop[0] == ("pledged", "with_visa", pytest.approx(1 - 4 / 5))
    assert drop[2] == ("arrived", "working", pytest.approx(1 - 1 / 3))


def test_the_funnel_by_campaign() -> None:
    from tests.factories import make_campaign

    campaign = make_campaign()
    make_case(people=2, campaign=campaign)
    make_case(people=5)
    assert queries.funnel(campaign=campaign).as_dict()["pledged"] == {"people": 2, "family": 0}
    assert queries.funnel(campaign=campaign).drop_off()[0][2] == 1.0


def test_an_empty_funnel_has_no_drop_off_share() -> None:
    assert queries.funnel().drop_off()[0] == ("pledged", "with_visa", None)


def test_internal_notes_stay_out_of_the_applicants_timeline() -> None:
    case = make_case()
    services.add_note(case, by=None, body="Their accountant is slow", internal=True)
    services.add_note(case, by=None, body="Please bring your diplomas", internal=False)
    done(case.relocatees.get(), StepKind.DOCUMENTS_GATHERED)

    staff = [entry.text for entry in queries.timeline(case)]
    applicant = [entry.text for entry in queries.timeline(case, for_applicant=True)]
    assert "Their accountant is slow" in staff
    assert "Their accountant is slow" not in applicant
    assert "Please bring your diplomas" in applicant
    assert "Employee 0: Documents gathered" in applicant


def test_an_empty_note_is_refused() -> None:
    with pytest.raises(ValidationError, match="Write something"):
        services.add_note(make_case(), by=None, body="   ")


def test_the_daily_command_sends_each_reminder_once(django_capture_on_commit_callbacks) -> None:
    from io import StringIO

    from django.core.management import call_command

    officer = StaffFactory(role=Role.CASE_OFFICER, email="officer@hub.example")
    make_case(officer=officer, opened_on=timezone.localdate() - timedelta(days=20))
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("case_reminders", stdout=out)
        call_command("case_reminders", stdout=out)
    assert out.getvalue().splitlines() == [
        "1 reminder e-mail(s) queued",
        "0 reminder e-mail(s) queued",
    ]
    assert len(mail.outbox) == 1


def test_the_funnel_per_country_and_per_campaign_in_one_query(django_assert_num_queries) -> None:
    from tests.factories import make_campaign

    campaign = make_campaign()
    by_case = make_case(people=2, family=1, country="BY", campaign=campaign)
    make_case(people=1, country="UA")
    done(by_case.relocatees.get(source_key="e0"), StepKind.ENTERED, StepKind.STARTED_WORK)

    with django_assert_num_queries(1):
        countries = queries.funnel_by("country")
    assert countries["BY"].as_dict()["pledged"] == {"people": 2, "family": 1}
    assert countries["BY"].as_dict()["working"] == {"people": 1, "family": 0}
    assert countries["UA"].as_dict()["working"] == {"people": 0, "family": 0}
    campaigns = queries.funnel_by("campaign")
    assert campaigns[campaign.pk].as_dict() == queries.funnel(campaign=campaign).as_dict()
    assert campaigns[None].as_dict()["pledged"] == {"people": 1, "family": 0}


def test_the_dashboard_counts_late_steps_past_its_first_page() -> None:
    officer = StaffFactory(role=Role.CASE_OFFICER)
    # 20 people, each late on documents, submission and biometrics (work visa: days 0, 14, 21).
    make_case(officer=officer, people=20, opened_on=timezone.localdate() - timedelta(days=30))
    board = queries.dashboard(officer, today=timezone.localdate())
    assert len(board.late_visa) == queries.DASHBOARD_ROWS
    assert board.late_visa_total == 60
    assert board.counts == {"open": 1, "mine": 1, "landed": 0}
