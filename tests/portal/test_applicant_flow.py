"""An applicant's path through the portal, page by page, with Django's test client."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from softlanding.portal.enums import ApplicationStatus, Relation
from softlanding.portal.models import Application, DocumentVersion
from softlanding.prospects.models import Organization
from tests.conftest import client_for
from tests.factories import ApplicantFactory, OrganizationFactory
from tests.portal.factories import make_application, make_submitted_application, pdf_upload

pytestmark = pytest.mark.django_db


def step_url(application: Application, step: str) -> str:
    return reverse("portal:application_step", args=[application.pk, step])


def test_a_company_applies_step_by_step_and_a_draft_resumes_where_it_stopped(
    django_capture_on_commit_callbacks,
) -> None:
    applicant = ApplicantFactory(language="ru")
    client = client_for(applicant)
    response = client.post(reverse("portal:application_start"), {"kind": "company"})
    application = Application.objects.get(applicant=applicant)
    assert response["Location"] == step_url(application, "applicant")
    assert application.language == "ru"

    response = client.post(
        step_url(application, "applicant"),
        {
            "name": "IdeaSoft",
            "legal_form": "LLC",
            "country": "BY",
            "employees": "60",
            "activity_types": ["software_development", "it_services"],
            "save": "1",
        },
    )
    assert response["Location"] == step_url(application, "applicant"), "save draft stays"
    home = client.get(reverse("portal:home")).content.decode()
    assert "IdeaSoft" in home
    assert step_url(application, "people") in home, "the draft resumes at the next step"

    client.post(
        step_url(application, "people"),
        {
            "people-TOTAL_FORMS": "2",
            "people-INITIAL_FORMS": "0",
            "people-0-full_name": "Yury Ivanov",
            "people-0-citizenship": "BY",
            "people-1-full_name": "Olga Petrova",
            "next": "1",
        },
    )
    yury = application.people.get(full_name="Yury Ivanov")
    response = client.post(
        step_url(application, "family"),
        {
            "family-TOTAL_FORMS": "1",
            "family-INITIAL_FORMS": "0",
            "family-0-full_name": "Anna Ivanova",
            "family-0-relation": "spouse",
            "family-0-family_of": str(yury.pk),
        },
    )
    assert response["Location"] == step_url(application, "benefits")
    anna = application.people.get(full_name="Anna Ivanova")
    assert (anna.relation, anna.family_of) == (Relation.SPOUSE, yury)

    from softlanding.offers.queries import active_benefits
    from tests.offers.seeding import seed_offer_defaults

    seed_offer_defaults()
    wanted = list(active_benefits()[:2])
    response = client.post(
        step_url(application, "benefits"), {"benefits": [b.pk for b in wanted], "next": "1"}
    )
    assert response["Location"] == step_url(application, "documents")
    assert set(application.benefits.all()) == set(wanted)

    client.post(
        reverse("portal:document_upload", args=[application.pk]),
        {"kind": "passport", "file": pdf_upload()},
    )
    assert DocumentVersion.objects.filter(document__application=application).count() == 1
    review = client.get(step_url(application, "review")).content.decode()
    assert "Olga Petrova" in review
    assert wanted[0].title_ru in review, "the applicant reads Russian"
    assert "Разработка программного обеспечения" in review
    assert "passport.pdf" in review

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:application_submit", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    assert application.organization is not None
    assert application.organization.sources == ["portal"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Ваша заявка подана", "written in the applicant's language"
    # Once submitted, the steps are closed: they lead to the application's page.
    assert client.get(step_url(application, "people"))["Location"] == application.get_absolute_url()


def test_submitting_links_the_existing_organisation_and_its_open_opportunity() -> None:
    from softlanding.prospects import services as prospects
    from tests.factories import make_opportunity

    ideasoft = prospects.create_organization(
        by=None, name="IdeaSoft", country="BY", legal_form="LLC", website="https://ideasoft.io"
    )
    opportunity = make_opportunity(organization=ideasoft)
    application = make_submitted_application(name="Айдиасофт", website="https://www.ideasoft.io/")
    assert application.organization == ideasoft
    assert application.opportunity == opportunity
    assert Organization.objects.count() == 1, "never a second organisation when one matches"


def test_a_new_organisation_gets_an_opportunity_in_the_campaign_for_its_country() -> None:
    from tests.factories import make_campaign

    campaign = make_campaign(source_countries=["UA"])
    OrganizationFactory(name="Unrelated Labs", country="UA")
    application = make_submitted_application(name="Brand New Soft", country="UA")
    assert application.organization is not None
    assert application.organization.name == "Brand New Soft"
    assert application.opportunity is not None
    assert application.opportunity.campaign == campaign


def test_an_individual_is_linked_to_the_person_with_its_email() -> None:
    from tests.factories import PersonFactory

    applicant = ApplicantFactory(email="yury@example.org")
    person = PersonFactory(email="Yury@Example.org")
    application = make_submitted_application(applicant, kind="individual", name="Yury Ivanov")
    assert application.person == person
    assert application.organization is None


def test_an_incomplete_draft_is_not_submitted_and_says_why() -> None:
    application = make_application(people=0)
    client = client_for(application.applicant)
    response = client.post(reverse("portal:application_submit", args=[application.pk]), follow=True)
    assert "Add at least one relocating person." in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.organization is None


def test_a_family_member_must_belong_to_a_specialist_of_the_same_application() -> None:
    application = make_application()
    other = make_application()
    stranger = other.people.get()
    client = client_for(application.applicant)
    response = client.post(
        step_url(application, "family"),
        {
            "family-TOTAL_FORMS": "1",
            "family-INITIAL_FORMS": "0",
            "family-0-full_name": "Anna",
            "family-0-relation": "spouse",
            "family-0-family_of": str(stranger.pk),
        },
    )
    assert response.status_code == 200
    assert not application.people.filter(full_name="Anna").exists()


def test_the_applicant_answers_the_hubs_question_and_uploads_more(lead) -> None:
    from softlanding.portal import services

    application = make_submitted_application()
    services.request_information(application, question="Send the lease, please.", by=lead)
    client = client_for(application.applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Send the lease, please." in page
    request = application.info_requests.get()
    client.post(
        reverse("portal:application_answer", args=[application.pk]),
        {"request": request.pk, "answer": "Attached."},
    )
    client.post(
        reverse("portal:document_upload", args=[application.pk]),
        {"kind": "contract", "file": pdf_upload("lease.pdf")},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.IN_REVIEW
    assert application.documents.get().versions.get().original_name == "lease.pdf"


def test_reuploading_a_document_keeps_every_version() -> None:
    application = make_application()
    client = client_for(application.applicant)
    url = reverse("portal:document_upload", args=[application.pk])
    client.post(url, {"kind": "passport", "file": pdf_upload("v1.pdf")})
    document = application.documents.get()
    client.post(url, {"document": document.pk, "file": pdf_upload("v2.pdf", b"%PDF-1.7 new")})
    versions = list(document.versions.order_by("number").values_list("number", "original_name"))
    assert versions == [(1, "v1.pdf"), (2, "v2.pdf")]
    page = client.get(step_url(application, "documents")).content.decode()
    assert "v1.pdf" in page
    assert "v2.pdf" in page


def test_the_owner_downloads_its_file_with_its_checked_type() -> None:
    application = make_application()
    client = client_for(application.applicant)
    client.post(
        reverse("portal:document_upload", args=[application.pk]),
        {"kind": "passport", "file": pdf_upload("../../etc/passwd.exe.pdf")},
    )
    version = DocumentVersion.objects.get()
    assert version.original_name == "passwd.exe.pdf"
    response = client.get(version.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_withdrawn_application_takes_no_more_documents() -> None:
    application = make_submitted_application()
    client = client_for(application.applicant)
    client.post(reverse("portal:application_withdraw", args=[application.pk]))
    response = client.post(
        reverse("portal:document_upload", args=[application.pk]),
        {"kind": "passport", "file": pdf_upload()},
        follow=True,
    )
    assert "This application no longer takes documents." in response.content.decode()
    assert not DocumentVersion.objects.exists()


@pytest.mark.parametrize("rows", [1, 25])
def test_the_applicants_list_costs_the_same_queries_for_one_row_and_many(rows: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    applicant = ApplicantFactory()
    for n in range(rows):
        make_application(applicant, name=f"Mine {n}")
    client = client_for(applicant)
    client.get(reverse("portal:home"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("portal:home")).content.decode()
    assert page.count("Mine ") == rows
    assert len(queries) <= 3, [q["sql"] for q in queries]  # session, user, the list
