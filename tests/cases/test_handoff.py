"""An approved application opens its case once; the applicant follows it, and only its own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from softlanding.accounts.enums import Role
from softlanding.cases import services
from softlanding.cases.enums import Relation, StepKind
from softlanding.cases.models import Case
from softlanding.portal import services as portal
from softlanding.portal.signals import application_approved
from tests.cases.factories import ensure_templates
from tests.conftest import client_for
from tests.factories import StaffFactory
from tests.portal.factories import make_document_version, make_submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return StaffFactory(role=Role.CASE_OFFICER, first_name="Olga", last_name="Officer")


def approve(application, officer, django_capture_on_commit_callbacks) -> Case:
    with django_capture_on_commit_callbacks(execute=True):
        portal.assign(application, to=officer, by=officer)  # the assigned officer decides
        portal.approve(application, reason="Fits the programme", by=officer)
    return Case.objects.get(application=application)


def test_approval_opens_the_case_with_the_applications_people(
    officer, django_capture_on_commit_callbacks
) -> None:
    application = make_submitted_application(people=2, family=1, name="IdeaSoft", country="BY")

    case = approve(application, officer, django_capture_on_commit_callbacks)

    assert case.title == "IdeaSoft"
    assert case.kind == "company"
    assert case.country == "BY"
    assert case.officer == officer
    people = {r.name_latin: r for r in case.relocatees.all()}
    assert set(people) == {"Specialist 0", "Specialist 1", "Family 0"}
    assert people["Specialist 0"].relation == Relation.EMPLOYEE
    assert people["Family 0"].relation == Relation.CHILD
    assert people["Family 0"].family_of == people["Specialist 0"]
    assert people["Specialist 1"].steps.filter(kind=StepKind.STARTED_WORK).exists()
    assert case.company_steps.exists()


def test_a_second_signal_does_not_make_a_second_case(
    officer, django_capture_on_commit_callbacks
) -> None:
    application = make_submitted_application(people=2)
    case = approve(application, officer, django_capture_on_commit_callbacks)

    application_approved.send(sender=type(application), application=application, by=officer)
    again = services.open_case_for_application(application, by=officer)

    assert again == case
    assert Case.objects.count() == 1
    assert case.relocatees.count() == 2


def test_the_applicant_follows_its_case_without_internal_notes(
    officer, django_capture_on_commit_callbacks
) -> None:
    application = make_submitted_application(people=1, name="IdeaSoft")
    make_document_version(application)
    portal.add_comment(application, body="Check their tax debts", by=officer)
    question = portal.request_information(
        application, question="Where will the office be?", by=officer
    )
    portal.answer_request(question, answer="In the tower", by=application.applicant)
    case = approve(application, officer, django_capture_on_commit_callbacks)
    services.complete_step(case.relocatees.get().steps.get(kind=StepKind.ISSUED), by=officer)
    services.add_note(case, by=officer, body="Their accountant is slow", internal=True)
    services.add_note(case, by=officer, body="Please bring your diplomas", internal=False)
    client = client_for(application.applicant)

    listing = client.get(reverse("cases:applicant_cases")).content.decode()
    page = client.get(reverse("cases:applicant_case", args=[application.pk])).content.decode()

    assert "IdeaSoft" in listing
    assert "Visa or permit issued" in page
    assert "Has a visa" in page
    assert "Please bring your diplomas" in page
    assert "Passport: passport.pdf" in page
    assert "Question: Where will the office be?" in page
    assert "Answer: In the tower" in page
    assert "Their accountant is slow" not in page
    assert "Check their tax debts" not in page
    staff_page = client_for(officer).get(case.get_absolute_url()).content.decode()
    assert "Check their tax debts" in staff_page
    assert "Their accountant is slow" in staff_page


def test_another_applicant_gets_404_for_someone_elses_case(
    officer, django_capture_on_commit_callbacks
) -> None:
    application = make_submitted_application()
    approve(application, officer, django_capture_on_commit_callbacks)
    stranger = make_submitted_application().applicant
    client = client_for(stranger)

    response = client.get(reverse("cases:applicant_case", args=[application.pk]))

    assert response.status_code == 404
    assert application.name not in client.get(reverse("cases:applicant_cases")).content.decode()


def test_an_application_not_yet_approved_says_so(officer) -> None:
    application = make_submitted_application()
    ensure_templates()
    page = client_for(application.applicant).get(
        reverse("cases:applicant_case", args=[application.pk])
    )
    assert page.status_code == 200
    assert "opens once this application is approved" in page.content.decode()
