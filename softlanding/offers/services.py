"""Business actions of the offer: rule set versions, benefits, offers built, rendered and sent."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from softlanding.accounts.models import User
from softlanding.core import audit
from softlanding.core.models import AuditEntry
from softlanding.offers import queries
from softlanding.offers.eligibility import clean_parameters
from softlanding.offers.enums import BenefitKind, OfferLanguage
from softlanding.offers.models import (
    Benefit,
    ObjectionAnswer,
    OfferVersion,
    RivalDestination,
    Rule,
    RuleSet,
    RuleSetVersion,
)
from softlanding.outreach.enums import ActivityKind, EmailStatus
from softlanding.outreach.models import Activity, Objection, Opportunity, RaisedObjection
from softlanding.outreach.services import checked_address, deliver_email, log_activity


class PublishedVersionError(ValidationError):
    """A published rule set version is never changed."""


@dataclass(frozen=True)
class RuleInput:
    kind: str
    parameters: dict[str, Any]


def _refuse_published(version: RuleSetVersion) -> None:
    if version.is_published:
        raise PublishedVersionError(
            _("Version %(n)s is published and cannot change; make a new version from it.")
            % {"n": version.number}
        )


@transaction.atomic
def create_draft_version(*, rule_set: RuleSet, by: Any, notes: str = "") -> RuleSetVersion:
    """A new draft: a copy of the latest version's rules (or none), numbered after it.

    An existing draft is returned instead of a second one: one draft at a time per rule set.
    """
    RuleSet.objects.select_for_update().filter(pk=rule_set.pk).first()
    draft = rule_set.versions.filter(is_published=False).order_by("-number").first()
    if draft is not None:
        return draft
    latest = rule_set.versions.order_by("-number").first()
    number = (rule_set.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = RuleSetVersion.objects.create(
        rule_set=rule_set, number=number, notes=notes or (latest.notes if latest else "")
    )
    if latest is not None:
        Rule.objects.bulk_create(
            Rule(
                version=version, kind=rule.kind, parameters=rule.parameters, position=rule.position
            )
            for rule in latest.rules.order_by("position", "id")
        )
    audit.record(version, action="offers.version_drafted", by=by)
    return version


@transaction.atomic
def save_draft_rules(
    *, version: RuleSetVersion, rules: Iterable[RuleInput], notes: str | None = None, by: Any
) -> RuleSetVersion:
    """Replace a draft's rules. Refused for a published version; bad parameters save nothing."""
    version = RuleSetVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    cleaned = [(rule.kind, clean_parameters(rule.kind, rule.parameters)) for rule in rules]
    version.rules.all().delete()
    Rule.objects.bulk_create(
        Rule(version=version, kind=kind, parameters=parameters, position=position)
        for position, (kind, parameters) in enumerate(cleaned)
    )
    if notes is not None:
        version.notes = notes
        version.save(update_fields=["notes"])
    audit.record(
        version,
        action="offers.rules_saved",
        by=by,
        changes={"rules": [[kind, parameters] for kind, parameters in cleaned]},
    )
    return version


@transaction.atomic
def publish_rule_set_version(
    *, version: RuleSetVersion, effective_from: date, by: Any
) -> RuleSetVersion:
    """Publish a draft to apply from ``effective_from``; from then on it never changes.

    A version may not apply from before the latest published one: that would rewrite which
    rules judged applications already submitted.
    """
    version = RuleSetVersion.objects.select_for_update().get(pk=version.pk)
    _refuse_published(version)
    if not version.rules.exists():
        raise ValidationError(_("A version without rules cannot be published."))
    latest = (
        RuleSetVersion.objects.filter(rule_set_id=version.rule_set_id, is_published=True)
        .order_by("-effective_from")
        .values_list("effective_from", flat=True)
        .first()
    )
    if latest is not None and effective_from < latest:
        raise ValidationError(
            _("The version in force from %(date)s would be overtaken; choose %(date)s or later.")
            % {"date": latest.isoformat()}
        )
    version.is_published = True
    version.effective_from = effective_from
    version.published_at = timezone.now()
    version.published_by = by if getattr(by, "is_authenticated", False) else None
    version.save(update_fields=["is_published", "effective_from", "published_at", "published_by"])
    audit.record(
        version,
        action="offers.version_published",
        by=by,
        changes={"effective_from": [None, effective_from.isoformat()]},
    )
    return version


