"""An application from sign-up to approval, in a real browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from softlanding.accounts.enums import Role
from softlanding.offers.queries import active_benefits
from softlanding.portal.enums import ApplicationStatus
from softlanding.portal.models import Application, DocumentVersion
from tests.browser.test_shell import sign_in
from tests.factories import StaffFactory
from tests.offers.seeding import seed_offer_defaults
from tests.portal.factories import PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Slow-Connection-42"


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_an_applicant_applies_answers_the_hub_and_is_approved(
    live_server, page: Page, tmp_path: Path
) -> None:
    seed_offer_defaults()
    officer = StaffFactory(role=Role.CASE_OFFICER, first_name="Nadia")
    base = live_server.url

    # Sign-up, and the link of the confirmation e-mail.
    page.goto(f"{base}/accounts/signup/")
    page.get_by_label("Email").fill("founder@ideasoft.example")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body)
    assert link
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="My applications", level=1)).to_be_visible()

    # The application, step by step.
    page.get_by_role("button", name="Start an application").click()
    page.get_by_label("A company").check()
    page.get_by_role("button", name="Start").click()
    page.get_by_label("Organisation name").fill("IdeaSoft")
    page.get_by_label("Legal form").fill("LLC")
    page.get_by_label("Country you come from").select_option("BY")
    page.get_by_label("Employees").fill("60")
    page.get_by_label("Software development").check()
    page.get_by_label("Revenue from abroad, %").fill("90")
    page.get_by_label("Owned by a state, %").fill("0")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name=re.compile("Relocating people"))).to_be_visible()
    page.locator("#id_people-0-full_name").fill("Yury Ivanov")
    page.get_by_role("button", name="Add a person").click()
    page.locator("#id_people-1-full_name").fill("Olga Petrova")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name=re.compile("Family members"))).to_be_visible()
    page.locator("#id_family-0-full_name").fill("Anna Ivanova")
    page.locator("#id_family-0-relation").select_option("spouse")
    page.locator("#id_family-0-family_of").select_option(label="Yury Ivanov")
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name=re.compile("Benefits asked for"))).to_be_visible()
    wanted = active_benefits().first()
    page.get_by_label(wanted.title_en).check()
    page.get_by_role("button", name="Save and continue").click()

    passport = tmp_path / "passport.pdf"
    passport.write_bytes(PDF)
    page.get_by_label("What is it?").select_option("passport")
    page.get_by_label("File (PDF, JPEG or PNG)").set_input_files(passport)
    page.get_by_role("button", name="Upload", exact=True).click()
    expect(page.get_by_text("passport.pdf is uploaded.")).to_be_visible()
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_text("Olga Petrova")).to_be_visible()
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    application = Application.objects.get()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.people.count() == 3
    assert DocumentVersion.objects.filter(document__application=application).count() == 1
    sign_out(page)

    # The case officer asks for information.
    sign_in(page, base, officer.email)
    page.get_by_role("link", name="Applications").first.click()
    page.get_by_role("link", name="IdeaSoft").click()
    page.get_by_label("Internal comment (never shown to the applicant)").fill("Check the lease.")
    page.get_by_role("button", name="Add the comment").click()
    page.get_by_label("Question for the applicant").fill("Where will the office be?")
    page.get_by_role("button", name="Ask the applicant").click()
    expect(page.get_by_text("The question is sent to the applicant.")).to_be_visible()
    assert mail.outbox[-1].subject == "The hub has a question about your application"
    sign_out(page)

    # The applicant answers.
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill("founder@ideasoft.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="IdeaSoft").click()
    expect(page.get_by_text("Where will the office be?")).to_be_visible()
    expect(page.get_by_text("Check the lease.")).to_have_count(0)
    page.get_by_label("Your answer").fill("In the hub's tower, third floor.")
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Thank you, your answer is sent to the hub.")).to_be_visible()
    sign_out(page)

    # The officer approves.
    sign_in(page, base, officer.email)
    page.goto(f"{base}{application.get_review_url()}")
    expect(page.get_by_text("In the hub's tower, third floor.")).to_be_visible()
    expect(page.locator("[data-eligible=yes]")).to_be_visible()
    page.get_by_label("Case officer").select_option(label=str(officer))
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("Assigned.")).to_be_visible()
    page.get_by_label("Approve").check()
    page.get_by_label("Reason (sent to the applicant)").fill("Meets every rule.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("[data-status=approved]")).to_be_visible()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert mail.outbox[-1].to == ["founder@ideasoft.example"]
    assert "approved" in mail.outbox[-1].subject
