"""Outreach actions: one function each, called by views, commands, tasks and the API alike.

Every write happens in one transaction with its audit entry; e-mail leaves only after commit.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from softlanding.core import audit
from softlanding.outreach.enums import (
    ALLOWED_MOVES,
    ActivityKind,
    Direction,
    EmailStatus,
    Outcome,
    Stage,
)
from softlanding.outreach.models import (
    Activity,
    Campaign,
    EmailTemplate,
    Objection,
    Opportunity,
    RaisedObjection,
    StageChange,
)

if TYPE_CHECKING:
    from softlanding.accounts.models import User
    from softlanding.prospects.models import Organization, Person


class StageConflict(Exception):
    """Someone else moved the opportunity since the page was loaded."""

    def __init__(self, opportunity: Opportunity) -> None:
        self.opportunity = opportunity
        super().__init__(
            _(
                "%(name)s was moved to “%(stage)s” by someone else a moment ago. "
                "Nothing was changed: look at it again and move it if you still want to."
            )
            % {"name": opportunity.prospect_name, "stage": opportunity.get_stage_display()}
        )


class ForbiddenMove(ValidationError):
    """The stage rules don't allow this move."""


# --- campaigns -----------------------------------------------------------------------------


def create_campaign(*, by: User | None, team: Iterable[User] = (), **fields: Any) -> Campaign:
    with transaction.atomic():
        campaign = Campaign(**fields)
        campaign.full_clean()
        campaign.save()
        campaign.team.set(list(team))
        audit.record(campaign, action="outreach.campaign_created", by=by, changes=_plain(fields))
    return campaign