# --- objection answers and the catalogue ----------------------------------------------------


def save_benefit(form: Any, *, by: Any) -> Benefit:
    """Save a benefit from its form, with an audit entry of what changed."""
    created = form.instance.pk is None
    with transaction.atomic():
        benefit = form.save()
        audit.record(
            benefit,
            action="offers.benefit_created" if created else "offers.benefit_changed",
            by=by,
            changes={field: str(form.cleaned_data.get(field)) for field in form.changed_data},
        )
    return benefit


def save_formset(formset: Any, *, action: str, by: Any) -> int:
    """Save a formset of answers, rivals or rivals' offers; one audit entry per changed row."""
    with transaction.atomic():
        saved = formset.save()
        for obj in saved:
            audit.record(obj, action=action, by=by)
        for obj in formset.deleted_objects:
            audit.record(obj, action=action + "_deleted", by=by)
    return len(saved)


# --- offers ---------------------------------------------------------------------------------

#: Prospects from these countries get their offer in Russian unless their languages say otherwise.
RUSSIAN_SPEAKING_COUNTRIES = frozenset({"RU", "BY", "KZ", "UA", "KG", "UZ", "TJ", "AM", "AZ", "MD"})


def offer_language(opportunity: Opportunity) -> str:
    """The language a prospect reads: the person's first listed language among those we write
    (Russian, English); else Russian for a person or organisation from a Russian-speaking
    country; else English."""
    person = opportunity.person or _first_contact(opportunity)
    for code in getattr(person, "languages", None) or []:
        code = str(code).lower()[:2]
        if code in OfferLanguage.values:
            return code
    countries = [
        str(getattr(person, "country", "") or ""),
        str(getattr(opportunity.organization, "country", "") or ""),
    ]
    if any(code.upper() in RUSSIAN_SPEAKING_COUNTRIES for code in countries if code):
        return OfferLanguage.RUSSIAN
    return OfferLanguage.ENGLISH


def _first_contact(opportunity: Opportunity) -> Any:
    """The organisation's first person, whom outreach writes to when the opportunity names none."""
    if opportunity.organization is None:
        return None
    return opportunity.organization.people.order_by("id").first()


def recorded_objections(opportunity: Opportunity) -> list[tuple[Objection, str]]:
    """The objections the opportunity raised, first heard first, with the latest words beside
    them; then its loss reasons not raised before."""
    seen: dict[int, tuple[Objection, str]] = {}
    raised = (
        RaisedObjection.objects.filter(opportunity=opportunity)
        .select_related("objection")
        .order_by("at", "id")
    )
    for item in raised:
        note = item.note or (seen[item.objection_id][1] if item.objection_id in seen else "")
        seen[item.objection_id] = (item.objection, note)
    for reason in opportunity.loss_reasons.order_by("position", "id"):
        seen.setdefault(reason.pk, (reason, ""))
    return list(seen.values())


def comparison(language: str) -> dict[str, Any]:
    """Our benefits beside each rival's offer, one row per kind, in ``language``."""
    ru = language == OfferLanguage.RUSSIAN
    rivals = list(
        RivalDestination.objects.filter(is_active=True)
        .prefetch_related("offers")
        .order_by("position", "id")
    )
    ours: dict[str, list[str]] = {}
    for benefit in queries.active_benefits().only("kind", "title_en", "title_ru"):
        ours.setdefault(benefit.kind, []).append(benefit.title_ru if ru else benefit.title_en)
    with translation.override(language):
        rows = []
        for kind, label in BenefitKind.choices:
            theirs = []
            for rival in rivals:
                offer = next((o for o in rival.offers.all() if o.kind == kind), None)
                theirs.append((offer.text_ru if ru else offer.text_en) if offer else "—")
            rows.append({"kind": str(label), "ours": ours.get(kind, []), "theirs": theirs})
    return {
        "rivals": [rival.name_ru if ru else rival.name_en for rival in rivals],
        "rows": rows,
    }


