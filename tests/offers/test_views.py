"""Offer screens: the catalogue and rivals, rule versions edited and published, "try it",
answers to objections, and an opportunity's offers, PDFs served to staff only."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from softlanding.accounts.enums import Role
from softlanding.core.models import AuditEntry
from softlanding.offers import services
from softlanding.offers.models import (
    Benefit,
    ObjectionAnswer,
    OfferVersion,
    RivalDestination,
    RuleSet,
    RuleSetVersion,
)
from softlanding.outreach import services as outreach
from softlanding.outreach.enums import ActivityKind
from softlanding.outreach.models import Objection
from tests.conftest import client_for
from tests.factories import make_opportunity

pytestmark = pytest.mark.django_db


def programme() -> RuleSet:
    return RuleSet.objects.order_by("position", "id").first()


def test_a_lead_edits_a_benefit_in_both_languages(lead) -> None:
    benefit = Benefit.objects.get(kind="grant")
    response = client_for(lead).post(
        reverse("offers:benefit_edit", args=[benefit.pk]),
        {
            "kind": "grant",
            "title_en": "Relocation grant up to $25,000",
            "title_ru": "Грант на переезд до $25 000",
            "details": '{"amount": 25000}',
            "is_active": "on",
            "position": 5,
        },
    )
    assert response.status_code == 302
    benefit.refresh_from_db()
    assert (benefit.title_ru, benefit.details) == ("Грант на переезд до $25 000", {"amount": 25000})


def test_benefit_details_that_are_not_an_object_are_refused_and_change_nothing(lead) -> None:
    benefit = Benefit.objects.get(kind="grant")
    response = client_for(lead).post(
        reverse("offers:benefit_edit", args=[benefit.pk]),
        {"kind": "grant", "title_en": "X", "title_ru": "Y", "details": "[1, 2]", "position": 5},
    )
    assert response.status_code == 200
    assert "must be a JSON object" in response.content.decode()
    benefit.refresh_from_db()
    assert benefit.title_en == "Relocation grant"


@pytest.mark.parametrize("rows", [1, 30])
def test_benefit_list_queries_do_not_grow(scout, rows, django_assert_max_num_queries) -> None:
    for n in range(rows):
        Benefit.objects.create(kind="grant", title_en=f"B{n}", title_ru=f"Б{n}")
    client = client_for(scout)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("offers:benefit_list"))
    assert response.status_code == 200
    assert f"B{rows - 1}" in response.content.decode()


def test_the_comparison_shows_rivals_side_by_side_and_downloads_as_pdf(
    scout, django_assert_max_num_queries
) -> None:
    client = client_for(scout)
    with django_assert_max_num_queries(8):  # 7, and the recent sendings for a scout
        page = client.get(reverse("offers:comparison") + "?language=ru")
    text = page.content.decode()
    assert "Дубай" in text
    assert "Кипр" in text
    assert "Налоговый режим" in text
    pdf = client.get(reverse("offers:comparison_pdf") + "?language=en")
    assert pdf["Content-Type"] == "application/pdf"
    content = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Dubai" in content
    assert "Cyprus" in content


def test_a_scout_sends_the_comparison(scout, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(scout).post(
            reverse("offers:comparison_send") + "?language=ru", {"to": "cto@example.org"}
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject == "Хаб в сравнении с другими направлениями"
    assert message.attachments[0][2] == "application/pdf"


def test_a_sending_is_in_the_audit_log_with_its_delivery_and_shown_to_senders(
    scout, lead, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        client_for(scout).post(
            reverse("offers:comparison_send") + "?language=ru", {"to": "cto@example.org"}
        )
    [entry] = AuditEntry.objects.filter(action="offers.comparison_sent")
    assert entry.actor == scout
    assert entry.changes == {
        "to": [None, "cto@example.org"],
        "language": [None, "ru"],
        "delivery": ["queued", "sent"],
    }
    # Nothing but the address, language and delivery is kept: no PDF.
    assert set(entry.changes) == {"to", "language", "delivery"}

    page = client_for(scout).get(reverse("offers:comparison") + "?language=en")
    row = page.content.decode().split("Recent sendings")[1]
    assert "cto@example.org" in row
    assert "Russian" in row
    assert "Sent" in row
    assert str(scout) in row
    in_russian = client_for(scout).get(reverse("offers:comparison"), HTTP_ACCEPT_LANGUAGE="ru")
    row = in_russian.content.decode().split("Последние отправки")[1]
    assert "cto@example.org" in row
    assert "Отправлено" in row


def test_a_failed_sending_is_recorded_with_its_reason(
    scout, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: refused
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.send_comparison(to="cto@example.org", language="en", by=scout)
    entry.refresh_from_db()
    assert entry.changes["delivery"] == ["queued", "failed"]
    assert entry.changes["error"][1].startswith("ConnectionRefusedError")
    page = client_for(scout).get(reverse("offers:comparison")).content.decode()
    assert "ConnectionRefusedError" in page.split("Recent sendings")[1]


def test_a_retried_sending_sends_nothing_twice(scout, django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.send_comparison(to="cto@example.org", language="en", by=scout)
    assert services.deliver_comparison(entry.pk) == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_the_address_is_kept_in_the_audit_entry_only(scout, settings) -> None:
    """With the database task queue the worker uses, the queued task holds the entry's id and
    never the address; the worker sends it and the entry says so."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    entry = services.send_comparison(to="cto@example.org", language="en", by=scout)
    [queued] = DBTaskResult.objects.all()
    assert "cto@example.org" not in json.dumps(queued.args_kwargs)
    assert queued.args_kwargs["args"] == [entry.pk]

    call_command("worker", "--batch", "--interval", "0")

    entry.refresh_from_db()
    assert entry.changes["delivery"] == ["queued", "sent"]
    assert [message.to for message in mail.outbox] == [["cto@example.org"]]
    [done] = DBTaskResult.objects.all()
    assert "cto@example.org" not in json.dumps([done.args_kwargs, done.return_value])


