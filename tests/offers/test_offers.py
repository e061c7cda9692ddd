"""Offers: built from the catalogue to answer recorded objections, in the prospect's language,
rendered to PDF, kept as versions, sent by e-mail and logged as an activity."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from softlanding.offers import services
from softlanding.offers.models import Benefit, ObjectionAnswer, OfferVersion
from softlanding.outreach import services as outreach
from softlanding.outreach.enums import ActivityKind, EmailStatus
from softlanding.outreach.models import Activity, Objection
from tests.factories import OrganizationFactory, PersonFactory, make_opportunity

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages)


def heard(opportunity, code: str, note: str = "", *, by=None) -> None:
    outreach.log_activity(
        by=by,
        kind=ActivityKind.CALL,
        opportunity=opportunity,
        objections=[outreach.ObjectionHeard(Objection.objects.get(code=code), note=note)],
    )


# Genitive, as a date is written: "2 декабря 2026 г.".
RUSSIAN_MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


def test_every_default_objection_has_a_seeded_answer_in_both_languages() -> None:
    from softlanding.outreach.defaults import OBJECTIONS

    for code, *_rest in OBJECTIONS:
        answer = ObjectionAnswer.objects.get(objection__code=code)
        assert answer.argument_en
        assert answer.argument_ru
        assert answer.benefits.exists()
    local = ObjectionAnswer.objects.get(objection__code="local_market")
    assert set(local.benefits.values_list("kind", flat=True)) == {
        "tax_regime",
        "jurisdiction",
        "community",
    }


@pytest.mark.parametrize(
    ("languages", "person_country", "org_country", "expected"),
    [
        (["en", "ru"], "", "BY", "en"),  # the person's first language we write wins
        (["pl", "ru"], "", "DE", "ru"),
        ([], "", "BY", "ru"),
        ([], "KZ", "DE", "ru"),
        ([], "", "DE", "en"),
        (["pl"], "", "PL", "en"),
    ],
)
def test_the_offer_language_follows_the_prospect(
    scout, languages, person_country, org_country, expected
) -> None:
    organization = OrganizationFactory(country=org_country)
    opportunity = make_opportunity(organization=organization, by=scout)
    opportunity.person = PersonFactory(
        organization=organization, languages=languages, country=person_country
    )
    assert services.offer_language(opportunity) == expected


def test_an_offer_answers_the_recorded_objection_in_russian_and_keeps_versions(scout) -> None:
    opportunity = make_opportunity(by=scout, organization=OrganizationFactory(country="BY"))
    heard(opportunity, "local_market", "we work the States, Europe and Australia", by=scout)

    first = services.build_offer(opportunity=opportunity, by=scout)
    second = services.build_offer(opportunity=opportunity, by=scout, language="en")

    assert (first.number, first.language, second.number, second.language) == (1, "ru", 2, "en")
    [answer] = first.content["answers"]
    assert answer["objection"].startswith("Местный рынок неинтересен")
    assert answer["argument"].startswith("Местный рынок вам не нужен")
    assert "Налоговый режим для экспорта" in answer["benefits"]
    text = pdf_text(first.pdf.read())
    assert "Местный рынок вам не нужен" in text
    assert "Дубай" in text
    assert "Кипр" in text
    assert "You do not need the local market" in pdf_text(second.pdf.read())


def test_the_offer_is_dated_in_the_prospects_language(scout) -> None:
    opportunity = make_opportunity(by=scout, organization=OrganizationFactory(country="BY"))
    russian = services.build_offer(opportunity=opportunity, by=scout, language="ru")
    english = services.build_offer(opportunity=opportunity, by=scout, language="en")
    made = date.fromisoformat(russian.content["made_on"])

    assert f"{made.day} {RUSSIAN_MONTHS[made.month - 1]} {made.year}" in pdf_text(
        russian.pdf.read()
    )
    text = pdf_text(english.pdf.read())
    with translation.override("en"):
        assert date_format(made) in text  # "Dec. 2, 2026"
    assert made.isoformat() not in text


def test_an_offer_is_a_snapshot_the_catalogue_does_not_change_afterwards(scout) -> None:
    opportunity = make_opportunity(by=scout)
    offer = services.build_offer(opportunity=opportunity, by=scout, language="en")
    Benefit.objects.filter(kind="grant").update(title_en="Something else")
    offer.refresh_from_db()
    assert "Relocation grant" in [b["title"] for b in offer.content["benefits"]]


def test_an_unknown_language_is_refused_and_makes_nothing(scout) -> None:
    opportunity = make_opportunity(by=scout)
    with pytest.raises(ValidationError, match="English or Russian"):
        services.build_offer(opportunity=opportunity, by=scout, language="de")
    assert not OfferVersion.objects.exists()


def test_sending_attaches_the_pdf_and_logs_an_email_activity(
    scout, django_capture_on_commit_callbacks
) -> None:
    opportunity = make_opportunity(by=scout)
    offer = services.build_offer(opportunity=opportunity, by=scout, language="ru")

    with django_capture_on_commit_callbacks(execute=True):
        activity = services.send_offer(offer=offer, to="ceo@example.org", by=scout)

    activity.refresh_from_db()
    assert activity.kind == ActivityKind.EMAIL
    assert activity.opportunity == opportunity
    assert activity.email_status == EmailStatus.SENT
    [message] = mail.outbox
    assert message.to == ["ceo@example.org"]
    assert message.subject.startswith("Наше предложение")
    [(name, content, mimetype)] = message.attachments
    assert name.startswith("offer-company-")
    assert name.endswith("-v1-ru.pdf")
    assert mimetype == "application/pdf"
    assert content[:5] == b"%PDF-"
    offer.refresh_from_db()
    assert offer.sent_to == "ceo@example.org"


def test_a_bad_address_is_refused_and_nothing_is_logged(scout) -> None:
    opportunity = make_opportunity(by=scout)
    offer = services.build_offer(opportunity=opportunity, by=scout, language="en")
    with pytest.raises(ValidationError, match="not an e-mail address"):
        services.send_offer(offer=offer, to="not-an-address", by=scout)
    assert not Activity.objects.filter(kind=ActivityKind.EMAIL).exists()
    assert not mail.outbox


def test_a_person_without_consent_or_lawful_basis_is_not_written_to(scout) -> None:
    organization = OrganizationFactory()
    opportunity = make_opportunity(by=scout, organization=organization)
    opportunity.person = PersonFactory(organization=organization, consent_to_contact=False)
    opportunity.save()
    offer = services.build_offer(opportunity=opportunity, by=scout, language="en")
    with pytest.raises(ValidationError, match="lawful basis"):
        services.send_offer(offer=offer, to="ceo@example.org", by=scout)
    assert not mail.outbox


def test_a_failed_delivery_is_recorded_on_the_activity(
    scout, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    opportunity = make_opportunity(by=scout)
    offer = services.build_offer(opportunity=opportunity, by=scout, language="en")

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.send_offer(offer=offer, to="ceo@example.org", by=scout)
    activity.refresh_from_db()
    assert activity.email_status == EmailStatus.FAILED
    assert "SMTP down" in activity.email_error
    offer.refresh_from_db()
    assert offer.sent_at is None


def test_a_retried_delivery_sends_nothing_twice(scout, django_capture_on_commit_callbacks) -> None:
    opportunity = make_opportunity(by=scout)
    offer = services.build_offer(opportunity=opportunity, by=scout, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        activity = services.send_offer(offer=offer, to="ceo@example.org", by=scout)
    offer.refresh_from_db()
    first_sent_at = offer.sent_at
    assert first_sent_at is not None
    assert services.deliver_offer(offer.pk, activity.pk) == EmailStatus.SENT
    assert len(mail.outbox) == 1
    offer.refresh_from_db()
    assert offer.sent_at == first_sent_at


def test_without_a_person_on_the_opportunity_the_organisations_first_person_decides(scout) -> None:
    organization = OrganizationFactory(country="BY")
    PersonFactory(organization=organization, languages=["en"])
    opportunity = make_opportunity(organization=organization, by=scout)
    assert services.offer_language(opportunity) == "en"


def test_writing_to_an_organisations_person_without_consent_is_refused(scout) -> None:
    organization = OrganizationFactory()
    PersonFactory(organization=organization, email="cto@example.org", consent_to_contact=False)
    opportunity = make_opportunity(organization=organization, by=scout)
    offer = services.build_offer(opportunity=opportunity, by=scout, language="en")
    with pytest.raises(ValidationError, match="lawful basis"):
        services.send_offer(offer=offer, to="CTO@example.org", by=scout)
    assert not Activity.objects.filter(kind=ActivityKind.EMAIL).exists()