def offer_content(opportunity: Opportunity, *, language: str) -> dict[str, Any]:
    """What an offer says, frozen as plain data: the answers to the prospect's objections with
    the benefits behind them, the whole catalogue, and the rivals side by side."""
    ru = language == OfferLanguage.RUSSIAN
    objections = recorded_objections(opportunity)
    answers_by_objection: dict[int, list[ObjectionAnswer]] = {}
    for answer in (
        ObjectionAnswer.objects.filter(objection__in=[o.pk for o, _note in objections])
        .prefetch_related("benefits")
        .order_by("position", "id")
    ):
        answers_by_objection.setdefault(answer.objection_id, []).append(answer)
    answers = []
    for objection, note in objections:
        for answer in answers_by_objection.get(objection.pk, []):
            benefits = [b for b in answer.benefits.all() if b.is_active]
            answers.append(
                {
                    "objection": objection.label_ru if ru else objection.label_en,
                    "note": note,
                    "argument": answer.argument_ru if ru else answer.argument_en,
                    "benefits": [b.title_ru if ru else b.title_en for b in benefits],
                }
            )
    with translation.override(language):
        kinds = {kind: str(label) for kind, label in BenefitKind.choices}
    catalogue = []
    for benefit in queries.active_benefits():
        text = benefit.text_in(language)
        text["kind_label"] = kinds.get(benefit.kind, benefit.kind)
        catalogue.append(text)
    organization = opportunity.organization
    return {
        "language": language,
        "prospect": opportunity.prospect_name,
        "country": str(organization.country) if organization else "",
        "made_on": timezone.localdate().isoformat(),
        "answers": answers,
        "benefits": catalogue,
        "comparison": comparison(language),
    }


def pdf_stylesheet() -> str:
    return (Path(__file__).parent / "templates" / "offers" / "pdf" / "pdf.css").read_text()


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    """HTML from a template, in ``language``, to PDF with WeasyPrint."""
    return html_to_pdf(render_pdf_html(template, context, language=language))


def render_pdf_html(template: str, context: dict[str, Any], *, language: str) -> str:
    with translation.override(language):
        return render_to_string(template, {**context, "language": language})


def html_to_pdf(html: str) -> bytes:
    from weasyprint import CSS, HTML  # type: ignore[import-untyped]

    return cast(bytes, HTML(string=html).write_pdf(stylesheets=[CSS(string=pdf_stylesheet())]))


