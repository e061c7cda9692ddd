from __future__ import annotations

import io
import json
from collections import Counter, defaultdict
from datetime import date
from itertools import pairwise
from typing import Any, cast

import pytest
from django.core.management import call_command
from django.db import connection

from softlanding.accounts.enums import Role
from softlanding.accounts.models import User
from softlanding.core.synthetic import (
    campaign_plans,
    generate,
    generate_outreach,
)
from softlanding.outreach.enums import ALLOWED_MOVES, OPEN_STAGES, Stage
from softlanding.outreach.models import (
    Activity,
    Campaign,
    Opportunity,
    RaisedObjection,
    StageChange,
)
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


@pytest.fixture
def staff() -> list[User]:
    return [cast(User, StaffFactory(role=Role.SCOUT)) for _ in range(3)]


@pytest.fixture
def organizations() -> None:
    generate(organizations=150, people=200, seed=11)


def _outreach(staff: list[User], **overrides: Any) -> Any:
    options: dict[str, Any] = {
        "campaigns": 3,
        "opportunities": 90,
        "activities": 700,
        "staff": staff,
        "seed": 5,
        "today": TODAY,
        "batch_size": 16,
    }
    return generate_outreach(**(options | overrides))


def _fingerprint() -> list[tuple[object, ...]]:
    """Everything generated, with ids replaced by their rank so two runs compare."""
    opportunity_rank = {
        pk: rank
        for rank, pk in enumerate(Opportunity.objects.order_by("id").values_list("id", flat=True))
    }
    activity_rank = {
        pk: rank
        for rank, pk in enumerate(Activity.objects.order_by("id").values_list("id", flat=True))
    }
    rows: list[tuple[object, ...]] = []
    rows += Campaign.objects.order_by("id").values_list(
        "name", "source_countries", "starts_on", "ends_on", "is_archived", "lead__email"
    )
    for opportunity in Opportunity.objects.order_by("id").prefetch_related("loss_reasons"):
        rows.append(
            (
                opportunity.campaign.name,
                opportunity.organization_id,
                opportunity.stage,
                opportunity.version,
                opportunity.owner_id,
                opportunity.expected_headcount,
                opportunity.next_step,
                opportunity.next_step_on,
                opportunity.lost_to,
                opportunity.created_at,
                tuple(reason.code for reason in opportunity.loss_reasons.all()),
            )
        )
    for change in StageChange.objects.order_by("id"):
        rows.append(
            (opportunity_rank[change.opportunity_id], change.from_stage, change.to_stage, change.at)
        )
    for activity in Activity.objects.order_by("id"):
        rows.append(
            (
                activity.kind,
                activity.occurred_at,
                activity.time_zone,
                activity.organization_id,
                activity.person_id,
                opportunity_rank.get(activity.opportunity_id),  # type: ignore[arg-type]
                activity.outcome,
                activity.notes,
                activity.by_id,
                activity.follow_up_on,
                activity.follow_up_done,
                activity.created_at,
            )
        )
    for raised in RaisedObjection.objects.order_by("id"):
        rows.append(
            (
                opportunity_rank[raised.opportunity_id],
                raised.objection_id,
                raised.destination,
                activity_rank.get(raised.activity_id),  # type: ignore[arg-type]
                raised.at,
            )
        )
    return rows


def _delete_outreach() -> None:
    Activity.objects.all().delete()
    Opportunity.objects.all().delete()
    Campaign.objects.all().delete()


def test_counts_are_as_asked(organizations: None, staff: list[User]) -> None:
    summary = _outreach(staff)

    assert Campaign.objects.count() == summary.campaigns == 3
    assert Opportunity.objects.count() == summary.opportunities == 90
    assert Activity.objects.count() == summary.activities == 700
    assert StageChange.objects.count() == summary.stage_changes
    assert RaisedObjection.objects.count() == summary.raised_objections
    assert Activity.objects.open_follow_ups().count() == summary.open_follow_ups
    # More activities than the opportunities' talks need: the rest are on organisations.
    assert Activity.objects.filter(opportunity__isnull=True).exists()


