"""A relocation case in a real browser: approval opens it, desks, visa, arrival, the applicant
following along, and a late step on the officer's dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from softlanding.accounts.enums import Role
from softlanding.cases.enums import StepKind, StepStatus
from softlanding.cases.models import Case, DeskAllocation, RelocateeStep
from softlanding.portal import services as portal_services
from tests.browser.test_shell import sign_in
from tests.cases.factories import ensure_templates, make_desk, make_floor
from tests.factories import StaffFactory
from tests.portal.factories import make_submitted_application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_an_officer_runs_a_case_and_the_applicant_follows_it(live_server, page: Page) -> None:
    ensure_templates()
    officer = StaffFactory(role=Role.CASE_OFFICER, first_name="Olga", last_name="Officer")
    application = make_submitted_application(people=2, family=1, name="IdeaSoft")
    portal_services.assign(application, to=officer, by=officer)  # the assigned officer decides
    floor = make_floor()
    make_desk("3.12", floor=floor)
    make_desk("3.13", floor=floor)
    base = live_server.url
    today = timezone.localdate()

    # The officer approves the application: its case opens.
    sign_in(page, base, officer.email)
    page.goto(f"{base}{application.get_review_url()}")
    page.get_by_label("Approve").check()
    page.get_by_label("Reason (sent to the applicant)").fill("Meets every rule.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("[data-status=approved]")).to_be_visible()
    case = Case.objects.get(application=application)
    people = {person.name_latin: f"#person-{person.pk}" for person in case.relocatees.all()}

    # … and opens it from the cases list.
    page.get_by_role("link", name="Cases", exact=True).first.click()
    page.get_by_role("link", name="All cases").click()
    page.get_by_role("link", name="IdeaSoft").click()
    expect(page.get_by_role("heading", name="IdeaSoft", level=1)).to_be_visible()
    expect(page.locator(people["Specialist 0"])).to_be_visible()
    expect(page.locator(people["Family 0"])).to_contain_text("Child (of Specialist 0)")

    # Desks: one for each specialist; the same desk twice is refused with a clear message.
    allocate = page.locator("#allocate-form")
    start, end = today + timedelta(days=30), today + timedelta(days=120)
    for desk, person in (("3.12", "Specialist 0"), ("3.13", "Specialist 1")):
        allocate.get_by_label("Desk").select_option(
            label=f"Desk {desk} · Tower A · Floor 3 · Open space"
        )
        allocate.get_by_label("For").select_option(label=person)
        allocate.get_by_label("From").fill(start.isoformat())
        allocate.get_by_label("To").fill(end.isoformat())
        allocate.get_by_role("button", name="Allocate").click()
        expect(page.get_by_text(f"Desk {desk} allocated.")).to_be_visible()
    allocate.get_by_label("Desk").select_option(label="Desk 3.12 · Tower A · Floor 3 · Open space")
    allocate.get_by_label("From").fill((start + timedelta(days=10)).isoformat())
    allocate.get_by_label("To").fill((end + timedelta(days=10)).isoformat())
    allocate.get_by_role("button", name="Allocate").click()
    expect(page.get_by_text("Desk 3.12 is already taken from")).to_be_visible()
    assert DeskAllocation.objects.filter(case=case).count() == 2

    # The visa is issued, and the specialist arrives.
    person = page.locator(people["Specialist 0"])
    for kind in (StepKind.ISSUED, StepKind.ENTERED):
        person.locator(f"tr[data-step={kind}]").get_by_role("button", name="Done").click()
        expect(person.locator(f"tr[data-step={kind}]")).to_contain_text("✓")
    expect(person.locator("header")).to_contain_text("Arrived")

    # A step whose planned day has passed shows on the dashboard, with whose case it is.
    late = RelocateeStep.objects.get(
        relocatee__case=case, relocatee__name_latin="Specialist 1", kind=StepKind.BIOMETRICS
    )
    RelocateeStep.objects.filter(pk=late.pk).update(planned_on=today - timedelta(days=3))
    page.get_by_role("link", name="Dashboard").click()
    row = page.locator("#late-visa tr", has_text="Specialist 1")
    expect(row).to_contain_text("Biometrics taken")
    expect(row).to_contain_text("Olga Officer")
    expect(row.get_by_role("link", name="IdeaSoft")).to_be_visible()
    sign_out(page)

    # The applicant follows the case in the portal.
    sign_in(page, base, application.applicant.email)
    page.get_by_role("link", name="My relocation").click()
    page.get_by_role("link", name="IdeaSoft").click()
    mine = page.locator(people["Specialist 0"])
    expect(mine.locator(f"li[data-step={StepKind.ISSUED}]")).to_contain_text("✓")
    expect(mine.locator(f"li[data-step={StepKind.ENTERED}]")).to_contain_text("✓")
    expect(mine.locator("header")).to_contain_text("Arrived")
    assert (
        RelocateeStep.objects.get(
            relocatee__name_latin="Specialist 0", kind=StepKind.ISSUED, relocatee__case=case
        ).status
        == StepStatus.DONE
    )
