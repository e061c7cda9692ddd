"""The portal's review page links to the case its approval opened (a panel Cases registers)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from softlanding.accounts.enums import Role
from softlanding.cases.models import Case
from softlanding.cases.panels import application_panel
from softlanding.core.panels import render_panels
from softlanding.portal import services as portal
from tests.conftest import client_for
from tests.factories import StaffFactory
from tests.portal.factories import make_submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return StaffFactory(role=Role.CASE_OFFICER)


def test_the_review_page_links_to_the_case_of_an_approved_application(
    officer, django_capture_on_commit_callbacks
) -> None:
    application = make_submitted_application(people=1, name="IdeaSoft")
    client = client_for(officer)
    before = client.get(application.get_review_url()).content.decode()
    assert "Relocation case" not in before

    portal.assign(application, to=officer, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        portal.approve(application, reason="Fits the programme", by=officer)
    case = Case.objects.get(application=application)

    page = client.get(application.get_review_url()).content.decode()
    assert "Relocation case" in page
    assert f'href="{case.get_absolute_url()}"' in page


def test_the_panel_is_registered_for_applications_and_hidden_from_staff_without_cases(
    officer, django_capture_on_commit_callbacks
) -> None:
    application = make_submitted_application(people=1)
    portal.assign(application, to=officer, by=officer)
    with django_capture_on_commit_callbacks(execute=True):
        portal.approve(application, reason="Fits", by=officer)
    request = RequestFactory().get("/")

    request.user = officer
    assert len(render_panels("application", request, application)) == 1

    request.user = StaffFactory(role=Role.SCOUT)
    assert application_panel(request, application) == ""
