"""A scout finds a company in any spelling, resolves a duplicate, and undoes the merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from softlanding.accounts.enums import Role
from softlanding.prospects import services
from softlanding.prospects.models import DuplicateCandidate, Organization, Person
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


def test_import_through_mapping_and_preview_then_resolve_the_duplicate_it_raised(
    live_server, page: Page, tmp_path
) -> None:
    scout = StaffFactory(role=Role.SCOUT)
    stored = services.create_organization(
        by=None, name="IdeaSoft", legal_form="LLC", country="BY", website="https://ideasoft.io"
    )
    spreadsheet = tmp_path / "conference.csv"
    spreadsheet.write_bytes(
        (
            "Название;Страна;Сайт;Что говорили\r\n"
            "ООО «АйдиаСофт»;Беларусь;ideasoft.io;клиенты в США\r\n"
            "IdeaSoft Group;Беларусь;;готовы к звонку\r\n"
            ";Беларусь;;без названия\r\n"
        ).encode("cp1251")
    )
    sign_in(page, live_server.url, scout.email)

    page.goto(f"{live_server.url}/prospects/")
    page.get_by_role("link", name="Import").click()
    page.get_by_label("File").set_input_files(str(spreadsheet))
    page.get_by_role("button", name="Upload and check").click()

    # The Windows-1251 file is read, obvious columns are chosen, each row's problems shown.
    expect(page.get_by_role("heading", name="What does each column hold?")).to_be_visible()
    expect(page.get_by_label("Название")).to_have_value("name")
    expect(page.get_by_role("cell", name="клиенты в США")).to_be_visible()
    expect(page.get_by_text("ready", exact=True)).to_have_count(2)
    expect(page.get_by_role("row", name="4")).to_contain_text("name")
    page.get_by_label("Что говорили").select_option("notes")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.get_by_label("Что говорили")).to_have_value("notes")
    assert Organization.objects.count() == 1  # nothing written before "Import"
    page.get_by_role("button", name="Import", exact=True).click()

    expect(page.get_by_text("Done", exact=True)).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("New organisations1")
    expect(facts).to_contain_text("Existing organisations updated1")
    expect(facts).to_contain_text("Rejected1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the rejected rows (CSV, with the reasons)").click()
    rejected = download.value.path().read_text(encoding="utf-8-sig")
    assert "без названия" in rejected
    # The Cyrillic row with the company's website updated it: the mapped column became notes.
    assert Organization.objects.get(pk=stored.pk).notes == "клиенты в США"

    # The near spelling was not merged by itself: it waits in the duplicate queue.
    page.get_by_role("link", name="Duplicates").click()
    page.get_by_role("button", name="Merge, keep IdeaSoft LLC").click()
    expect(page.get_by_text("Merged into IdeaSoft LLC. You can undo it below.")).to_be_visible()
    assert Organization.objects.active().count() == 1


def test_a_person_s_data_exported_then_erased_on_their_request(live_server, page: Page) -> None:
    lead = StaffFactory(role=Role.PROGRAMME_LEAD)
    company = services.create_organization(by=None, name="IdeaSoft", country="BY")
    person = services.create_person(
        by=None,
        organization=company,
        first_name="Yury",
        last_name="Kaspiarovich",
        email="yury@example.by",
    )
    sign_in(page, live_server.url, lead.email)

    page.goto(f"{live_server.url}/prospects/people/{person.pk}/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export their data").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["person"]["email"] == "yury@example.by"

    page.get_by_role("button", name="Erase on request…").click()
    expect(page.get_by_text("0 opportunities of theirs alone go.")).to_be_visible()
    page.get_by_label("The request").fill("e-mail of 2 Dec 2026, ticket 118")
    page.get_by_role("button", name="Erase for good").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()  # not confirmed yet
    page.get_by_label("I understand that this cannot be undone.").check()
    page.get_by_role("button", name="Erase for good").click()

    expect(page.get_by_text("The person's data was erased.")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}{company.get_absolute_url()}")
    expect(page.get_by_text("Kaspiarovich")).to_have_count(0)
    assert not Person.objects.filter(pk=person.pk).exists()
