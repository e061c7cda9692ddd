"""A scout finds a company in any spelling, resolves a duplicate, and undoes the merge."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from softlanding.accounts.enums import Role
from softlanding.prospects import services
from softlanding.prospects.models import DuplicateCandidate, Organization
from tests.browser.test_shell import sign_in
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_merge_and_undo(live_server, page: Page) -> None:
    scout = StaffFactory(role=Role.SCOUT)
    keep = services.create_organization(
        by=None,
        name="IdeaSoft",
        legal_form="LLC",
        country="BY",
        city="Minsk",
        website="https://ideasoft.io",
    )
    absorb = services.create_organization(
        by=None, name="АйдиаСофт", legal_form="ООО", country="BY", founded=2012
    )
    DuplicateCandidate.objects.create(
        low=keep, high=absorb, score=0.95, reasons=["same name across Cyrillic and Latin"]
    )
    sign_in(page, live_server.url, scout.email)

    page.goto(f"{live_server.url}/prospects/")
    page.get_by_label("Name, any spelling").fill("айдиа")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="IdeaSoft LLC")).to_be_visible()

    page.get_by_role("link", name="Duplicates").click()
    expect(page.get_by_text("same name across Cyrillic and Latin")).to_be_visible()
    page.get_by_role("button", name="Merge, keep IdeaSoft LLC").click()
    expect(page.get_by_text("Merged into IdeaSoft LLC. You can undo it below.")).to_be_visible()

    page.get_by_role("link", name="IdeaSoft LLC").first.click()
    expect(page.get_by_text("АйдиаСофт", exact=True)).to_be_visible()  # now one of its other names
    expect(
        page.get_by_text("2012", exact=True)
    ).to_be_visible()  # a field filled from the absorbed record
    page.get_by_role("button", name="Undo merge").click()
    expect(page.get_by_text("Merge undone.")).to_be_visible()
    assert Organization.objects.get(pk=absorb.pk).merged_into is None
    expect(page.get_by_text("2012", exact=True)).to_have_count(0)