def test_a_refused_address_is_not_recorded(scout) -> None:
    with pytest.raises(ValidationError):
        services.send_comparison(to="not an address", language="en", by=scout)
    assert not AuditEntry.objects.filter(action="offers.comparison_sent").exists()


def test_only_those_who_may_send_see_the_sendings(
    scout, staff_for_role, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        services.send_comparison(to="cto@example.org", language="en", by=scout)
    for role in Role:
        user = staff_for_role(role)
        if not user.has_perm("accounts.view_offers"):
            continue
        page = client_for(user).get(reverse("offers:comparison"))
        shown = "cto@example.org" in page.content.decode()
        assert shown == user.has_perm("accounts.log_outreach"), role


@pytest.mark.parametrize("sendings", [1, 25])
def test_the_recent_sendings_cost_one_query_and_show_the_last_twenty(
    scout,
    staff_for_role,
    sendings,
    django_assert_max_num_queries,
    django_capture_on_commit_callbacks,
) -> None:
    senders = [scout, staff_for_role(Role.SCOUT)]
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(sendings):
            services.send_comparison(to=f"cto{n}@example.org", language="en", by=senders[n % 2])
    client = client_for(scout)
    with django_assert_max_num_queries(8):  # as with no sending at all
        page = client.get(reverse("offers:comparison"))
    text = page.content.decode()
    assert f"cto{sendings - 1}@example.org" in text
    assert text.count("@example.org</td>") == min(sendings, 20)


def test_a_lead_edits_a_rivals_offers(lead) -> None:
    dubai = RivalDestination.objects.get(name_en="Dubai")
    offer = dubai.offers.get(kind="grant")
    data = {
        "offers-TOTAL_FORMS": 1,
        "offers-INITIAL_FORMS": 1,
        "offers-0-id": offer.pk,
        "offers-0-destination": dubai.pk,
        "offers-0-kind": "grant",
        "offers-0-text_en": "Small grants for startups.",
        "offers-0-text_ru": "Небольшие гранты для стартапов.",
    }
    response = client_for(lead).post(reverse("offers:rival_edit", args=[dubai.pk]), data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.text_ru == "Небольшие гранты для стартапов."


def _rules_data(rows: list[tuple[str, str]], *, extra: int = 0) -> dict[str, object]:
    data: dict[str, object] = {
        "form-TOTAL_FORMS": len(rows) + extra,
        "form-INITIAL_FORMS": 0,
        "notes": "Law of 2026",
    }
    for index, (kind, value) in enumerate(rows):
        data[f"form-{index}-kind"] = kind
        data[f"form-{index}-value"] = value
    return data


def test_a_lead_drafts_edits_and_publishes_a_new_version(lead) -> None:
    client = client_for(lead)
    rule_set = programme()

    response = client.post(reverse("offers:version_create", args=[rule_set.pk]))
    draft = RuleSetVersion.objects.get(rule_set=rule_set, number=2)
    assert response["Location"] == draft.get_absolute_url()
    assert draft.rules.count() == 4  # copied from version 1

    response = client.post(
        reverse("offers:version_edit", args=[draft.pk]),
        _rules_data([("min_employees", "10"), ("country_in_list", "by, kz")], extra=1),
    )
    assert response.status_code == 302
    assert list(draft.rules.values_list("kind", "parameters")) == [
        ("min_employees", {"min": 10}),
        ("country_in_list", {"countries": ["BY", "KZ"]}),
    ]

    client.post(
        reverse("offers:version_publish", args=[draft.pk]), {"effective_from": "2027-01-01"}
    )
    draft.refresh_from_db()
    assert draft.is_published
    assert draft.effective_from == date(2027, 1, 1)


def test_a_bad_rule_value_shows_why_and_saves_nothing(lead) -> None:
    draft = services.create_draft_version(rule_set=programme(), by=lead)
    response = client_for(lead).post(
        reverse("offers:version_edit", args=[draft.pk]),
        _rules_data([("min_employees", "10"), ("min_revenue_abroad_percent", "150")]),
    )
    assert response.status_code == 200
    assert "between 0 and 100" in response.content.decode()
    assert draft.rules.count() == 4


def test_the_form_refuses_to_edit_a_published_version(lead) -> None:
    published = RuleSetVersion.objects.get(rule_set=programme(), number=1)
    client = client_for(lead)

    page = client.get(published.get_absolute_url())
    assert 'name="form-TOTAL_FORMS"' not in page.content.decode()
    response = client.post(
        reverse("offers:version_edit", args=[published.pk]), _rules_data([("min_employees", "1")])
    )
    assert response.status_code == 200
    assert "published and cannot change" in response.content.decode()
    assert published.rules.count() == 4


def test_try_it_judges_entered_facts_by_the_version_in_force_on_the_day(scout) -> None:
    rule_set = programme()
    url = reverse("offers:rule_set_detail", args=[rule_set.pk])
    response = client_for(scout).get(
        url,
        {
            "try": "1",
            "on": "2026-06-01",
            "activity_types": ["software_development"],
            "employees": "2",
            "revenue_abroad_percent": "90",
            "country": "BY",
        },
    )
    text = response.content.decode()
    assert "Judged by version 1" in text
    assert "Not eligible." in text
    assert "2 employees, at least 3 required" in text
    assert "Not stated by the applicant" in text  # the state-owned share was left empty

    before = client_for(scout).get(url, {"try": "1", "on": "2019-12-31", "employees": "5"})
    assert "No version of these rules was in force on that day." in before.content.decode()


def test_try_it_with_bad_facts_shows_the_error(scout) -> None:
    url = reverse("offers:rule_set_detail", args=[programme().pk])
    response = client_for(scout).get(url, {"try": "1", "revenue_abroad_percent": "120"})
    assert response.status_code == 200
    assert "Judged by" not in response.content.decode()


@pytest.mark.parametrize("rows", [1, 10])
def test_rule_set_list_queries_do_not_grow(scout, rows, django_assert_max_num_queries) -> None:
    for n in range(rows):
        rule_set = RuleSet.objects.create(name=f"Set {n}", position=n + 1)
        RuleSetVersion.objects.create(rule_set=rule_set, number=1)
    client = client_for(scout)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("offers:rule_set_list"))
    assert f"Set {rows - 1}" in response.content.decode()


def test_a_lead_edits_the_answer_to_an_objection(lead, django_assert_max_num_queries) -> None:
    client = client_for(lead)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("offers:answer_list"))
    assert page.status_code == 200
    answers = list(
        ObjectionAnswer.objects.order_by("objection__position", "objection_id", "position", "id")
    )
    data: dict[str, object] = {"form-TOTAL_FORMS": len(answers), "form-INITIAL_FORMS": len(answers)}
    for index, answer in enumerate(answers):
        data[f"form-{index}-id"] = answer.pk
        data[f"form-{index}-objection"] = answer.objection_id
        data[f"form-{index}-benefits"] = [b.pk for b in answer.benefits.all()]
        data[f"form-{index}-argument_en"] = answer.argument_en
        data[f"form-{index}-argument_ru"] = answer.argument_ru
        data[f"form-{index}-position"] = answer.position
    data["form-0-argument_ru"] = "Новый довод."
    response = client.post(reverse("offers:answer_list"), data)
    assert response.status_code == 302
    assert ObjectionAnswer.objects.get(pk=answers[0].pk).argument_ru == "Новый довод."