def test_fewer_activities_than_talks_need_are_still_exact(
    organizations: None, staff: list[User]
) -> None:
    summary = _outreach(staff, activities=40)

    assert summary.activities == Activity.objects.count() == 40


def test_campaign_sizes_can_be_given(organizations: None, staff: list[User]) -> None:
    _outreach(staff, sizes=[60, 20, 10])

    sizes = [campaign.opportunities.count() for campaign in Campaign.objects.order_by("id").all()]
    assert sizes == [60, 20, 10]


def test_histories_obey_the_stage_rules_and_end_at_the_stage(
    organizations: None, staff: list[User]
) -> None:
    _outreach(staff)
    history: dict[int, list[StageChange]] = defaultdict(list)
    for change in StageChange.objects.order_by("opportunity_id", "at", "id"):
        history[change.opportunity_id].append(change)

    for opportunity in Opportunity.objects.all():
        changes = history[opportunity.pk]
        assert changes[0].from_stage == ""
        assert changes[0].to_stage == Stage.IDENTIFIED
        for before, after in pairwise(changes):
            assert after.from_stage == before.to_stage
            assert Stage(after.to_stage) in ALLOWED_MOVES[Stage(before.to_stage)]
            assert after.at > before.at
        assert opportunity.stage == changes[-1].to_stage
        assert opportunity.version == len(changes)
        assert opportunity.created_at == changes[0].at


def test_the_funnel_looks_like_a_real_one(organizations: None, staff: list[User]) -> None:
    _outreach(staff, campaigns=4, opportunities=140, activities=1200)
    stages = Counter(Opportunity.objects.values_list("stage", flat=True))

    assert stages[Stage.IDENTIFIED] + stages[Stage.CONTACTED] > 140 / 2
    assert stages[Stage.LOST] > 0
    assert stages[Stage.PLEDGED] + stages[Stage.RELOCATING] + stages[Stage.LANDED] < 140 / 5
    lost = Opportunity.objects.filter(stage=Stage.LOST)
    assert all(opportunity.loss_reasons.exists() for opportunity in lost)
    assert lost.exclude(lost_to="").exists()
    assert RaisedObjection.objects.exists()
    assert {owner for owner in Opportunity.objects.values_list("owner_id", flat=True)} <= {
        user.pk for user in staff
    }


def test_running_campaigns_leave_follow_ups_overdue_due_today_and_later(
    staff: list[User],
) -> None:
    generate(organizations=800, people=0, seed=12)
    _outreach(staff, campaigns=2, opportunities=710, activities=6000, sizes=[700, 10])
    follow_ups = Activity.objects.open_follow_ups()

    assert follow_ups.filter(follow_up_on__lt=TODAY).exists()
    assert follow_ups.filter(follow_up_on=TODAY).exists()
    assert follow_ups.filter(follow_up_on__gt=TODAY).exists()
    assert set(follow_ups.values_list("follow_up_owner_id", flat=True)) <= {u.pk for u in staff}
    # No activity happens today or later, and none on an open follow-up's own day after it.
    assert not Activity.objects.filter(occurred_at__date__gte=TODAY).exists()
    closed = Opportunity.objects.exclude(stage__in=OPEN_STAGES)
    assert not follow_ups.filter(opportunity__in=closed).exists()
    assert Opportunity.objects.filter(next_step_on__lte=TODAY, stage__in=OPEN_STAGES).exists()


def test_the_same_seed_gives_the_same_data(organizations: None, staff: list[User]) -> None:
    _outreach(staff, seed=5)
    first = _fingerprint()
    _delete_outreach()
    _outreach(staff, seed=5)
    again = _fingerprint()
    _delete_outreach()
    _outreach(staff, seed=6)
    other = _fingerprint()

    assert first == again
    assert first != other


