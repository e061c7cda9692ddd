"""A caller's day in a real browser: My day, a call with an objection, the board, the funnel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from softlanding.accounts.enums import Role
from softlanding.outreach import services
from softlanding.outreach.models import Activity, Opportunity
from tests.browser.test_shell import sign_in
from tests.factories import OrganizationFactory, StaffFactory, make_campaign, make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_callers_day_from_follow_up_to_pledge_to_funnel(live_server, page: Page) -> None:
    scout = StaffFactory(role=Role.SCOUT, first_name="Daniyar")
    campaign = make_campaign(name="Belarus 2020")
    campaign.team.add(scout)
    ideasoft = make_opportunity(
        campaign, by=scout, organization=OrganizationFactory(name="IdeaSoft", employees=60)
    )
    services.log_activity(
        by=scout,
        kind="call",
        opportunity=ideasoft,
        notes="Asked to call back on Monday",
        follow_up_on=timezone.localdate(),
    )
    sign_in(page, live_server.url, scout.email)

    page.get_by_role("link", name="Outreach").first.click()
    expect(page.get_by_role("heading", name="My day", level=1)).to_be_visible()
    due = page.locator("section", has=page.get_by_role("heading", name="Due today"))
    expect(due.get_by_role("link", name="IdeaSoft LLC")).to_be_visible()

    # The call, logged in one short form under the follow-up it answers.
    due.get_by_label("Outcome").select_option(label="Reached, talked")
    due.get_by_label("Notes").fill("Clients in the US; the local market doesn't appeal")
    due.get_by_label("Objection heard").select_option(
        label="Local market does not appeal / our clients are abroad"
    )
    later = timezone.localdate() + timedelta(days=2)
    due.get_by_label("Follow up on").fill(later.isoformat())
    due.get_by_role("button", name="Log call").click()
    expect(page.get_by_text("Logged. The follow-up is off your list.")).to_be_visible()
    expect(page.get_by_text("Nothing due today.")).to_be_visible()
    assert Activity.objects.open_follow_ups().get().follow_up_on == later

    # The board: drag the card to "Interested", then move it on with the keyboard form.
    page.get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name="Belarus 2020").click()
    card = page.locator(f"#opportunity-{ideasoft.pk}")
    expect(page.locator(".column[data-stage=contacted]")).to_contain_text("IdeaSoft LLC")
    card.drag_to(page.locator(".column[data-stage=interested]"))
    expect(page.locator(".column[data-stage=interested]")).to_contain_text("IdeaSoft LLC")
    select = page.get_by_label("Move IdeaSoft LLC to")
    select.focus()
    select.select_option(label="Pledged")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.locator(".column[data-stage=pledged]")).to_contain_text("IdeaSoft LLC")
    assert Opportunity.objects.get(pk=ideasoft.pk).stage == "pledged"

    # The funnel shows the pledge and the objection.
    page.get_by_role("button", name="Funnel").click()
    pledged = page.get_by_role("row", name="Pledged")
    expect(pledged.get_by_role("cell").nth(1)).to_have_text("1")
    expect(
        page.get_by_text("Local market does not appeal / our clients are abroad: 1")
    ).to_be_visible()
    expect(page.locator("figure.chart svg").first).to_be_visible()


def test_two_callers_move_the_same_card_and_the_second_is_told(live_server, page: Page) -> None:
    scout = StaffFactory(role=Role.SCOUT)
    lead = StaffFactory(role=Role.PROGRAMME_LEAD)
    opportunity = make_opportunity(
        make_campaign(), by=scout, organization=OrganizationFactory(name="Softeq")
    )
    sign_in(page, live_server.url, scout.email)
    page.goto(f"{live_server.url}{opportunity.campaign.get_absolute_url()}")
    # Meanwhile the programme lead moves it from another desk.
    services.move_opportunity(opportunity, to="interested", by=lead)

    page.get_by_label("Move Softeq LLC to").select_option(label="Contacted")
    page.get_by_role("button", name="Move").click()

    expect(page.get_by_role("alert")).to_contain_text("was moved to “Interested” by someone else")
    expect(page.locator(".column[data-stage=interested]")).to_contain_text("Softeq LLC")