def update_campaign(
    campaign: Campaign, *, by: User | None, team: Iterable[User] | None = None, **fields: Any
) -> Campaign:
    with transaction.atomic():
        before = {name: getattr(campaign, name) for name in fields}
        for name, value in fields.items():
            setattr(campaign, name, value)
        campaign.full_clean()
        campaign.save()
        if team is not None:
            campaign.team.set(list(team))
        audit.record(
            campaign,
            action="outreach.campaign_updated",
            by=by,
            changes=audit.diff(_plain(before), _plain(fields)),
        )
    return campaign


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON takes them, for the audit log."""
    plain: dict[str, Any] = {}
    for name, value in values.items():
        if hasattr(value, "pk"):
            plain[name] = value.pk
        elif isinstance(value, date | datetime):
            plain[name] = value.isoformat()
        else:
            plain[name] = value
    return plain


# --- opportunities -------------------------------------------------------------------------


def open_opportunity(
    campaign: Campaign,
    *,
    by: User | None,
    organization: Organization | None = None,
    person: Person | None = None,
    owner: User | None = None,
    expected_headcount: int | None = None,
) -> Opportunity:
    """Put a prospect into a campaign at "identified"; the same prospect again is refused."""
    if organization is None and person is None:
        raise ValidationError(_("Choose an organisation or a person."))
    if organization is not None and organization.merged_into_id:
        raise ValidationError(_("This organisation was merged into another one."))
    duplicate = Opportunity.objects.filter(campaign=campaign)
    duplicate = (
        duplicate.filter(organization=organization, person__isnull=True)
        if organization is not None and person is None
        else duplicate.filter(person=person, organization=organization)
    )
    if duplicate.exists():
        raise ValidationError(_("This prospect is already in the campaign."))
    now = timezone.now()
    with transaction.atomic():
        opportunity = Opportunity.objects.create(
            campaign=campaign,
            organization=organization,
            person=person,
            owner=owner or by,
            expected_headcount=expected_headcount
            if expected_headcount is not None
            else (organization.employees or 0 if organization is not None else 1),
        )
        StageChange.objects.create(
            opportunity=opportunity,
            campaign=campaign,
            from_stage="",
            to_stage=Stage.IDENTIFIED,
            at=now,
            by=by,
        )
        audit.record(
            opportunity,
            action="outreach.opportunity_opened",
            by=by,
            changes={"campaign": campaign.pk, "stage": Stage.IDENTIFIED},
        )
    return opportunity


SEGMENT_LIMIT = 1000


def add_segment(campaign: Campaign, *, by: User | None, limit: int = SEGMENT_LIMIT) -> int:
    """Put the best-scoring organisations of the campaign's target segment into it.

    The segment is a saved prospects filter; at most ``limit`` organisations are taken, best
    score first, skipping those already in the campaign. Each is opened at "identified" with
    its first stage change, in bulk. Returns how many were added.
    """
    from django.http import QueryDict

    from softlanding.prospects.forms import OrganizationFilterForm
    from softlanding.prospects.queries import filtered_organizations

    if campaign.segment is None:
        raise ValidationError(_("The campaign has no target segment: choose a saved filter."))
    form = OrganizationFilterForm(QueryDict(campaign.segment.query))
    filters = form.cleaned_data if form.is_valid() else {}
    taken = Opportunity.objects.filter(campaign=campaign, organization=OuterRef("pk"))
    organizations = list(
        filtered_organizations(
            query=filters.get("q", ""),
            country=filters.get("country", ""),
            size=filters.get("size", ""),
            market=filters.get("market", ""),
            tag=filters["tag"].pk if filters.get("tag") else None,
            owner=filters["owner"].pk if filters.get("owner") else None,
            sort="score",
            extra=form.extra_filters() if filters else None,
        )
        .exclude(Exists(taken))
        .values_list("pk", "employees")[:limit]
    )
    now = timezone.now()
    with transaction.atomic():
        created = Opportunity.objects.bulk_create(
            [
                Opportunity(
                    campaign=campaign,
                    organization_id=pk,
                    owner=by,
                    expected_headcount=employees or 0,
                )
                for pk, employees in organizations
            ]
        )
        if created and created[0].pk is None:  # a backend that doesn't return ids
            created = list(
                Opportunity.objects.filter(
                    campaign=campaign, organization_id__in=[pk for pk, _e in organizations]
                )
            )
        StageChange.objects.bulk_create(
            [
                StageChange(
                    opportunity=opportunity,
                    campaign=campaign,
                    from_stage="",
                    to_stage=Stage.IDENTIFIED,
                    at=now,
                    by=by,
                )
                for opportunity in created
            ]
        )
        audit.record(
            campaign,
            action="outreach.segment_added",
            by=by,
            changes={"segment": campaign.segment.query, "added": len(created)},
        )
    return len(created)


def move_opportunity(
    opportunity: Opportunity,
    *,
    to: Stage | str,
    by: User | None,
    version: int | None = None,
    loss_reasons: Sequence[Objection] = (),
    lost_to: str = "",
    loss_note: str = "",
) -> Opportunity:
    """Move an opportunity to another stage, as the stage rules allow.

    ``version`` is the version the mover saw: if someone moved the opportunity since, the move
    is refused with StageConflict and nothing changes (no lost update). Moving to "lost" needs
    at least one loss reason. Writes the stage change and the audit entry.
    """
    target = Stage(to)
    seen = opportunity.version if version is None else version
    current = Stage(opportunity.stage)
    if target == current:
        return opportunity
    if target not in ALLOWED_MOVES[current]:
        raise ForbiddenMove(
            _("An opportunity can't move from “%(from)s” to “%(to)s”.")
            % {"from": current.label, "to": target.label},
            code="forbidden_move",
        )
    if target == Stage.LOST and not loss_reasons:
        raise ValidationError(_("Say why it was lost: choose at least one loss reason."))
    now = timezone.now()
    with transaction.atomic():
        fields: dict[str, Any] = {"stage": target, "version": F("version") + 1, "updated_at": now}
        if target == Stage.LOST:
            fields |= {"lost_to": lost_to, "loss_note": loss_note.strip()}
        elif current == Stage.LOST:
            fields |= {"lost_to": "", "loss_note": ""}
        # The compare-and-set: only the version the mover saw is moved.
        moved = Opportunity.objects.filter(pk=opportunity.pk, version=seen, stage=current).update(
            **fields
        )
        if not moved:
            raise StageConflict(
                Opportunity.objects.select_related("organization", "person").get(pk=opportunity.pk)
            )
        if target == Stage.LOST:
            opportunity.loss_reasons.set(list(loss_reasons))
        elif current == Stage.LOST:
            opportunity.loss_reasons.clear()
        StageChange.objects.create(
            opportunity=opportunity,
            campaign_id=opportunity.campaign_id,
            from_stage=current,
            to_stage=target,
            at=now,
            by=by,
        )
        changes: dict[str, Any] = {"stage": [current, target]}
        if target == Stage.LOST:
            changes["loss_reasons"] = [reason.code for reason in loss_reasons]
            changes["lost_to"] = lost_to
        audit.record(opportunity, action="outreach.stage_changed", by=by, changes=changes)
    opportunity.refresh_from_db(fields=["stage", "version", "lost_to", "loss_note", "updated_at"])
    return opportunity


def update_opportunity(opportunity: Opportunity, *, by: User | None, **fields: Any) -> Opportunity:
    """Owner, expected head-count and family, probability, next step: not the stage."""
    if "stage" in fields:
        raise ValueError("use move_opportunity to change the stage")
    with transaction.atomic():
        before = {name: getattr(opportunity, name) for name in fields}
        for name, value in fields.items():
            setattr(opportunity, name, value)
        opportunity.full_clean(exclude=["campaign", "organization", "person"])
        opportunity.save(update_fields=[*fields, "updated_at"])
        audit.record(
            opportunity,
            action="outreach.opportunity_updated",
            by=by,
            changes=audit.diff(_plain(before), _plain(fields)),
        )
    return opportunity


# --- activities and follow-ups -------------------------------------------------------------

# C0 controls other than tab and newlines, and the Unicode direction overrides used to disguise
# text: stripped from notes. Markup stays as typed and is escaped wherever it is shown.
_UNSAFE_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
NOTES_MAX = 20_000


def clean_notes(text: str) -> str:
    return _UNSAFE_TEXT.sub("", text.replace("\r\n", "\n")).strip()[:NOTES_MAX]


def check_time_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValidationError(_("“%(zone)s” is not a time zone.") % {"zone": name}) from error
    return name


@dataclass(frozen=True)
class ObjectionHeard:
    objection: Objection
    note: str = ""
    destination: str = ""


def log_activity(
    *,
    by: User | None,
    kind: ActivityKind | str,
    occurred_at: datetime | None = None,
    time_zone: str = "UTC",
    organization: Organization | None = None,
    person: Person | None = None,
    opportunity: Opportunity | None = None,
    direction: Direction | str = Direction.OUTGOING,
    outcome: Outcome | str = Outcome.NONE,
    duration_minutes: int | None = None,
    subject: str = "",
    notes: str = "",
    follow_up_on: date | None = None,
    follow_up_owner: User | None = None,
    objections: Sequence[ObjectionHeard] = (),
    completes: Activity | None = None,
    email_to: str = "",
    today: date | None = None,
) -> Activity:
    """Log what happened, with what was heard and when to come back.

    The organisation defaults to the opportunity's (or the person's). ``completes`` is the
    follow-up this activity answers: it leaves the caller's list. ``email_to`` marks an e-mail
    the system is about to send (``send_email``): it starts as queued. A follow-up date before
    today is refused. An outgoing call, e-mail, meeting or message on an opportunity still at
    "identified" moves it to "contacted".
    """
    kind = ActivityKind(kind)
    today = today or timezone.localdate()
    if follow_up_on is not None and follow_up_on < today:
        raise ValidationError(
            {"follow_up_on": _("A follow-up can't be in the past: choose today or a later day.")}
        )
    if opportunity is not None:
        organization = organization or opportunity.organization
        person = person or opportunity.person
    if person is not None and organization is None and person.organization_id:
        organization = person.organization
    if organization is None and person is None and opportunity is None:
        raise ValidationError(_("Say whom the activity was with."))
    zone = ZoneInfo(check_time_zone(time_zone))
    when = occurred_at or timezone.now()
    if timezone.is_naive(when):
        when = timezone.make_aware(when, zone)
    with transaction.atomic():
        activity = Activity.objects.create(
            kind=kind,
            direction=direction,
            occurred_at=when,
            time_zone=time_zone,
            organization=organization,
            person=person,
            opportunity=opportunity,
            outcome=outcome if kind != ActivityKind.NOTE else Outcome.NONE,
            duration_minutes=duration_minutes,
            subject=subject.strip()[:300],
            notes=clean_notes(notes),
            by=by,
            follow_up_on=follow_up_on,
            follow_up_owner=(follow_up_owner or by) if follow_up_on else None,
            email_to=email_to,
            email_status=EmailStatus.QUEUED if email_to else EmailStatus.NONE,
        )
        if objections:
            if opportunity is None:
                raise ValidationError(_("Objections are recorded against an opportunity."))
            RaisedObjection.objects.bulk_create(
                [
                    RaisedObjection(
                        opportunity=opportunity,
                        objection=heard.objection,
                        note=heard.note.strip()[:500],
                        destination=heard.destination,
                        activity=activity,
                        by=by,
                    )
                    for heard in objections
                ]
            )
        if completes is not None:
            Activity.objects.filter(pk=completes.pk).update(follow_up_done=True)
        if (
            opportunity is not None
            and opportunity.stage == Stage.IDENTIFIED
            and kind != ActivityKind.NOTE
            and direction == Direction.OUTGOING
        ):
            # Someone may have moved it meanwhile: their move stands.
            with contextlib.suppress(StageConflict):
                move_opportunity(opportunity, to=Stage.CONTACTED, by=by)
    return activity


def complete_follow_up(activity: Activity, *, by: User | None) -> None:
    """Tick a follow-up off without logging anything (it was dealt with elsewhere)."""
    Activity.objects.filter(pk=activity.pk).update(follow_up_done=True)


# --- the managed lists ----------------------------------------------------------------------


def save_objections(formset: Any, *, by: User | None) -> int:
    """Save the objections a programme lead edited or added, one audit entry each."""
    with transaction.atomic():
        saved = formset.save()
        for objection in saved:
            audit.record(
                objection,
                action="outreach.objection_saved",
                by=by,
                changes={"label_en": objection.label_en, "is_active": objection.is_active},
            )
    return len(saved)


def save_email_template(form: Any, *, by: User | None) -> EmailTemplate:
    with transaction.atomic():
        template = form.save()
        audit.record(
            template,
            action="outreach.email_template_saved",
            by=by,
            changes={"changed": list(form.changed_data)},
        )
    return template


# --- e-mail --------------------------------------------------------------------------------

MERGE_FIELDS = (
    "first_name",
    "last_name",
    "full_name",
    "organization",
    "campaign",
    "sender_name",
    "sender_email",
)
_MERGE = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def check_template_text(text: str) -> str:
    """Refuse merge fields the system doesn't know, so no message goes out with a hole."""
    unknown = sorted({name for name in _MERGE.findall(text) if name not in MERGE_FIELDS})
    if unknown:
        raise ValidationError(
            _("Unknown merge fields: %(fields)s. Use: %(known)s.")
            % {
                "fields": ", ".join(unknown),
                "known": ", ".join(f"{{{{ {name} }}}}" for name in MERGE_FIELDS),
            }
        )
    return text


