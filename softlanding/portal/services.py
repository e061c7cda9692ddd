"""Business actions on applications. Views, commands and tasks all call these.

Every status change goes through ``_move``: it checks ``enums.ALLOWED_MOVES``, saves with
``update_fields``, writes the audit entry, and queues the applicant's e-mail after commit.
Internal comments are written here and read only by review pages: no e-mail renders them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from softlanding.core import audit
from softlanding.outreach.models import Campaign, Opportunity
from softlanding.outreach.services import open_opportunity
from softlanding.portal.enums import (
    ACCEPTS_DOCUMENTS,
    ALLOWED_MOVES,
    ApplicantKind,
    ApplicationStatus,
    DocumentKind,
    Relation,
)
from softlanding.portal.models import (
    Application,
    Document,
    DocumentVersion,
    InfoRequest,
    InternalComment,
)
from softlanding.portal.signals import application_approved
from softlanding.portal.uploads import check_upload
from softlanding.prospects.dedupe import find_matches
from softlanding.prospects.domains import domain_of
from softlanding.prospects.models import Organization, Person
from softlanding.prospects.services import create_organization, create_person

if TYPE_CHECKING:
    from softlanding.accounts.models import User

#: What ``Organization.sources`` says of an organisation the portal created.
PORTAL_SOURCE = "portal"

S = ApplicationStatus


def start_application(*, applicant: User, kind: str, language: str) -> Application:
    if kind not in ApplicantKind.values:
        raise ValidationError(_("Choose whom you apply for."))
    application = Application.objects.create(
        applicant=applicant,
        kind=kind,
        language=applicant.language or language,
        country="",
    )
    audit.record(application, action="portal.application_started", by=applicant)
    return application


def save_step(application: Application, *, step: int) -> None:
    """Remember the furthest step saved: a draft resumes there."""
    if step > application.step:
        application.step = step
        application.save(update_fields=["step", "updated_at"])
    else:
        application.save(update_fields=["updated_at"])


# --------------------------------------------------------------------------- transitions


def _move(
    application: Application,
    *,
    to: ApplicationStatus,
    by: User | None,
    fields: Sequence[str] = (),
    changes: dict[str, Any] | None = None,
    email: str = "",
) -> None:
    current = ApplicationStatus(application.status)
    if to not in ALLOWED_MOVES[current]:
        raise ValidationError(
            _("An application that is %(current)s cannot become %(to)s.")
            % {"current": current.label, "to": to.label}
        )
    application.status = to
    application.save(update_fields=["status", "updated_at", *fields])
    audit.record(
        application,
        action="portal.status_changed",
        by=by,
        changes={"status": [current.value, to.value], **(changes or {})},
    )
    if email:
        transaction.on_commit(partial(notify_applicant, application.pk, email))


def notify_applicant(application_id: int, template: str) -> None:
    """Queue an e-mail to the applicant in its language, from ``portal/email/<template>.txt``.

    The context holds the application, its latest request for information and its decision:
    never its internal comments.
    """
    from softlanding.core.tasks import send_email

    application = Application.objects.select_related("applicant").get(pk=application_id)
    question = application.info_requests.order_by("-id").first()
    # The account's language wins (the applicant may have switched since it applied).
    language = application.applicant.language or application.language or "en"
    with translation.override(language):
        context = {
            "application": application,
            "status": ApplicationStatus(application.status).label,
            "question": question.question if question else "",
            "url": settings.SITE_URL + reverse("portal:application_detail", args=[application.pk]),
        }
        subject = render_to_string(f"portal/email/{template}_subject.txt", context)
        body = render_to_string(f"portal/email/{template}.txt", context)
    send_email.enqueue(
        to=[application.applicant.email], subject=" ".join(subject.split()), body=body
    )


def _check_complete(application: Application) -> None:
    problems = []
    if not application.name.strip():
        problems.append(_("Give the name of the organisation or your full name."))
    if not application.country:
        problems.append(_("Give the country you come from."))
    if not application.people.filter(relation=Relation.SPECIALIST).exists():
        problems.append(_("Add at least one relocating person."))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def submit(application: Application, *, by: User) -> Application:
    """Submit a complete draft: link it to the registry and to outreach, stamp the date.

    The date decides which version of the eligibility rules judges the application.
    """
    # Lock the row (a double click submits once), then work on the caller's object.
    list(Application.objects.select_for_update().filter(pk=application.pk).values_list("pk"))
    application.refresh_from_db()
    _check_complete(application)
    link_to_registry(application, by=by)
    application.submitted_at = timezone.now()
    _move(
        application,
        to=S.SUBMITTED,
        by=by,
        fields=["submitted_at", "organization", "person", "opportunity"],
        changes={
            "organization": application.organization_id,
            "person": application.person_id,
            "opportunity": application.opportunity_id,
        },
        email="submitted",
    )
    return application


def link_to_registry(application: Application, *, by: User | None) -> None:
    """Find the organisation (or person) the application is from, or add it; then its opportunity.

    A company goes through the registry's duplicate detection (``prospects.dedupe.find_matches``
    on its name, country and website): the best match at review level or above is taken, and a
    new organisation (source "portal") is made only when none matches. An individual is matched
    on its e-mail address. The open opportunity of that prospect is linked; when there is none
    and a current campaign targets the applicant's country, one is opened there.
    """
    country = str(application.country)
    organization: Organization | None = None
    person: Person | None = None
    if application.kind == ApplicantKind.COMPANY:
        domain = domain_of(application.website)
        matches = find_matches(application.name, country=country, domain=domain, limit=1)
        if matches:
            organization, match = matches[0]
            audit.record(
                application,
                action="portal.matched_organization",
                by=by,
                changes={
                    "organization": organization.pk,
                    "score": match.score,
                    "reasons": match.reasons,
                },
            )
        else:
            organization = create_organization(
                by=by,
                name=application.name,
                country=country,
                sources=[PORTAL_SOURCE],
                legal_form=application.legal_form,
                city=application.city,
                website=application.website,
                employees=application.employees,
                founded=application.founded_year,
            )
    else:
        email = application.applicant.email
        person = Person.objects.filter(email__iexact=email).order_by("pk").first()
        if person is None:
            first, _sep, last = application.name.strip().partition(" ")
            person = create_person(
                by=by,
                organization=None,
                first_name=first,
                last_name=last,
                email=email,
                country=country,
                phone=application.contact_phone,
                consent_source=_("applied through the portal"),
            )
    application.organization = organization
    application.person = person
    application.opportunity = _open_opportunity_for(organization, person, country, by=by)


def _open_opportunity_for(
    organization: Organization | None, person: Person | None, country: str, *, by: User | None
) -> Opportunity | None:
    found = Opportunity.objects.open()
    found = (
        found.filter(organization=organization)
        if organization is not None
        else found.filter(person=person, organization__isnull=True)
    )
    existing = found.order_by("-updated_at", "-id").first()
    if existing is not None:
        return existing
    campaigns = Campaign.objects.current().order_by("-starts_on", "-id")
    campaign = next((c for c in campaigns if country in (c.source_countries or [])), None)
    if campaign is None:
        return None
    # Opened by the system, not the applicant; the campaign's lead owns it until a scout does.
    if organization is not None:
        return open_opportunity(campaign, by=None, organization=organization, owner=campaign.lead)
    return open_opportunity(campaign, by=None, person=person, owner=campaign.lead)


@transaction.atomic
def withdraw(application: Application, *, by: User) -> None:
    _move(application, to=S.WITHDRAWN, by=by)


# --------------------------------------------------------------------------- review


@transaction.atomic
def assign(application: Application, *, to: User | None, by: User) -> None:
    """Give the application to a case officer (or nobody); a submitted one enters review."""
    before = application.assignee_id
    application.assignee = to
    application.save(update_fields=["assignee", "updated_at"])
    audit.record(
        application,
        action="portal.assigned",
        by=by,
        changes={"assignee": [before, to.pk if to else None]},
    )
    if to is not None and application.status == S.SUBMITTED:
        _move(application, to=S.IN_REVIEW, by=by)


def add_comment(application: Application, *, body: str, by: User) -> InternalComment:
    body = body.strip()
    if not body:
        raise ValidationError(_("Write the comment first."))
    return InternalComment.objects.create(application=application, body=body, author=by)


@transaction.atomic
def request_information(application: Application, *, question: str, by: User) -> InfoRequest:
    question = question.strip()
    if not question:
        raise ValidationError(_("Write the question for the applicant."))
    request = InfoRequest.objects.create(application=application, question=question, asked_by=by)
    if application.status == S.INFO_REQUESTED:
        transaction.on_commit(partial(notify_applicant, application.pk, "info_requested"))
    else:
        _move(application, to=S.INFO_REQUESTED, by=by, email="info_requested")
    return request


@transaction.atomic
def answer_request(request: InfoRequest, *, answer: str, by: User) -> None:
    """The applicant answers; once every question is answered the application is back in review."""
    answer = answer.strip()
    if not answer:
        raise ValidationError(_("Write your answer first."))
    if not request.is_open:
        raise ValidationError(_("This question was already answered."))
    request.answer = answer
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    application = request.application
    audit.record(application, action="portal.info_answered", by=by, changes={"request": request.pk})
    still_open = application.info_requests.filter(answered_at__isnull=True).exists()
    if application.status == S.INFO_REQUESTED and not still_open:
        _move(application, to=S.IN_REVIEW, by=by)


def may_decide(application: Application, user: User) -> bool:
    """Who decides follows the roles: the case officer the application is assigned to, or a
    programme lead (any application). Any reviewer may assign, comment and ask."""
    from softlanding.accounts.enums import Role

    return application.assignee_id == user.pk or Role.PROGRAMME_LEAD in user.roles


def _check_may_decide(application: Application, by: User) -> None:
    if not may_decide(application, by):
        raise ValidationError(
            _("Only the assigned case officer or a programme lead decides; assign it first.")
        )


@transaction.atomic
def approve(application: Application, *, reason: str, by: User) -> None:
    """Approve; after commit, ``signals.application_approved`` hands it on (to Cases)."""
    _check_may_decide(application, by)
    application.decided_at = timezone.now()
    application.decision_reason = reason.strip()
    _move(
        application,
        to=S.APPROVED,
        by=by,
        fields=["decided_at", "decision_reason"],
        changes={"reason": application.decision_reason},
        email="approved",
    )
    transaction.on_commit(
        partial(application_approved.send, sender=Application, application=application, by=by)
    )


@transaction.atomic
def reject(application: Application, *, reason: str, by: User) -> None:
    _check_may_decide(application, by)
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give the reason for the rejection; the applicant reads it."))
    application.decided_at = timezone.now()
    application.decision_reason = reason
    _move(
        application,
        to=S.REJECTED,
        by=by,
        fields=["decided_at", "decision_reason"],
        changes={"reason": reason},
        email="rejected",
    )


# --------------------------------------------------------------------------- documents


@transaction.atomic
def add_document(
    application: Application,
    *,
    upload: UploadedFile,
    by: User,
    kind: str = "",
    document: Document | None = None,
) -> DocumentVersion:
    """Store a checked upload as a new document, or as the next version of ``document``.

    Refused (``ValidationError``, nothing stored) when the application no longer takes
    documents or the file fails a check in ``uploads.check_upload``.
    """
    if application.status not in ACCEPTS_DOCUMENTS:
        raise ValidationError(_("This application no longer takes documents."))
    if document is None and kind not in DocumentKind.values:
        raise ValidationError(_("Choose what the document is."))
    checked = check_upload(upload)
    if document is None:
        document = Document.objects.create(application=application, kind=kind)
        number = 1
    else:
        if document.application_id != application.pk:
            raise ValidationError(_("This document belongs to another application."))
        last = document.versions.aggregate(last=Max("number"))["last"] or 0
        number = last + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by,
    )
    version.file.save(checked.name, ContentFile(checked.data), save=False)
    try:
        version.save()
    except Exception:
        version.file.delete(save=False)
        raise
    audit.record(
        application,
        action="portal.document_uploaded",
        by=by,
        changes={"document": document.pk, "version": number, "sha256": checked.sha256},
    )
    return version
