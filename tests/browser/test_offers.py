"""A scout answers "the local market does not appeal" with an offer in Russian, in a real browser,
and the downloaded PDF says so."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from softlanding.accounts.enums import Role
from softlanding.offers.models import OfferVersion
from softlanding.outreach import services
from softlanding.outreach.models import Objection
from tests.browser.test_shell import sign_in
from tests.factories import OrganizationFactory, StaffFactory, make_opportunity
from tests.offers.seeding import seed_offer_defaults

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_scout_makes_a_russian_offer_that_answers_the_local_market_objection(
    live_server, page: Page
) -> None:
    seed_offer_defaults()
    scout = StaffFactory(role=Role.SCOUT)
    opportunity = make_opportunity(
        by=scout, organization=OrganizationFactory(name="IdeaSoft", country="BY")
    )
    services.log_activity(
        by=scout,
        kind="call",
        opportunity=opportunity,
        notes="Turned us down",
        objections=[
            services.ObjectionHeard(
                Objection.objects.get(code="local_market"),
                note="We are working the States, Europe and Australia",
            )
        ],
    )
    sign_in(page, live_server.url, scout.email)

    # From the opportunity, through the offer panel, to the offer page.
    page.goto(f"{live_server.url}{opportunity.get_absolute_url()}")
    page.get_by_role("link", name="Make an offer").click()
    expect(page.get_by_role("heading", name="Offer to IdeaSoft LLC")).to_be_visible()
    expect(
        page.get_by_text("Local market does not appeal / our clients are abroad")
    ).to_be_visible()

    page.get_by_label("Language").select_option(label="Russian")
    page.get_by_role("button", name="Make an offer").click()
    expect(page.get_by_text("Offer version 1 is ready.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Russian")
    expect(row).to_have_count(1)

    with page.expect_download() as download_info:
        row.get_by_role("link", name="Download").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-v1-ru.pdf")
    with open(download.path(), "rb") as handle:
        data = handle.read()
    text = " ".join(sheet.extract_text() or "" for sheet in PdfReader(io.BytesIO(data)).pages)
    text = " ".join(text.split())  # PDF lines wrap where the layout wrapped them

    assert "Наше предложение для IdeaSoft LLC" in text
    assert "Местный рынок неинтересен / наши клиенты за рубежом" in text
    assert "Местный рынок вам не нужен: хаб — это база для работы с клиентами за рубежом." in text
    assert "Налоговый режим для экспорта" in text
    assert OfferVersion.objects.get(opportunity=opportunity).language == "ru"
