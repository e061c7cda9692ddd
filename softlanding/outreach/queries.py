"""Read helpers: the board, a caller's day, a campaign's funnel. Each runs a fixed number of
queries whatever the campaign's size, on indexes, and counts only one campaign's rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Window,
)
from django.db.models.functions import RowNumber
from django.utils import timezone

from softlanding.outreach.enums import OPEN_STAGES, STAGE_ORDER, EmailStatus, Stage
from softlanding.outreach.models import (
    Activity,
    Campaign,
    Objection,
    Opportunity,
    RaisedObjection,
    StageChange,
)
from softlanding.prospects.models import Organization

if TYPE_CHECKING:
    from softlanding.accounts.models import User

CARDS_PER_COLUMN = 10


def _mark_entered(cards: list[Opportunity]) -> list[Opportunity]:
    """Set each card's ``entered_at``, its latest stage change, in one query for the cards shown.

    Asked after the cards are chosen: as an annotation of the ranking query it would run for
    every opportunity of the campaign.
    """
    entered = dict(
        StageChange.objects.filter(opportunity__in=[card.pk for card in cards])
        .values_list("opportunity")
        .annotate(at=Max("at"))
        .order_by()
    )
    for card in cards:
        card.entered_at = entered.get(card.pk)  # type: ignore[attr-defined]
    return cards


# --- the board -----------------------------------------------------------------------------


@dataclass
class Column:
    stage: Stage
    count: int
    cards: list[Opportunity]
    offset: int = 0

    @property
    def more(self) -> int:
        return max(0, self.count - self.offset - len(self.cards))

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.cards)


def stage_counts(campaign: Campaign) -> dict[str, int]:
    rows = (
        Opportunity.objects.filter(campaign=campaign)
        .values_list("stage")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {stage: n for stage, n in rows}


def column_cards(
    campaign: Campaign, stage: Stage, *, offset: int = 0, limit: int = CARDS_PER_COLUMN
) -> list[Opportunity]:
    """One column's cards, soonest next step first, those without one last."""
    rows = (
        Opportunity.objects.filter(campaign=campaign, stage=stage)
        .for_card()
        .order_by(F("next_step_on").asc(nulls_last=True), "id")[offset : offset + limit]
    )
    return _mark_entered(list(rows))


def board(campaign: Campaign, *, per_column: int = CARDS_PER_COLUMN) -> list[Column]:
    """Every stage's count and first cards: four queries whatever the campaign's size.

    The cards are each stage's first ``per_column`` in one query (a row number per stage, in
    the order of the board index), instead of one query per column.
    """
    counts = stage_counts(campaign)
    # The ranking reads only the board index; the cards' rows and names come after, by id.
    ranked = (
        Opportunity.objects.filter(campaign=campaign)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("stage")],
                order_by=[F("next_step_on").asc(nulls_last=True), F("id").asc()],
            )
        )
        .filter(rank__lte=per_column)
        .values_list("id", "rank")
    )
    order = dict(ranked)
    shown = sorted(
        Opportunity.objects.filter(pk__in=list(order)).for_card(),
        key=lambda opportunity: (opportunity.stage, order[opportunity.pk]),
    )
    cards: dict[str, list[Opportunity]] = {}
    for opportunity in _mark_entered(shown):
        cards.setdefault(opportunity.stage, []).append(opportunity)
    return [
        Column(stage=stage, count=counts.get(stage, 0), cards=cards.get(stage, []))
        for stage in STAGE_ORDER
    ]


# --- a caller's day ------------------------------------------------------------------------

MY_DAY_ROWS = 20
NEW_PROSPECTS = 10
MAX_COUNTRIES = 5
FAILED_EMAIL_DAYS = 14


@dataclass
class Day:
    today: date
    overdue: list[Activity]
    due: list[Activity]
    next_steps: list[Opportunity]
    new_prospects: list[Suggestion]
    campaigns: list[Campaign]
    failed_emails: list[Activity] = field(default_factory=list)
    upcoming: int = 0
    overdue_more: bool = False


def _follow_ups(user: User) -> QuerySet[Activity]:
    return (
        Activity.objects.open_follow_ups()
        .filter(follow_up_owner=user)
        .select_related("organization", "person", "opportunity", "opportunity__campaign")
        .only(
            "id",
            "kind",
            "occurred_at",
            "time_zone",
            "outcome",
            "notes",
            "follow_up_on",
            "organization__id",
            "organization__name",
            "organization__legal_form",
            "organization__country",
            "person__id",
            "person__first_name",
            "person__last_name",
            "person__first_name_cyrillic",
            "person__last_name_cyrillic",
            "person__phone",
            "opportunity__id",
            "opportunity__stage",
            "opportunity__version",
            "opportunity__campaign__id",
            "opportunity__campaign__name",
        )
    )