def test_the_batch_size_does_not_change_the_data(organizations: None, staff: list[User]) -> None:
    _outreach(staff, batch_size=7)
    small = _fingerprint()
    _delete_outreach()
    _outreach(staff, batch_size=1000)

    assert _fingerprint() == small


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path needs PostgreSQL")
def test_copy_and_bulk_create_store_the_same_rows(organizations: None, staff: list[User]) -> None:
    _outreach(staff, method="copy")
    copied = _fingerprint()
    _delete_outreach()
    _outreach(staff, method="bulk_create")

    assert _fingerprint() == copied


def _schema() -> list[tuple[object, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
            "WHERE indrelid::regclass::text LIKE 'outreach_%%' "
            "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE 'outreach_%%' ORDER BY 1, 2"
        )
        return cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL bulk-load path")
def test_building_indexes_after_the_load_stores_the_same_rows_and_restores_the_schema(
    organizations: None, staff: list[User]
) -> None:
    schema = _schema()
    _outreach(staff, build_indexes_after=False)
    plain = _fingerprint()
    _delete_outreach()
    _outreach(staff, build_indexes_after=True)

    assert _fingerprint() == plain
    assert _schema() == schema


def test_a_campaign_larger_than_the_organisations_is_refused(
    organizations: None, staff: list[User]
) -> None:
    with pytest.raises(ValueError, match="needs as many organisations"):
        _outreach(staff, campaigns=1, opportunities=151, sizes=None)


def test_campaigns_are_named_after_the_moments_companies_left() -> None:
    plans = campaign_plans(12, today=TODAY)
    names = [plan.name for plan in plans]

    assert names[:4] == ["Belarus 2025", "Belarus 2020", "Russia 2026", "Russia 2022"]
    assert len(set(names)) == 12
    assert all(plan.starts_on <= plan.ends_on for plan in plans)
    assert sum(plan.running(TODAY) for plan in plans) == 4
    assert [plan.name for plan in plans if plan.is_archived] == [
        "Belarus 2020",
        "Russia 2022",
        "Ukraine 2022",
        "Russia autumn 2022",
        "Belarus 2021",
    ]


def test_seed_command_makes_outreach_for_existing_organisations(staff: list[User]) -> None:
    out = io.StringIO()
    call_command("seed", "--organizations", "80", stdout=out, verbosity=0)
    call_command(
        "seed",
        "--campaigns",
        "2",
        "--opportunities",
        "30",
        "--activities",
        "200",
        stdout=out,
        verbosity=0,
    )

    summary = json.loads(out.getvalue().splitlines()[-1])
    assert summary["opportunities"] == Opportunity.objects.count() == 30
    assert summary["activities"] == Activity.objects.count() == 200
    assert set(Opportunity.objects.values_list("owner_id", flat=True)) <= {u.pk for u in staff}


def test_the_demo_gives_the_scout_a_day_and_the_funnel_its_stories() -> None:
    from softlanding.core.demo import load_demo_data
    from softlanding.outreach import queries

    assert load_demo_data()
    scout = User.objects.get(email="scout@demo.softlanding.test")
    lead = User.objects.get(email="lead@demo.softlanding.test")

    day = queries.my_day(scout)
    assert day.overdue
    assert day.due
    assert day.next_steps
    assert len(day.campaigns) == 2
    assert set(Campaign.objects.for_member(lead)) == set(Campaign.objects.all())
    finished = queries.funnel(Campaign.objects.get(name="Belarus 2020"))
    assert finished.lost
    assert finished.objections
    assert finished.loss_reasons
    assert next(step for step in finished.steps if step.stage == Stage.LANDED).now
    ideasoft = Opportunity.objects.get(organization__name="IdeaSoft")
    assert ideasoft.stage == Stage.LOST
    assert [reason.code for reason in ideasoft.loss_reasons.all()] == ["local_market"]
    assert {change.at.year for change in ideasoft.stage_changes.all()} == {2020}
