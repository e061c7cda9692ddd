"""Case officers' review: the queue, assignment, comments, questions and decisions."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from softlanding.accounts.enums import Role
from softlanding.portal import services
from softlanding.portal.enums import ApplicationStatus
from softlanding.portal.models import Application
from softlanding.portal.signals import application_approved
from tests.conftest import client_for
from tests.factories import StaffFactory
from tests.portal.factories import make_document_version, make_submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return StaffFactory(role=Role.CASE_OFFICER, first_name="Nadia", last_name="Case")


def queue(client, **params) -> str:
    return client.get(reverse("portal:review_queue"), params).content.decode()


def test_the_queue_lists_open_applications_oldest_first_and_filters(officer) -> None:
    first = make_submitted_application(name="First Soft", country="BY")
    second = make_submitted_application(name="Second Soft", country="UA")
    decided = make_submitted_application(name="Decided Soft")
    services.assign(decided, to=officer, by=officer)
    services.reject(decided, reason="Out of scope", by=officer)
    services.assign(second, to=officer, by=officer)
    client = client_for(officer)

    page = queue(client)
    assert page.index("First Soft") < page.index("Second Soft")
    assert "Decided Soft" not in page
    assert "Decided Soft" in queue(client, status="rejected")
    assert "Decided Soft" in queue(client, status="all")
    by_country = queue(client, country="ua")
    assert "Second Soft" in by_country
    assert "First Soft" not in by_country
    mine = queue(client, assignee=str(officer.pk))
    assert "Second Soft" in mine
    assert "First Soft" not in mine
    nobody = queue(client, assignee="none")
    assert "First Soft" in nobody
    assert "Second Soft" not in nobody
    assert first.pk


def test_drafts_never_reach_the_queue_or_the_review_page(officer) -> None:
    from tests.portal.factories import make_application

    draft = make_application(name="Draft Soft")
    client = client_for(officer)
    assert "Draft Soft" not in queue(client, status="all")
    assert client.get(draft.get_review_url()).status_code == 404


def test_the_queue_pages_without_counting(officer) -> None:
    for n in range(3):
        make_submitted_application(name=f"Paged {n}")
    from softlanding.portal import views

    client = client_for(officer)
    original = views.QUEUE_PAGE
    views.QUEUE_PAGE = 2
    try:
        first = queue(client)
        second = queue(client, page="2")
    finally:
        views.QUEUE_PAGE = original
    assert "Paged 0" in first
    assert "Paged 2" not in first
    assert 'rel="next"' in first
    assert "Paged 2" in second
    assert 'rel="next"' not in second


@pytest.mark.parametrize("rows", [1, 30])
def test_the_queue_costs_the_same_queries_for_one_row_and_many(officer, rows: int) -> None:
    from tests.factories import ApplicantFactory
    from tests.portal.factories import make_application

    applicant = ApplicantFactory()
    for n in range(rows):
        application = make_application(applicant, name=f"Row {n}")
        Application.objects.filter(pk=application.pk).update(
            status=ApplicationStatus.SUBMITTED,
            submitted_at="2026-01-01T10:00:00Z",
            assignee=officer if n % 2 else None,
        )
    client = client_for(officer)
    client.get(reverse("portal:review_queue"))  # warm the session and the permission cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("portal:review_queue"))
    assert response.content.decode().count("Row ") == rows
    # session, user, permissions (two), officers for the filter, the page's ids, its rows
    assert len(queries) <= 7, [q["sql"] for q in queries]


def test_assigning_takes_a_submitted_application_into_review(officer) -> None:
    application = make_submitted_application()
    client_for(officer).post(
        reverse("portal:review_assign", args=[application.pk]), {"assignee": str(officer.pk)}
    )
    application.refresh_from_db()
    assert application.assignee == officer
    assert application.status == ApplicationStatus.IN_REVIEW


def test_only_the_assigned_officer_or_a_programme_lead_decides(officer, lead) -> None:
    other = StaffFactory(role=Role.CASE_OFFICER)
    application = make_submitted_application()
    services.assign(application, to=officer, by=officer)
    page = client_for(other).get(application.get_review_url()).content.decode()
    assert "Record the decision" not in page
    response = client_for(other).post(
        reverse("portal:review_decide", args=[application.pk]),
        {"decision": "approve", "reason": "Mine now"},
        follow=True,
    )
    assert "Only the assigned case officer or a programme lead decides" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert (
        "Record the decision"
        in client_for(officer).get(application.get_review_url()).content.decode()
    )
    services.approve(application, reason="Fine.", by=lead)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_a_question_reaches_the_applicant_by_email_in_its_language(
    officer, django_capture_on_commit_callbacks
) -> None:
    application = make_submitted_application()
    Application.objects.filter(pk=application.pk).update(language="ru")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(officer).post(
            reverse("portal:review_request_info", args=[application.pk]),
            {"question": "Пришлите, пожалуйста, договор аренды."},
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INFO_REQUESTED
    (message,) = mail.outbox
    assert message.to == [application.applicant.email]
    assert message.subject == "У хаба есть вопрос по вашей заявке"
    assert "Пришлите, пожалуйста, договор аренды." in message.body
    assert f"/portal/applications/{application.pk}/" in message.body


def test_approval_emails_the_applicant_and_sends_the_hand_off_signal(
    officer, django_capture_on_commit_callbacks
) -> None:
    application = make_submitted_application()
    services.assign(application, to=officer, by=officer)
    received = []

    def listener(sender, application, by, **kwargs):
        received.append((application.pk, by))

    application_approved.connect(listener)
    mail.outbox.clear()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            client_for(officer).post(
                reverse("portal:review_decide", args=[application.pk]),
                {"decision": "approve", "reason": "Meets every rule."},
            )
    finally:
        application_approved.disconnect(listener)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_at is not None
    assert received == [(application.pk, officer)]
    assert mail.outbox[0].subject == "Your application is approved"


def test_a_rejection_needs_a_reason(officer) -> None:
    application = make_submitted_application()
    services.assign(application, to=officer, by=officer)
    response = client_for(officer).post(
        reverse("portal:review_decide", args=[application.pk]),
        {"decision": "reject", "reason": " "},
        follow=True,
    )
    assert "Give the reason for the rejection" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW


def test_a_decided_application_cannot_be_decided_again(officer) -> None:
    application = make_submitted_application()
    services.assign(application, to=officer, by=officer)
    services.reject(application, reason="Too small", by=officer)
    client_for(officer).post(
        reverse("portal:review_decide", args=[application.pk]),
        {"decision": "approve", "reason": ""},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_the_review_page_shows_documents_questions_and_internal_comments(officer) -> None:
    application = make_submitted_application(name="Shown Soft")
    version = make_document_version(application)
    services.add_comment(application, body="Call their accountant first.", by=officer)
    services.request_information(application, question="Which office?", by=officer)
    client = client_for(officer)
    page = client.get(application.get_review_url()).content.decode()
    assert "Call their accountant first." in page
    assert "Which office?" in page
    assert version.get_absolute_url() in page
    assert client.get(version.get_absolute_url()).status_code == 200, "reviewers open files"


def test_a_scout_cannot_review_or_open_documents() -> None:
    scout = StaffFactory(role=Role.SCOUT)
    application = make_submitted_application()
    version = make_document_version(application)
    client = client_for(scout)
    assert client.get(application.get_review_url()).status_code == 403
    assert client.get(version.get_absolute_url()).status_code == 403


def test_the_review_page_shows_each_rules_result_by_the_version_in_force_on_submission(
    officer,
) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    from softlanding.offers import services as offers
    from softlanding.offers.models import RuleSet
    from softlanding.offers.services import RuleInput
    from tests.offers.seeding import seed_offer_defaults

    seed_offer_defaults()
    application = make_submitted_application(
        name="Judged Soft",
        employees=40,
        activity_types=["software_development"],
        revenue_abroad_percent=90,
        state_owned_percent=None,
    )
    # A stricter version from tomorrow on does not judge an application submitted today.
    rule_set = RuleSet.objects.order_by("position", "id").first()
    draft = offers.create_draft_version(rule_set=rule_set, by=officer)
    offers.save_draft_rules(
        version=draft, rules=[RuleInput("min_employees", {"min": 100})], by=officer
    )
    offers.publish_rule_set_version(
        version=draft, effective_from=timezone.localdate() + timedelta(days=1), by=officer
    )
    page = client_for(officer).get(application.get_review_url()).content.decode()
    assert "version 1, in force from" in page
    assert page.count('data-outcome="passed"') == 3
    assert page.count('data-outcome="unknown"') == 1, "state ownership was not given"
    assert 'data-eligible="unknown"' in page

    later = make_submitted_application(name="Later Soft", employees=40)
    Application.objects.filter(pk=later.pk).update(submitted_at=timezone.now() + timedelta(days=2))
    page = client_for(officer).get(later.get_review_url()).content.decode()
    assert "version 2" in page
    assert 'data-outcome="failed"' in page
    assert 'data-eligible="no"' in page
    assert date.today()


def test_facts_come_from_the_application_and_count_the_specialists() -> None:
    from decimal import Decimal

    from tests.portal.factories import make_application

    application = make_application(
        people=2,
        family=1,
        employees=12,
        country="UA",
        activity_types=["it_services"],
        revenue_abroad_percent=Decimal("75.5"),
        founded_year=2015,
    )
    facts = application.facts()
    assert facts.relocating_people == 2
    assert facts.country == "UA"
    assert facts.activity_types == frozenset({"it_services"})
    assert facts.revenue_abroad_percent == Decimal("75.5")
    assert facts.founded_year == 2015
    assert facts.state_owned_percent is None


def test_the_organisation_and_opportunity_pages_show_their_applications(officer) -> None:
    from softlanding.prospects import services as prospects
    from tests.factories import make_opportunity

    organization = prospects.create_organization(by=None, name="Panel Soft", country="BY")
    opportunity = make_opportunity(organization=organization)
    application = make_submitted_application(name="Panel Soft")
    assert application.organization == organization
    services.add_comment(application, body="Internal only", by=officer)
    lead = StaffFactory(role=Role.PROGRAMME_LEAD)
    for url in [organization.get_absolute_url(), opportunity.get_absolute_url()]:
        page = client_for(lead).get(url).content.decode()
        assert application.get_review_url() in page
        assert "Internal only" not in page
    scout_page = client_for(StaffFactory(role=Role.SCOUT)).get(organization.get_absolute_url())
    assert application.get_review_url() not in scout_page.content.decode()