def merge_values(
    *,
    person: Person | None,
    organization: Organization | None,
    opportunity: Opportunity | None,
    sender: User | None,
) -> dict[str, str]:
    first = (person.first_name or person.first_name_cyrillic) if person else ""
    last = (person.last_name or person.last_name_cyrillic) if person else ""
    return {
        "first_name": first,
        "last_name": last,
        "full_name": str(person) if person else "",
        "organization": str(organization) if organization else "",
        "campaign": str(opportunity.campaign) if opportunity else "",
        "sender_name": sender.get_full_name() if sender else "",
        "sender_email": sender.email if sender else "",
    }


def render_template_text(text: str, values: dict[str, str]) -> str:
    """Fill the merge fields; plain text, so nothing in a value is ever interpreted."""
    return _MERGE.sub(lambda match: values.get(match.group(1), ""), text)


def checked_address(to: str | None) -> str:
    """The address a message goes to, trimmed; a ValidationError on the form's ``to`` field
    when it isn't one. Every service that mails someone checks the address through here."""
    address = (to or "").strip()
    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationError(
            {"to": _("“%(address)s” is not an e-mail address.") % {"address": address or "—"}}
        ) from error
    return address


def send_email(
    *,
    by: User,
    template: EmailTemplate,
    person: Person,
    opportunity: Opportunity | None = None,
    to: str | None = None,
) -> Activity:
    """Queue an e-mail to a person, logged at once as an activity whose status follows delivery.

    Refused at once: an address that isn't one, and a person who has not agreed to be
    contacted and has no lawful basis recorded (their data stays, but no mail goes out).
    """
    address = checked_address(to or person.email)
    if not (person.consent_to_contact or person.lawful_basis):
        raise ValidationError(
            _(
                "%(person)s has neither agreed to be contacted nor has a lawful basis recorded: "
                "record one on their page before writing to them."
            )
            % {"person": person}
        )
    organization = opportunity.organization if opportunity else person.organization
    values = merge_values(
        person=person, organization=organization, opportunity=opportunity, sender=by
    )
    with transaction.atomic():
        activity = log_activity(
            by=by,
            kind=ActivityKind.EMAIL,
            person=person,
            organization=organization,
            opportunity=opportunity,
            subject=render_template_text(template.subject, values),
            notes=render_template_text(template.body, values),
            email_to=address,
        )
        transaction.on_commit(lambda: _enqueue_email(activity.pk))
    return activity