def build_offer(*, opportunity: Opportunity, by: Any, language: str | None = None) -> OfferVersion:
    """Make the next version of an opportunity's offer: a snapshot of what is offered today, in
    the prospect's language (or ``language``), rendered to a PDF kept in private storage."""
    language = language or offer_language(opportunity)
    if language not in OfferLanguage.values:
        raise ValidationError(_("Offers are written in English or Russian."))
    content = offer_content(opportunity, language=language)
    pdf = render_pdf("offers/pdf/offer.html", {"offer": content}, language=language)
    with transaction.atomic():
        Opportunity.objects.select_for_update().filter(pk=opportunity.pk).first()
        number = (
            OfferVersion.objects.filter(opportunity=opportunity).aggregate(n=Max("number"))["n"]
            or 0
        ) + 1
        offer = OfferVersion(
            opportunity=opportunity,
            number=number,
            language=language,
            content=content,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        # A random name: the file is reached only through the staff view, never by its path.
        offer.pdf.save(f"{opportunity.pk}/{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
        offer.save()
        audit.record(
            opportunity,
            action="offers.offer_made",
            by=by,
            changes={"offer_version": [None, number], "language": [None, language]},
        )
    return offer


def offer_filename(offer: OfferVersion) -> str:
    name = slugify(offer.content.get("prospect", "")) or "offer"
    return f"offer-{name}-v{offer.number}-{offer.language}.pdf"


def send_offer(*, offer: OfferVersion, to: str, by: Any) -> Activity:
    """Queue the offer's PDF by e-mail, logged at once as an outreach e-mail activity whose
    status follows delivery. Refused: an address that isn't one, and a person who has neither
    agreed to be contacted nor has a lawful basis recorded."""
    address = checked_address(to)
    opportunity = offer.opportunity
    person = opportunity.person
    if person is None and opportunity.organization is not None:
        # Writing to one of the organisation's people: their consent counts the same.
        person = opportunity.organization.people.filter(email__iexact=address).first()
    if person is not None and not (person.consent_to_contact or person.lawful_basis):
        raise ValidationError(
            _(
                "%(person)s has neither agreed to be contacted nor has a lawful basis recorded: "
                "record one on their page before writing to them."
            )
            % {"person": person}
        )
    with translation.override(offer.language):
        subject = _("Our offer to %(prospect)s") % {"prospect": offer.content.get("prospect", "")}
        body = _(
            "Hello,\n\nPlease find attached what the hub offers %(prospect)s, with answers to "
            "the questions you raised.\n\nBest regards,\n%(sender)s"
        ) % {
            "prospect": offer.content.get("prospect", ""),
            "sender": (by.get_full_name() or by.email) if by else "",
        }
    with transaction.atomic():
        activity = log_activity(
            by=by,
            kind=ActivityKind.EMAIL,
            opportunity=opportunity,
            person=person,
            subject=subject,
            notes=body,
            email_to=address,
        )
        audit.record(
            opportunity,
            action="offers.offer_sent",
            by=by,
            changes={"offer_version": [None, offer.number], "to": [None, address]},
        )
        offer_id, activity_id = offer.pk, activity.pk
        transaction.on_commit(lambda: _enqueue_offer(offer_id, activity_id))
    return activity


def _enqueue_offer(offer_id: int, activity_id: int) -> None:
    from softlanding.offers.tasks import deliver_offer_task

    deliver_offer_task.enqueue(offer_id, activity_id)


def deliver_offer(offer_id: int, activity_id: int) -> str:
    """Send a queued offer e-mail with its PDF; the activity records sent or failed and why."""
    offer = OfferVersion.objects.get(pk=offer_id)

    def pdf() -> list[tuple[str, bytes, str]]:
        with offer.pdf.open("rb") as handle:
            return [(offer_filename(offer), handle.read(), "application/pdf")]

    def sent(activity: Activity) -> None:
        OfferVersion.objects.filter(pk=offer_id).update(
            sent_at=timezone.now(), sent_to=activity.email_to
        )

    return deliver_email(activity_id, attachments=pdf, on_sent=sent)


# --- the comparison with rivals --------------------------------------------------------------


def comparison_pdf(*, language: str) -> bytes:
    """Our benefits beside each rival's, as a PDF a scout downloads or sends."""
    return render_pdf(
        "offers/pdf/comparison.html",
        {"comparison": comparison(language), "made_on": timezone.localdate().isoformat()},
        language=language,
    )


def send_comparison(*, to: str, language: str, by: User) -> AuditEntry:
    """Queue the comparison PDF to an address, as a background task.

    The sending is an audit entry on the sender: the address, the language and the delivery
    (queued, then sent or failed). The address is personal data and is kept there only: the
    task is given the entry's id, so the task queue never holds it, and the PDF is not kept.
    """
    address = checked_address(to)
    if language not in OfferLanguage.values:
        raise ValidationError(_("Offers are written in English or Russian."))
    with transaction.atomic():
        entry = audit.record(
            by,
            action=queries.COMPARISON_SENT,
            by=by,
            changes={
                "to": [None, address],
                "language": [None, language],
                "delivery": [None, EmailStatus.QUEUED.value],
            },
        )
        entry_id = entry.pk
        transaction.on_commit(lambda: _enqueue_comparison(entry_id))
    return entry


def _enqueue_comparison(entry_id: int) -> None:
    from softlanding.offers.tasks import deliver_comparison_task

    deliver_comparison_task.enqueue(entry_id)


def deliver_comparison(entry_id: int) -> str:
    """Send a queued comparison to the address its audit entry holds; the entry records sent or
    failed and why. A retried task finds the entry sent already and sends nothing twice."""
    entry = AuditEntry.objects.select_related("actor").get(
        pk=entry_id, action=queries.COMPARISON_SENT
    )
    changes = entry.changes
    status = (changes.get("delivery") or [None, None])[1]
    if status != EmailStatus.QUEUED:
        return str(status)
    language = changes["language"][1]
    sender = entry.actor
    with translation.override(language):
        subject = _("The hub compared with other destinations")
        body = _(
            "Hello,\n\nPlease find attached how the hub compares.\n\nBest regards,\n%(sender)s"
        ) % {"sender": (sender.get_full_name() or sender.email) if sender else ""}
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[changes["to"][1]],
        reply_to=[sender.email] if sender and sender.email else None,
    )
    try:
        message.attach(
            f"comparison-{language}.pdf", comparison_pdf(language=language), "application/pdf"
        )
        message.send()
    except Exception as error:  # any failure is recorded for the sender to see
        status = EmailStatus.FAILED
        changes["error"] = [None, f"{type(error).__name__}: {error}"[:500]]
    else:
        status = EmailStatus.SENT
    changes["delivery"] = [EmailStatus.QUEUED.value, status.value]
    entry.save(update_fields=["changes"])
    return str(status.value)
