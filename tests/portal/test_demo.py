from __future__ import annotations

import pytest

from softlanding.portal.enums import ApplicationStatus
from softlanding.portal.models import Application

pytestmark = pytest.mark.django_db


def test_the_demo_has_applications_linked_to_the_registry_and_waiting_on_each_side() -> None:
    from softlanding.core.demo import load_demo_data

    assert load_demo_data()
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
