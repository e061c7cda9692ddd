"""A person's data: exported on request, erased on request, everywhere it was kept."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from softlanding.accounts.models import User
from softlanding.core.models import AuditEntry
from softlanding.outreach import services as outreach
from softlanding.outreach.models import Activity, Objection, Opportunity, RaisedObjection
from softlanding.portal.models import Application
from softlanding.prospects import personal_data, services
from softlanding.prospects.models import Organization, Person
from softlanding.radar.models import Article, Mention
from tests.conftest import client_for
from tests.factories import ApplicantFactory, OrganizationFactory, make_campaign

pytestmark = pytest.mark.django_db

EMAIL = "yury.kaspiarovich@example.by"
NAME = "Kaspiarovich"


def everything_about_them(lead: User) -> dict[str, Any]:
    """A person the hub called, e-mailed, met alone and read about, with history."""
    organization = OrganizationFactory(name="IdeaSoft", legal_form="")
    person = services.create_person(
        by=lead,
        organization=organization,
        first_name="Yury",
        last_name=NAME,
        first_name_cyrillic="Юрий",
        email=EMAIL,
        phone="+375291234567",
    )
    services.update_person(person, by=lead, job_title="CTO", consent_to_contact=True)
    campaign = make_campaign()
    with_company = outreach.open_opportunity(campaign, by=lead, organization=organization)
    Opportunity.objects.filter(pk=with_company.pk).update(person=person)
    theirs = outreach.open_opportunity(campaign, by=lead, person=person)
    called = outreach.log_activity(
        by=lead,
        kind="call",
        person=person,
        opportunity=with_company,
        subject=f"Call with {NAME}",
        notes=f"{NAME} says the team wants Vilnius",
        objections=[outreach.ObjectionHeard(Objection.objects.first(), note="his own words")],  # type: ignore[arg-type]
    )
    mailed = outreach.log_activity(
        by=lead, kind="email", person=person, subject="Offer", email_to=EMAIL
    )
    met = outreach.log_activity(
        by=lead, kind="meeting", person=person, opportunity=theirs, notes=f"met {NAME} alone"
    )
    note = outreach.log_activity(by=lead, kind="note", person=person, notes=f"{NAME} on leave")
    Activity.objects.filter(pk=note.pk).update(organization=None)  # about them alone
    article = Article.objects.create(
        title="Tech leaders leave", text="…", content_hash="h1", day=date(2020, 8, 20)
    )
    Mention.objects.create(
        article=article,
        kind="person",
        person=person,
        surface=NAME,
        start=0,
        end=12,
        day=date(2020, 8, 20),
    )
    application = Application.objects.create(
        applicant=ApplicantFactory(), kind="individual", language="en", person=person
    )
    return {
        "person": person,
        "application": application,
        "organization": organization,
        "with_company": with_company,
        "theirs": theirs,
        "called": called,
        "mailed": mailed,
        "met": met,
        "note": note,
        "article": article,
    }


def test_an_export_holds_everything_kept_on_them(lead: User) -> None:
    world = everything_about_them(lead)
    person = world["person"]

    data = json.loads(personal_data.export_json(person, by=lead))

    assert data["person"]["email"] == EMAIL
    assert data["person"]["first_name_cyrillic"] == "Юрий"
    assert data["person"]["organization"] == {"id": world["organization"].pk, "name": "IdeaSoft"}
    assert [entry["action"] for entry in data["history"]] == ["person.created", "person.updated"]
    assert data["history"][1]["changes"]["job_title"] == ["", "CTO"]
    assert {a["id"] for a in data["activities"]} == {
        world[k].pk for k in ("called", "mailed", "met", "note")
    }
    assert any(a["email_to"] == EMAIL for a in data["activities"])
    assert {o["id"] for o in data["opportunities"]} == {
        world["with_company"].pk,
        world["theirs"].pk,
    }
    assert data["applications"] == [
        {"id": world["application"].pk, "status": "draft", "kind": "individual"}
    ]
    assert data["news_mentions"] == [
        {
            "day": "2020-08-20",
            "surface": NAME,
            "article__title": "Tech leaders leave",
            "article__url": "",
        }
    ]
    # Reading someone's data out is itself recorded.
    assert (
        AuditEntry.objects.filter(action="person.exported", object_id=str(person.pk)).count() == 1
    )


def test_erasure_leaves_no_trace_of_them_and_keeps_the_programme_s_facts(lead: User) -> None:
    world = everything_about_them(lead)
    person: Person = world["person"]
    pk = person.pk
    before = personal_data.erasure_preview(person)

    erasure = personal_data.erase_person(person, by=lead, reason="e-mail of 2 Dec 2026, ticket 118")

    assert erasure == before  # the confirmation page said what would happen, and undid it
    assert erasure.counts == {
        "activities_kept_without_them": 2,
        "activities_removed": 2,
        "opportunities_kept_without_them": 1,
        "opportunities_removed": 1,
        "outreach_history_entries_stripped": 4,
        "news_mentions_removed": 1,
        "applications_unlinked": 1,
        "history_entries_stripped": 2,
    }
    assert not Person.objects.filter(pk=pk).exists()
    # The call with the company and the e-mail stay as dated facts, without them.
    called = Activity.objects.get(pk=world["called"].pk)
    assert (called.person_id, called.subject, called.notes) == (None, "", "")
    assert (called.kind, called.organization_id) == ("call", world["organization"].pk)
    assert Activity.objects.get(pk=world["mailed"].pk).email_to == ""
    assert RaisedObjection.objects.get(activity=called).note == ""
    # What concerned only them went: the note, their own opportunity and its meeting.
    assert not Activity.objects.filter(pk__in=[world["note"].pk, world["met"].pk]).exists()
    assert not Opportunity.objects.filter(pk=world["theirs"].pk).exists()
    assert Opportunity.objects.get(pk=world["with_company"].pk).person_id is None
    # The article stays; the link to them does not.
    assert Article.objects.filter(pk=world["article"].pk).exists()
    assert not Mention.objects.filter(article=world["article"]).exists()
    # Nothing in the whole audit log names or reaches them any more.
    log = json.dumps(list(AuditEntry.objects.values("object_repr", "changes")), ensure_ascii=False)
    for trace in (NAME, EMAIL, "Юрий", "+375291234567", "Vilnius", "his own words"):
        assert trace not in log, trace
    entry = AuditEntry.objects.get(action="person.erased")
    assert (entry.object_id, entry.actor) == (str(pk), lead)
    assert entry.changes["reason"] == "e-mail of 2 Dec 2026, ticket 118"
    assert entry.changes["activities_removed"] == 2
    # The applicant's own application stays theirs, without the link staff made to them.
    assert Application.objects.get(pk=world["application"].pk).person_id is None
    # The organisation and its other history are untouched.
    assert Organization.objects.filter(pk=world["organization"].pk).exists()


def test_an_erasure_that_fails_half_way_erases_nothing(
    lead: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = everything_about_them(lead)
    person: Person = world["person"]
    entries = list(AuditEntry.objects.order_by("id").values("object_repr", "changes"))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Person, "delete", broken)  # after every other step has run
    with pytest.raises(RuntimeError):
        personal_data.erase_person(person, by=lead, reason="ticket 118")

    assert Person.objects.filter(pk=person.pk, email=EMAIL).exists()
    called = Activity.objects.get(pk=world["called"].pk)
    assert (called.person_id, called.notes) == (person.pk, f"{NAME} says the team wants Vilnius")
    assert Opportunity.objects.filter(pk=world["theirs"].pk).exists()
    assert list(AuditEntry.objects.order_by("id").values("object_repr", "changes")) == entries


def test_an_erasure_needs_its_reason(lead: User) -> None:
    person = services.create_person(by=lead, organization=None, first_name="Anna")
    with pytest.raises(ValueError, match="reason"):
        personal_data.erase_person(person, by=lead, reason="  ")
    assert Person.objects.filter(pk=person.pk).exists()


# --- the pages -------------------------------------------------------------------------------


def test_the_lead_downloads_a_person_s_data_as_a_file(lead: User) -> None:
    person = everything_about_them(lead)["person"]

    response = client_for(lead).get(reverse("prospects:person_export", args=[person.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="person-{person.pk}.json"'
    assert response["Cache-Control"] == "no-store"
    assert json.loads(response.content)["person"]["email"] == EMAIL


def test_the_person_page_offers_export_and_erasure_only_to_those_who_may(
    lead: User, scout: User
) -> None:
    person = services.create_person(by=lead, organization=None, first_name="Anna")
    url = reverse("prospects:person_detail", args=[person.pk])
    erase = reverse("prospects:person_erase", args=[person.pk])

    assert erase in client_for(lead).get(url).content.decode()
    page = client_for(scout).get(url).content.decode()
    assert erase not in page
    assert reverse("prospects:person_edit", args=[person.pk]) in page  # scouts edit people
    assert client_for(scout).post(erase, {"reason": "x", "confirm": "on"}).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_erasing_from_the_page_asks_why_and_for_confirmation(lead: User) -> None:
    world = everything_about_them(lead)
    person = world["person"]
    url = reverse("prospects:person_erase", args=[person.pk])
    client = client_for(lead)

    page = client.get(url).content.decode()
    assert "2 activities with an organisation stay" in page
    assert "1 opportunity of theirs alone goes" in page
    refused = client.post(url, {"reason": "ticket 118"})  # not confirmed
    assert refused.status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()

    done = client.post(url, {"reason": "ticket 118", "confirm": "on"})

    assert done.status_code == 302
    assert done["Location"] == world["organization"].get_absolute_url()
    assert not Person.objects.filter(pk=person.pk).exists()


def test_the_pages_speak_russian(lead: User) -> None:
    person = services.create_person(by=lead, organization=None, first_name="Anna")
    url = reverse("prospects:person_erase", args=[person.pk])

    page = client_for(lead).get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert "Удалить навсегда" in page
    assert "Выгрузить данные человека" in page
    assert "0 сделок только с ним удаляются." in page  # each part words its own line


# --- the command -----------------------------------------------------------------------------


def test_the_command_exports_and_erases(lead: User, tmp_path: Path) -> None:
    person = everything_about_them(lead)["person"]
    out = tmp_path / "person.json"

    call_command("person", "export", str(person.pk), "--output", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["person"]["email"] == EMAIL
    with pytest.raises(CommandError, match="--reason"):
        call_command("person", "erase", str(person.pk))
    stdout = StringIO()
    call_command("person", "erase", str(person.pk), "--reason", "ticket 118", stdout=stdout)

    assert json.loads(stdout.getvalue())["person"] == person.pk
    assert not Person.objects.filter(pk=person.pk).exists()
    with pytest.raises(CommandError, match="No person"):
        call_command("person", "export", str(person.pk))