def my_day(user: User, *, today: date | None = None) -> Day:
    """Overdue and due follow-ups, next steps due, new high-score prospects: six queries."""
    today = today or timezone.localdate()
    overdue = list(
        _follow_ups(user)
        .filter(follow_up_on__lt=today)
        .order_by("follow_up_on", "id")[: MY_DAY_ROWS + 1]
    )
    due = list(_follow_ups(user).filter(follow_up_on=today).order_by("id")[:MY_DAY_ROWS])
    upcoming = (
        Activity.objects.open_follow_ups()
        .filter(
            follow_up_owner=user,
            follow_up_on__gt=today,
            follow_up_on__lte=today + timedelta(days=7),
        )
        .count()
    )
    next_steps = list(
        Opportunity.objects.filter(owner=user, stage__in=OPEN_STAGES, next_step_on__lte=today)
        .for_card()
        .select_related("campaign")
        .order_by("next_step_on", "id")[:MY_DAY_ROWS]
    )
    campaigns = list(
        Campaign.objects.current().for_member(user).only("id", "name", "source_countries")
    )
    prospects = suggested_prospects(user, campaigns)
    failed_emails = list(
        Activity.objects.filter(
            by=user,
            email_status=EmailStatus.FAILED,
            occurred_at__gte=timezone.now() - timedelta(days=FAILED_EMAIL_DAYS),
        )
        .select_related("person", "opportunity")
        .only(
            "id",
            "occurred_at",
            "subject",
            "email_to",
            "email_error",
            "person",
            "opportunity",
            "person__id",
            "person__first_name",
            "person__last_name",
            "person__first_name_cyrillic",
            "person__last_name_cyrillic",
            "opportunity__id",
        )
        .order_by("-occurred_at")[:10]
    )
    return Day(
        today=today,
        overdue=overdue[:MY_DAY_ROWS],
        overdue_more=len(overdue) > MY_DAY_ROWS,
        due=due,
        upcoming=upcoming,
        next_steps=next_steps,
        new_prospects=prospects,
        failed_emails=failed_emails,
        campaigns=campaigns,
    )


@dataclass(frozen=True)
class Suggestion:
    """A new high-score prospect as My day shows it, with the campaigns it can join."""

    pk: int
    name: str
    country: str
    country_name: str
    score: float
    url: str
    campaigns: list[tuple[int, str]]


SUGGESTIONS_SECONDS = 300


def suggested_prospects(user: User, campaigns: list[Campaign]) -> list[Suggestion]:
    """``new_prospects`` for the caller's campaigns, kept five minutes in the cache.

    They are suggestions, and five index walks per page view is most of My day's time; a
    prospect a colleague took meanwhile says so when added ("already in the campaign").
    """
    from django.core.cache import cache

    key = f"outreach:suggestions:{user.pk}:" + ",".join(str(c.pk) for c in campaigns)
    found: list[Suggestion] | None = cache.get(key)
    if found is None:
        found = []
        for organization in new_prospects(campaigns):
            country = str(organization.country)
            found.append(
                Suggestion(
                    pk=organization.pk,
                    name=str(organization),
                    country=country,
                    country_name=str(organization.country.name),
                    score=organization.score,
                    url=organization.get_absolute_url(),
                    campaigns=[
                        (campaign.pk, campaign.name)
                        for campaign in campaigns
                        if country in campaign.source_countries
                    ],
                )
            )
        cache.set(key, found, SUGGESTIONS_SECONDS)
    return found


def new_prospects(campaigns: list[Campaign], *, limit: int = NEW_PROSPECTS) -> list[Organization]:
    """The best-scoring organisations of the campaigns' countries that no campaign has yet.

    One query per country (at most ``MAX_COUNTRIES``), each walking the (country, score) index
    from the top and skipping organisations already in a campaign: it reads a few rows more
    than it shows, never the whole country. ``country IN (…)`` would sort every row of those
    countries instead.
    """
    countries = sorted({code for campaign in campaigns for code in campaign.source_countries})
    in_pipeline = Opportunity.objects.filter(organization=OuterRef("pk"))
    found: list[Organization] = []
    for country in countries[:MAX_COUNTRIES]:
        found += (
            Organization.objects.active()
            .filter(country=country, score__gt=0)
            .exclude(Exists(in_pipeline))
            .for_list()
            .order_by("-score", "-id")[:limit]
        )
    found.sort(key=lambda organization: (-organization.score, -organization.pk))
    return found[:limit]


# --- the funnel ----------------------------------------------------------------------------


@dataclass
class FunnelStep:
    stage: Stage
    now: int  # opportunities in this stage today
    reached: int  # opportunities that reached this stage or a later one, ever
    conversion: float | None  # reached here / reached at the step before
    median_days: float | None = None
    average_days: float | None = None