def test_a_scout_reaches_the_offer_from_the_opportunity_makes_and_sends_one(
    scout, django_capture_on_commit_callbacks, django_assert_max_num_queries
) -> None:
    opportunity = make_opportunity(by=scout)
    outreach.log_activity(
        by=scout,
        kind=ActivityKind.CALL,
        opportunity=opportunity,
        objections=[outreach.ObjectionHeard(Objection.objects.get(code="taxes"))],
    )
    client = client_for(scout)
    page = client.get(opportunity.get_absolute_url())
    assert reverse("offers:offer_detail", args=[opportunity.pk]) in page.content.decode()

    client.post(reverse("offers:offer_make", args=[opportunity.pk]), {"language": "en"})
    client.post(reverse("offers:offer_make", args=[opportunity.pk]), {"language": "ru"})
    offers = list(OfferVersion.objects.filter(opportunity=opportunity).order_by("number"))
    assert [(o.number, o.language) for o in offers] == [(1, "en"), (2, "ru")]

    with django_assert_max_num_queries(12):
        detail = client.get(reverse("offers:offer_detail", args=[opportunity.pk]))
    assert detail.content.decode().count("download>") == 2

    pdf = client.get(reverse("offers:offer_pdf", args=[offers[0].pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Participants pay no corporate income tax" in text

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("offers:offer_send", args=[offers[1].pk]), {"to": "ceo@example.org"})
    assert mail.outbox[0].attachments[0][0].endswith("-v2-ru.pdf")
    assert opportunity.activities.filter(
        kind=ActivityKind.EMAIL, email_to="ceo@example.org"
    ).exists()


def test_an_offer_pdf_has_no_public_url_and_is_refused_to_others(scout, staff_for_role) -> None:
    opportunity = make_opportunity(by=scout)
    offer = services.build_offer(opportunity=opportunity, by=scout, language="en")
    with pytest.raises(ValueError, match="no URL"):
        offer.pdf.url  # noqa: B018
    url = reverse("offers:offer_pdf", args=[offer.pk])
    assert client_for(staff_for_role(Role.CASE_OFFICER)).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302


def test_the_rendered_rules_form_saves_with_a_rule_deleted(lead) -> None:
    """Posting back the form the page renders: four rules shown, one ticked for deletion."""
    draft = services.create_draft_version(rule_set=programme(), by=lead)
    client = client_for(lead)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'name="form-INITIAL_FORMS" value="4"' in page
    data: dict[str, object] = {"form-TOTAL_FORMS": 6, "form-INITIAL_FORMS": 4, "notes": ""}
    for index, rule in enumerate(draft.rules.order_by("position", "id")):
        data[f"form-{index}-kind"] = rule.kind
        data[f"form-{index}-value"] = ", ".join(rule.parameters.get("activities", [])) or next(
            iter(rule.parameters.values())
        )
    for extra in (4, 5):  # the two empty rows, sent as the browser sends them
        data[f"form-{extra}-kind"] = ""
        data[f"form-{extra}-value"] = ""
    data["form-1-DELETE"] = "on"
    response = client.post(reverse("offers:version_edit", args=[draft.pk]), data)
    assert response.status_code == 302
    assert list(draft.rules.values_list("kind", flat=True)) == [
        "activity_in_list",
        "max_state_owned_percent",
        "min_employees",
    ]


@pytest.mark.parametrize("rows", [1, 25])
def test_offer_versions_list_queries_do_not_grow(
    scout, rows, django_assert_max_num_queries
) -> None:
    opportunity = make_opportunity(by=scout)
    OfferVersion.objects.bulk_create(
        OfferVersion(opportunity=opportunity, number=n, language="ru", content={}, created_by=scout)
        for n in range(1, rows + 1)
    )
    client = client_for(scout)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("offers:offer_detail", args=[opportunity.pk]))
    assert response.content.decode().count("download>") == rows


@pytest.mark.parametrize("keep", [1, 10])
def test_answer_editor_queries_do_not_grow(lead, keep, django_assert_max_num_queries) -> None:
    ObjectionAnswer.objects.exclude(
        pk__in=ObjectionAnswer.objects.order_by("id").values_list("pk", flat=True)[:keep]
    ).delete()
    client = client_for(lead)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("offers:answer_list"))
    assert response.status_code == 200