def _enqueue_email(activity_id: int) -> None:
    from softlanding.outreach.tasks import deliver_email_task

    deliver_email_task.enqueue(activity_id)


def deliver_email(
    activity_id: int,
    *,
    attachments: Callable[[], Iterable[tuple[str, bytes, str]]] | None = None,
    on_sent: Callable[[Activity], None] | None = None,
) -> str:
    """Send a queued e-mail activity; the activity records sent or failed with the reason.

    ``attachments`` gives (file name, bytes, type) when sending, so a file that cannot be read
    fails the delivery like the transport would; ``on_sent`` runs only after a real send (a
    retried task that finds the activity sent already calls nothing).
    """
    from django.conf import settings
    from django.core.mail import EmailMessage

    activity = Activity.objects.select_related("by").get(pk=activity_id)
    if activity.email_status != EmailStatus.QUEUED:
        return activity.email_status  # sent already: a retried task sends nothing twice
    message = EmailMessage(
        subject=activity.subject,
        body=activity.notes,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[activity.email_to],
        reply_to=[activity.by.email] if activity.by and activity.by.email else None,
    )
    try:
        for name, content, mimetype in attachments() if attachments else ():
            message.attach(name, content, mimetype)
        message.send()
    except Exception as error:  # any failure is recorded for the sender to see
        Activity.objects.filter(pk=activity_id).update(
            email_status=EmailStatus.FAILED, email_error=f"{type(error).__name__}: {error}"[:500]
        )
        return EmailStatus.FAILED
    Activity.objects.filter(pk=activity_id).update(email_status=EmailStatus.SENT, email_error="")
    if on_sent is not None:
        on_sent(activity)
    return EmailStatus.SENT