@dataclass
class Funnel:
    campaign: Campaign
    steps: list[FunnelStep]
    lost: int
    total: int
    objections: list[tuple[Objection, int]]
    loss_reasons: list[tuple[Objection, int]]
    lost_to: list[tuple[str, int]]
    pledged_headcount: int
    landed_headcount: int


def _ordinal_case(column: str) -> tuple[str, list[Any]]:
    whens = " ".join("WHEN %s THEN %s" for _stage in STAGE_ORDER[:7])
    params: list[Any] = []
    for index, stage in enumerate(STAGE_ORDER[:7]):
        params.extend([stage.value, index])
    return f"CASE {column} {whens} END", params


def _seconds_between(later: str, earlier: str) -> str:
    if connection.vendor == "postgresql":
        return f"EXTRACT(EPOCH FROM ({later} - {earlier}))"
    return f"(julianday({later}) - julianday({earlier})) * 86400.0"


def funnel(campaign: Campaign, *, now: Any = None) -> Funnel:
    """Counts, conversion between stages, time in stage, objections, loss reasons, lost-to.

    "Reached" counts every opportunity whose history ever entered that stage or a later one,
    so a company lost while negotiating still counts as having been interested. Time in a
    stage is measured from each stage change to the next one (or to now, for the stage an
    opportunity is still in). Seven queries, each over one campaign's rows.
    """
    now = now or timezone.now()
    counts = stage_counts(campaign)
    changes = StageChange._meta.db_table
    ordinal, ordinal_params = _ordinal_case("c.to_stage")
    reached_by_ordinal: dict[int, int] = {}
    # Both read one campaign's stage changes from outreach_stagechange_funnel, in its order.
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT furthest, COUNT(*) FROM (SELECT c.opportunity_id, MAX({ordinal}) AS furthest "  # noqa: S608
            f"FROM {changes} c WHERE c.campaign_id = %s AND c.to_stage <> %s "
            "GROUP BY c.opportunity_id) AS f GROUP BY furthest",
            [*ordinal_params, campaign.pk, Stage.LOST.value],
        )
        for furthest, n in cursor.fetchall():
            if furthest is not None:
                reached_by_ordinal[int(furthest)] = int(n)
        seconds = _seconds_between("COALESCE(s.next_at, %s)", "s.at")
        cursor.execute(
            f"SELECT s.to_stage, AVG({seconds}), COUNT(*) FROM ("  # noqa: S608
            "SELECT c.to_stage, c.at, LEAD(c.at) OVER (PARTITION BY c.opportunity_id "
            f"ORDER BY c.at, c.id) AS next_at FROM {changes} c WHERE c.campaign_id = %s) AS s "
            "GROUP BY s.to_stage",
            [now, campaign.pk],
        )
        average_seconds = {stage: float(avg or 0) for stage, avg, _n in cursor.fetchall()}
    steps: list[FunnelStep] = []
    previous: int | None = None
    for index, stage in enumerate(STAGE_ORDER[:7]):
        reached = sum(n for ordinal_, n in reached_by_ordinal.items() if ordinal_ >= index)
        average = average_seconds.get(stage.value)
        steps.append(
            FunnelStep(
                stage=stage,
                now=counts.get(stage, 0),
                reached=reached,
                conversion=(reached / previous) if previous else None,
                average_days=round(average / 86400, 1) if average is not None else None,
            )
        )
        previous = reached
    in_campaign = {"opportunity__campaign": campaign}
    objections_ranked = (
        RaisedObjection.objects.filter(**in_campaign)
        .values("objection")
        .annotate(n=Count("opportunity", distinct=True))
        .order_by("-n", "objection")
    )
    loss_rows = (
        Opportunity.loss_reasons.through.objects.filter(**in_campaign)
        .values("objection")
        .annotate(n=Count("id"))
        .order_by("-n", "objection")
    )
    by_id = {objection.pk: objection for objection in Objection.objects.all()}
    lost_to = list(
        Opportunity.objects.filter(campaign=campaign, stage=Stage.LOST)
        .exclude(lost_to="")
        .values_list("lost_to")
        .annotate(n=Count("id"))
        .order_by("-n", "lost_to")
    )
    headcount = Opportunity.objects.filter(campaign=campaign).aggregate(
        pledged=Sum(
            "expected_headcount",
            filter=Q(stage__in=[Stage.PLEDGED, Stage.RELOCATING, Stage.LANDED]),
        ),
        landed=Sum("expected_headcount", filter=Q(stage=Stage.LANDED)),
    )
    return Funnel(
        campaign=campaign,
        steps=steps,
        lost=counts.get(Stage.LOST, 0),
        total=sum(counts.values()),
        objections=[(by_id[row["objection"]], row["n"]) for row in objections_ranked],
        loss_reasons=[(by_id[row["objection"]], row["n"]) for row in loss_rows],
        lost_to=[(str(code), n) for code, n in lost_to],
        pledged_headcount=headcount["pledged"] or 0,
        landed_headcount=headcount["landed"] or 0,
    )
