"""Outreach actions: stage rules, no lost updates, follow-ups, objections, notes, e-mail."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from softlanding.core.models import AuditEntry
from softlanding.outreach import services
from softlanding.outreach.enums import ALLOWED_MOVES, STAGE_ORDER, EmailStatus, Stage
from softlanding.outreach.models import Activity, Objection, Opportunity, StageChange
from tests.factories import OrganizationFactory, PersonFactory, make_campaign, make_opportunity

pytestmark = pytest.mark.django_db


def objection(code: str) -> Objection:
    return Objection.objects.get(code=code)


def test_opening_records_the_first_stage_and_refuses_the_same_prospect_twice(scout) -> None:
    campaign = make_campaign()
    organization = OrganizationFactory(employees=40)
    opportunity = services.open_opportunity(campaign, by=scout, organization=organization)

    assert opportunity.stage == Stage.IDENTIFIED
    assert opportunity.owner == scout
    assert opportunity.expected_headcount == 40
    assert list(opportunity.stage_changes.values_list("from_stage", "to_stage")) == [
        ("", "identified")
    ]
    with pytest.raises(ValidationError, match="already in the campaign"):
        services.open_opportunity(campaign, by=scout, organization=organization)


def test_moving_records_who_and_when_and_bumps_the_version(scout) -> None:
    opportunity = make_opportunity(by=scout)

    services.move_opportunity(opportunity, to=Stage.INTERESTED, by=scout)

    change = opportunity.stage_changes.order_by("-at", "-id").first()
    assert (change.from_stage, change.to_stage, change.by) == ("identified", "interested", scout)
    assert Opportunity.objects.get(pk=opportunity.pk).version == 2
    assert AuditEntry.objects.filter(action="outreach.stage_changed", actor=scout).exists()


@pytest.mark.parametrize(
    ("path", "forbidden"),
    [
        ([], Stage.LANDED),  # identified → landed skips the pledge and the relocation
        ([], Stage.RELOCATING),
        ([Stage.PLEDGED, Stage.RELOCATING, Stage.LANDED], Stage.LOST),  # landed is the end
        ([Stage.INTERESTED], Stage.IDENTIFIED),  # back more than one step
    ],
)
def test_a_move_the_stage_rules_forbid_is_refused_and_changes_nothing(
    scout, path: list[Stage], forbidden: Stage
) -> None:
    opportunity = make_opportunity(by=scout)
    for stage in path:
        services.move_opportunity(opportunity, to=stage, by=scout)
    changes = StageChange.objects.count()

    with pytest.raises(services.ForbiddenMove, match="can't move from"):
        services.move_opportunity(
            opportunity, to=forbidden, by=scout, loss_reasons=[objection("timing")]
        )

    assert StageChange.objects.count() == changes
    assert Opportunity.objects.get(pk=opportunity.pk).stage == (path[-1] if path else "identified")


def test_every_stage_can_reach_landed_or_lost_by_allowed_moves() -> None:
    for stage in STAGE_ORDER[:6]:
        assert Stage.LOST in ALLOWED_MOVES[stage]
    assert ALLOWED_MOVES[Stage.LANDED] == frozenset()


def test_two_people_moving_the_same_opportunity_the_second_gets_a_conflict(scout, lead) -> None:
    opportunity = make_opportunity(by=scout)
    # Both loaded the board at version 1.
    seen_by_scout = Opportunity.objects.get(pk=opportunity.pk)
    seen_by_lead = Opportunity.objects.get(pk=opportunity.pk)

    services.move_opportunity(seen_by_scout, to=Stage.INTERESTED, by=scout, version=1)
    with pytest.raises(services.StageConflict) as conflict:
        services.move_opportunity(seen_by_lead, to=Stage.CONTACTED, by=lead, version=1)

    assert "moved to “Interested” by someone else" in str(conflict.value)
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.stage, stored.version) == ("interested", 2)
    assert StageChange.objects.filter(opportunity=opportunity, by=lead).count() == 0


def test_losing_needs_a_reason_and_keeps_reasons_and_destination(scout) -> None:
    opportunity = make_opportunity(by=scout)
    with pytest.raises(ValidationError, match="at least one loss reason"):
        services.move_opportunity(opportunity, to=Stage.LOST, by=scout)

    services.move_opportunity(
        opportunity,
        to=Stage.LOST,
        by=scout,
        loss_reasons=[objection("local_market"), objection("other_destination")],
        lost_to="PL",
        loss_note="Clients in the US; Poland gave visas in a week.",
    )

    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert stored.lost_to == "PL"
    assert set(stored.loss_reasons.values_list("code", flat=True)) == {
        "local_market",
        "other_destination",
    }
    # Reopened: the loss is no longer its story.
    services.move_opportunity(stored, to=Stage.CONTACTED, by=scout)
    stored = Opportunity.objects.get(pk=opportunity.pk)
    assert (stored.lost_to, stored.loss_reasons.count()) == ("", 0)


def test_logging_a_call_with_objection_and_follow_up_moves_identified_to_contacted(scout) -> None:
    opportunity = make_opportunity(by=scout)
    tomorrow = timezone.localdate() + timedelta(days=1)

    activity = services.log_activity(
        by=scout,
        kind="call",
        opportunity=opportunity,
        outcome="reached",
        notes="Clients are in the US and Australia.",
        follow_up_on=tomorrow,
        objections=[services.ObjectionHeard(objection("local_market"), note="clients abroad")],
    )

    assert activity.organization == opportunity.organization
    assert activity.follow_up_owner == scout
    assert opportunity.objections.get().note == "clients abroad"
    assert Opportunity.objects.get(pk=opportunity.pk).stage == "contacted"


def test_a_call_at_ten_in_minsk_is_noon_in_astana(scout) -> None:
    opportunity = make_opportunity(by=scout)

    activity = services.log_activity(
        by=scout,
        kind="call",
        opportunity=opportunity,
        # Kazakhstan has one zone, UTC+5, since March 2024 (Astana was UTC+6 before).
        occurred_at=datetime(2026, 9, 7, 10, 0),  # as typed: local time in Minsk
        time_zone="Europe/Minsk",
    )

    stored = Activity.objects.get(pk=activity.pk).occurred_at
    assert stored.astimezone(ZoneInfo("Europe/Minsk")).hour == 10
    assert stored.astimezone(ZoneInfo("Asia/Almaty")).hour == 12
    assert stored.astimezone(ZoneInfo("UTC")).hour == 7


def test_a_follow_up_in_the_past_is_refused_and_nothing_is_logged(scout) -> None:
    opportunity = make_opportunity(by=scout)

    with pytest.raises(ValidationError, match="can't be in the past"):
        services.log_activity(
            by=scout,
            kind="call",
            opportunity=opportunity,
            follow_up_on=date(2020, 1, 1),
            today=date(2020, 1, 2),
        )

    assert Activity.objects.count() == 0


def test_an_unknown_time_zone_is_refused(scout) -> None:
    with pytest.raises(ValidationError, match="is not a time zone"):
        services.log_activity(
            by=scout, kind="note", opportunity=make_opportunity(by=scout), time_zone="Mars/Olympus"
        )


def test_notes_keep_markup_as_text_and_lose_control_characters(scout) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>\u202eevil\x00'
    activity = services.log_activity(
        by=scout, kind="note", opportunity=make_opportunity(by=scout), notes=hostile
    )

    stored = Activity.objects.get(pk=activity.pk).notes
    assert stored == '<script>alert("x")</script><img src=x onerror=alert(1)>evil'


def test_the_follow_up_a_call_answers_leaves_the_list(scout) -> None:
    opportunity = make_opportunity(by=scout)
    first = services.log_activity(
        by=scout, kind="call", opportunity=opportunity, follow_up_on=timezone.localdate()
    )

    services.log_activity(by=scout, kind="call", opportunity=opportunity, completes=first)

    assert not Activity.objects.open_follow_ups().exists()


# --- e-mail --------------------------------------------------------------------------------


def _person_with_consent(**fields: object):
    organization = OrganizationFactory(name="IdeaSoft")
    return PersonFactory(
        organization=organization,
        first_name="Yury",
        email="yury@ideasoft.io",
        consent_to_contact=True,
        **fields,
    )


@pytest.fixture
def template():
    make_campaign()  # seeds the templates
    from softlanding.outreach.models import EmailTemplate

    return EmailTemplate.objects.get(name="First contact", language="ru")


def test_an_email_is_filled_sent_after_commit_and_logged(
    scout, template, django_capture_on_commit_callbacks
) -> None:
    person = _person_with_consent()
    opportunity = make_opportunity(organization=person.organization, by=scout)

    with django_capture_on_commit_callbacks(execute=True):
        activity = services.send_email(
            by=scout, template=template, person=person, opportunity=opportunity
        )

    [message] = mail.outbox
    assert message.to == ["yury@ideasoft.io"]
    assert message.subject.startswith("IdeaSoft LLC и хаб")
    assert "Здравствуйте, Yury!" in message.body
    assert Activity.objects.get(pk=activity.pk).email_status == EmailStatus.SENT


def test_an_invalid_address_is_refused_before_anything_is_queued(scout, template) -> None:
    person = _person_with_consent()

    with pytest.raises(ValidationError, match="is not an e-mail address"):
        services.send_email(by=scout, template=template, person=person, to="yury@@ideasoft")

    assert Activity.objects.count() == 0
    assert mail.outbox == []


def test_no_email_to_a_person_without_consent_or_lawful_basis(scout, template) -> None:
    person = PersonFactory(email="someone@example.org", consent_to_contact=False, lawful_basis="")

    with pytest.raises(ValidationError, match="neither agreed to be contacted"):
        services.send_email(by=scout, template=template, person=person)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_PORT=1)
def test_a_delivery_failure_is_recorded_on_the_activity(
    scout, template, django_capture_on_commit_callbacks
) -> None:
    person = _person_with_consent()

    with django_capture_on_commit_callbacks(execute=True):
        activity = services.send_email(by=scout, template=template, person=person)

    stored = Activity.objects.get(pk=activity.pk)
    assert stored.email_status == EmailStatus.FAILED
    assert "ConnectionRefusedError" in stored.email_error or "Errno" in stored.email_error


def test_templates_with_unknown_merge_fields_are_refused() -> None:
    with pytest.raises(ValidationError, match="Unknown merge fields: company"):
        services.check_template_text("Hello {{ first_name }} from {{ company }}")


# --- merges of organisations in the pipeline -----------------------------------------------


def test_a_merge_moves_opportunities_and_activities_and_undo_puts_them_back(scout) -> None:
    from softlanding.prospects import services as prospects

    keep, absorb = OrganizationFactory(name="IdeaSoft"), OrganizationFactory(name="АйдиаСофт")
    opportunity = make_opportunity(organization=absorb, by=scout)
    call = services.log_activity(by=scout, kind="call", opportunity=opportunity)

    merge = prospects.merge_organizations(keep, absorb=absorb, by=scout)
    assert Opportunity.objects.get(pk=opportunity.pk).organization == keep
    assert Activity.objects.get(pk=call.pk).organization == keep

    prospects.undo_merge(merge, by=scout)
    assert Opportunity.objects.get(pk=opportunity.pk).organization == absorb
    assert Activity.objects.get(pk=call.pk).organization == absorb


def test_a_merge_of_two_organisations_in_one_campaign_is_refused_clearly(scout) -> None:
    from softlanding.prospects import services as prospects

    campaign = make_campaign()
    keep, absorb = OrganizationFactory(name="IdeaSoft"), OrganizationFactory(name="АйдиаСофт")
    make_opportunity(campaign, organization=keep, by=scout)
    make_opportunity(campaign, organization=absorb, by=scout)

    with pytest.raises(ValueError, match="both are in the same campaign"):
        prospects.merge_organizations(keep, absorb=absorb, by=scout)

    assert Opportunity.objects.filter(organization=absorb).count() == 1


def test_adding_the_segment_takes_its_best_organisations_once(lead) -> None:
    from softlanding.prospects.models import SavedFilter

    segment = SavedFilter.objects.create(owner=lead, name="Belarus", query="country=BY")
    campaign = make_campaign(segment=segment)
    best = OrganizationFactory(country="BY", fit_score=90)
    OrganizationFactory(country="BY", fit_score=10)
    OrganizationFactory(country="RU", fit_score=99)

    assert services.add_segment(campaign, by=lead, limit=1) == 1
    assert list(campaign.opportunities.values_list("organization", flat=True)) == [best.pk]
    assert services.add_segment(campaign, by=lead) == 1  # the other Belarusian one, not twice
    assert StageChange.objects.filter(opportunity__campaign=campaign).count() == 2
