"""What a person sees: signing in, switching language, being refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from softlanding.accounts.enums import Role
from tests.factories import PASSWORD, ApplicantFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_staff_signs_in_switches_to_russian_and_sees_the_russian_dashboard(
    live_server, page: Page
) -> None:
    lead = StaffFactory(role=Role.PROGRAMME_LEAD, first_name="Aigerim")
    sign_in(page, live_server.url, lead.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Aigerim")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Prospects")
    ).to_be_visible()

    page.get_by_role("button", name="Русский").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Здравствуйте, Aigerim")
    expect(page.get_by_role("heading", name="Ваши разделы программы")).to_be_visible()
    nav = page.get_by_role("navigation", name="Главное меню")
    expect(nav.get_by_role("link", name="Проспекты")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "ru"

    # Remembered for the user: a fresh browser context (another device) opens in Russian too.
    other = page.context.browser.new_context()
    other_page = other.new_page()
    sign_in(other_page, live_server.url, lead.email)
    expect(other_page.get_by_role("heading", level=1)).to_have_text("Здравствуйте, Aigerim")
    other.close()


def test_applicant_is_refused_a_staff_page(live_server, page: Page) -> None:
    applicant = ApplicantFactory()
    sign_in(page, live_server.url, applicant.email)
    expect(page.get_by_role("heading", name="My applications")).to_be_visible()
    expect(page.get_by_role("link", name="Prospects")).to_have_count(0)

    response = page.goto(f"{live_server.url}/prospects/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()


def test_the_shell_fits_a_phone_and_has_no_csp_violations(live_server, page: Page) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.set_viewport_size({"width": 375, "height": 740})
    scout = StaffFactory(role=Role.SCOUT)
    sign_in(page, live_server.url, scout.email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"page is {scroll_width}px wide on a 375px phone"
    assert violations == []
