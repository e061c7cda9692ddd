from __future__ import annotations

import pytest

from softlanding.cases.demo import load_demo_cases
from softlanding.core.demo import DEMO_LOADERS, load_demo_data
from softlanding.portal.demo import load_demo_portal
from softlanding.portal.enums import ApplicationStatus
from softlanding.portal.models import Application

pytestmark = pytest.mark.django_db


def test_the_portal_demo_loader_is_registered_before_the_cases_one() -> None:
    """Cases' loader brings the portal's approved application's case under way."""
    assert DEMO_LOADERS.index(load_demo_portal) < DEMO_LOADERS.index(load_demo_cases)


def test_the_demo_has_applications_linked_to_the_registry_and_waiting_on_each_side() -> None:
    assert load_demo_data()
    assert load_demo_portal("http://127.0.0.1:8000")

    brestline = Application.objects.get(name="Brestline Software")
    assert brestline.status == ApplicationStatus.INFO_REQUESTED
    assert brestline.organization is not None
    assert brestline.organization.name == "Brestline Software"
    assert "portal" not in brestline.organization.sources, "the registry's, not a new one"
    assert brestline.opportunity is not None
    assert brestline.opportunity.organization == brestline.organization
    polotsk = Application.objects.get(name="Polotsk Digital")
    assert polotsk.status == ApplicationStatus.APPROVED
    assert polotsk.organization is not None
    assert polotsk.organization.sources == ["portal"]
    assert Application.objects.filter(status=ApplicationStatus.DRAFT, kind="individual").exists()

    # The demo database is reused between runs: nothing is added the second time.
    count = Application.objects.count()
    assert not load_demo_portal("http://127.0.0.1:8000")
    assert Application.objects.count() == count


def test_without_the_demo_registry_the_portal_loader_does_nothing() -> None:
    assert not load_demo_portal("http://127.0.0.1:8000")
    assert not Application.objects.exists()
