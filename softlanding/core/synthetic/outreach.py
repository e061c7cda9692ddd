"""Synthetic outreach: campaigns, opportunities with their stage histories, objections heard,
and calls, e-mails, meetings, messages and notes with their follow-ups.

It works on the organisations already in the database (``generate`` makes them) and is
deterministic from the seed, those organisations, the staff and ``today``: everything is
drawn from one ``random.Random(seed)`` in a fixed order. Rows are plain tuples written one
batch per transaction, by COPY on PostgreSQL and ``bulk_create`` elsewhere, so 10 million
activities take minutes in bounded memory (the organisations' ids are held in arrays,
about 20 bytes each; nothing grows with the number of activities)::

    generate_outreach(campaigns=12, opportunities=200_000, activities=10_000_000, staff=scouts)

What it makes:

- campaigns for the moments companies left (Belarus 2020, Russia 2022 …) and a few running
  ones; the old ones are finished (most talks ended, landed or lost), the running ones mostly
  at "identified" and "contacted";
- opportunities for organisations of the campaign's source countries, each with a stage
  history that obeys ``ALLOWED_MOVES`` (forward, skipping ahead up to "pledged", a step back
  now and then, lost and reopened) at increasing times, the stage being its last move's;
- losses with loss reasons and often the country the company went to instead;
- objections raised in the talks, tied to the call where they were heard;
- activities in office hours of the company's time zone; the running campaigns' last calls
  leave open follow-ups, overdue, due today and later, as a caller's day has them;
- the rest of the activities on organisations, in and out of campaigns (cold calls).
"""

from __future__ import annotations

import random
import time
from array import array
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Min, Model

from softlanding.core.synthetic.generator import DEFAULT_SEED, Choice
from softlanding.core.synthetic.load import Method, resolve_method
from softlanding.outreach.enums import (
    ALLOWED_MOVES,
    OPEN_STAGES,
    STAGE_ORDER,
    ActivityKind,
    Direction,
    Outcome,
    Stage,
)
from softlanding.outreach.models import (
    Activity,
    Campaign,
    Objection,
    Opportunity,
    RaisedObjection,
    StageChange,
)
from softlanding.prospects.models import Organization, Person

__all__ = ["CampaignPlan", "OutreachSummary", "campaign_plans", "generate_outreach"]

DAY = 86_400

# --- campaigns -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CampaignPlan:
    name: str
    source_countries: tuple[str, ...]
    starts_on: date
    ends_on: date
    is_archived: bool = False

    def running(self, today: date) -> bool:
        return self.ends_on >= today


# Campaigns that run now: named after the year they started.
_RUNNING = (
    ("Belarus", ("BY",)),
    ("Russia", ("RU",)),
    ("Central Asia", ("KZ", "UZ")),
    ("Ukraine", ("UA",)),
)
# The moments IT companies left, newest campaigns interleaved with these oldest first.
_HISTORY = (
    ("Belarus 2020", ("BY",), date(2020, 9, 1), date(2021, 5, 31)),
    ("Russia 2022", ("RU",), date(2022, 3, 1), date(2022, 9, 20)),
    ("Ukraine 2022", ("UA",), date(2022, 3, 15), date(2022, 12, 31)),
    ("Russia autumn 2022", ("RU",), date(2022, 9, 21), date(2023, 6, 30)),
    ("Belarus 2021", ("BY",), date(2021, 6, 1), date(2021, 12, 31)),
    ("Kazakhstan 2023", ("KZ",), date(2023, 2, 1), date(2023, 11, 30)),
    ("Second move: Georgia and Armenia 2024", ("GE", "AM"), date(2024, 3, 1), date(2024, 12, 20)),
    ("Poland and Lithuania 2025", ("PL", "LT"), date(2025, 2, 1), date(2025, 10, 31)),
)
# Finished campaigns stay visible; the older ones are archived, as staff would.
_VISIBLE_FINISHED = 3


def campaign_plans(count: int, *, today: date) -> list[CampaignPlan]:
    """``count`` campaigns: a running one, a finished one, and so on while both last."""
    running = [
        CampaignPlan(
            name=f"{label} {(today - timedelta(days=180 - 30 * k)).year}",
            source_countries=countries,
            starts_on=today - timedelta(days=180 - 30 * k),
            ends_on=today + timedelta(days=185 + 30 * k),
        )
        for k, (label, countries) in enumerate(_RUNNING)
    ]
    # Only campaigns over for a while count as history (a test may pass an early ``today``).
    history = [
        CampaignPlan(name, countries, starts, ends)
        for name, countries, starts, ends in _HISTORY
        if ends < today - timedelta(days=60)
    ]
    year = min([plan.starts_on.year for plan in history] + [today.year]) - 1
    while len(running) + len(history) < count:
        # Beyond the named moments: earlier half-year waves, one per source country.
        for label, countries in _RUNNING:
            for season, months in (("autumn", (9, 12)), ("spring", (3, 6))):
                history.append(
                    CampaignPlan(
                        f"{label} {season} {year}",
                        countries,
                        date(year, months[0], 1),
                        date(year, months[1], 28),
                    )
                )
        year -= 1
    plans: list[CampaignPlan] = []
    while len(plans) < count:
        take_running = running and (len(plans) % 2 == 0 or not history)
        plans.append((running if take_running else history).pop(0))
    finished = sorted(
        (plan for plan in plans if not plan.running(today)), key=lambda p: p.ends_on, reverse=True
    )
    archived = {plan.name for plan in finished[_VISIBLE_FINISHED:]}
    return [
        CampaignPlan(p.name, p.source_countries, p.starts_on, p.ends_on, p.name in archived)
        for p in plans
    ]


# --- what talks look like ------------------------------------------------------------------

# Where opportunities stand: a running campaign is mostly at its start, a finished one has
# its talks ended, most of them lost.
_RUNNING_STAGES = Choice(
    [
        (Stage.IDENTIFIED, 38),
        (Stage.CONTACTED, 30),
        (Stage.INTERESTED, 11),
        (Stage.NEGOTIATING, 5),
        (Stage.PLEDGED, 2.5),
        (Stage.RELOCATING, 1.5),
        (Stage.LANDED, 1.5),
        (Stage.LOST, 10.5),
    ]
)
_FINISHED_STAGES = Choice(
    [
        (Stage.IDENTIFIED, 18),
        (Stage.CONTACTED, 28),
        (Stage.INTERESTED, 7),
        (Stage.NEGOTIATING, 2),
        (Stage.PLEDGED, 1),
        (Stage.RELOCATING, 1.5),
        (Stage.LANDED, 6.5),
        (Stage.LOST, 36),
    ]
)
# How far a lost opportunity got before it was lost.
_LOST_PEAK = Choice(
    [
        (Stage.IDENTIFIED, 6),
        (Stage.CONTACTED, 46),
        (Stage.INTERESTED, 28),
        (Stage.NEGOTIATING, 14),
        (Stage.PLEDGED, 5),
        (Stage.RELOCATING, 1),
    ]
)
_SKIP_AHEAD = 0.12  # a company phones back interested: "contacted" skipped
_COOL_OFF = 0.06  # a step back and forward again
_REOPEN = 0.05  # lost, reopened, lost again
_CORRECTION = 0.03  # an "identified" one moved to "contacted" by mistake and back
# Mean days before entering each stage.
_DAYS_TO = {
    Stage.IDENTIFIED: 3,
    Stage.CONTACTED: 6,
    Stage.INTERESTED: 12,
    Stage.NEGOTIATING: 18,
    Stage.PLEDGED: 25,
    Stage.RELOCATING: 30,
    Stage.LANDED: 60,
    Stage.LOST: 20,
}
_PROBABILITY = {
    Stage.IDENTIFIED: 5,
    Stage.CONTACTED: 10,
    Stage.INTERESTED: 25,
    Stage.NEGOTIATING: 45,
    Stage.PLEDGED: 75,
    Stage.RELOCATING: 90,
    Stage.LANDED: 100,
    Stage.LOST: 0,
}
# Activities an opportunity gets, relative, by how far it got.
_ACTIVITY_WEIGHT = {
    Stage.IDENTIFIED: 0.3,
    Stage.CONTACTED: 3,
    Stage.INTERESTED: 8,
    Stage.NEGOTIATING: 14,
    Stage.PLEDGED: 22,
    Stage.RELOCATING: 28,
    Stage.LANDED: 32,
    Stage.LOST: 5,
}
# The share of open opportunities (of a running campaign) whose last activity left an open
# follow-up: about one in nine over the stages, so a caller with 1,000 opportunities in
# running campaigns has a hundred or so open, a few dozen of them overdue.
_OPEN_FOLLOW_UP = {
    Stage.CONTACTED: 0.1,
    Stage.INTERESTED: 0.4,
    Stage.NEGOTIATING: 0.5,
    Stage.PLEDGED: 0.4,
    Stage.RELOCATING: 0.3,
}
_NEXT_STEP_SHARE = 0.5
_DONE_FOLLOW_UP = 0.2
# Cold activities on organisations: recent ones may leave an open follow-up.
_COLD_RECENT_DAYS = 30
_COLD_OPEN_FOLLOW_UP = 0.01
_COLD_DONE_FOLLOW_UP = 0.05

_LOST_TO = Choice(
    [("PL", 25), ("GE", 22), ("AM", 15), ("LT", 10), ("RS", 8), ("CY", 8), ("AE", 5), ("PT", 4)]
)
_LOST_TO_SHARE = 0.45  # how often a hub learns where a lost company went
_OBJECTION_WEIGHTS = {
    "local_market": 20,
    "other_destination": 25,
    "family_schooling": 10,
    "language": 5,
    "taxes": 8,
    "legal_uncertainty": 10,
    "internet": 4,
    "timing": 12,
    "no_plan": 10,
    "already_moved": 6,
}
_OBJECTION_NOTES = {
    "local_market": (
        "Our clients are in the US and Europe; the local market does not matter to us.",
        "Клиенты в Европе, местный рынок им не нужен.",
    ),
    "other_destination": (
        "Half of the team already has visas for another country.",
        "Смотрят на другую страну: там проще с банками.",
    ),
    "family_schooling": (
        "Schools in English for the children are the first question.",
        "Главный вопрос — школы и садики для детей.",
    ),
    "language": ("Asked whether the team can live with Russian and English only.",),
    "taxes": ("Wants the tax regime in writing before the board meets.",),
    "legal_uncertainty": (
        "Asked who guarantees the regime beyond the next elections.",
        "Боятся, что правила поменяются.",
    ),
    "internet": ("Asked about internet shutdowns.",),
    "timing": ("Not this year: a big release first.", "Вернуться к разговору осенью."),
    "no_plan": ("The founders see no reason to move.", "Переезд не планируют."),
    "already_moved": ("Moved last spring; the new office is open.", "Уже переехали."),
}
_LOSS_NOTES = (
    "Chose the country with direct flights to their clients.",
    "The board voted to stay where they are.",
    "Не сошлись по налогам и визам для семей.",
    "Went quiet after the second call.",
    "A competitor hub offered a year of free desks.",
)
_NEXT_STEPS = {
    Stage.IDENTIFIED: ("First call", "Find the CEO's contact"),
    Stage.CONTACTED: ("Call again", "Send the hub's one-pager", "Find the CTO's contact"),
    Stage.INTERESTED: (
        "Video call with the founders",
        "Send the visa guide",
        "Answer tax questions",
    ),
    Stage.NEGOTIATING: ("Send the draft agreement", "Visit to the hub", "Office for 40 desks"),
    Stage.PLEDGED: ("Collect the staff list for visas", "Book the first group's flights"),
    Stage.RELOCATING: ("Check the families' visas", "Find flats for the first group"),
}

_EARLY_KINDS = Choice(
    [
        (ActivityKind.CALL, 45),
        (ActivityKind.EMAIL, 35),
        (ActivityKind.MESSAGE, 12),
        (ActivityKind.NOTE, 8),
    ]
)
_LATER_KINDS = Choice(
    [
        (ActivityKind.CALL, 30),
        (ActivityKind.EMAIL, 30),
        (ActivityKind.MEETING, 18),
        (ActivityKind.MESSAGE, 12),
        (ActivityKind.NOTE, 10),
    ]
)
_COLD_KINDS = Choice(
    [
        (ActivityKind.CALL, 50),
        (ActivityKind.EMAIL, 30),
        (ActivityKind.MESSAGE, 12),
        (ActivityKind.NOTE, 8),
    ]
)
_OUTCOMES = {
    ActivityKind.CALL: Choice(
        [
            (Outcome.REACHED, 40),
            (Outcome.NO_ANSWER, 22),
            (Outcome.VOICEMAIL, 10),
            (Outcome.CALL_BACK, 12),
            (Outcome.INTERESTED, 8),
            (Outcome.NOT_INTERESTED, 5),
            (Outcome.WRONG_CONTACT, 3),
        ]
    ),
    ActivityKind.EMAIL: Choice(
        [(Outcome.NONE, 70), (Outcome.INTERESTED, 20), (Outcome.NOT_INTERESTED, 10)]
    ),
    ActivityKind.MESSAGE: Choice(
        [
            (Outcome.NONE, 50),
            (Outcome.REACHED, 25),
            (Outcome.INTERESTED, 15),
            (Outcome.NOT_INTERESTED, 10),
        ]
    ),
    ActivityKind.MEETING: Choice(
        [(Outcome.REACHED, 60), (Outcome.INTERESTED, 30), (Outcome.NOT_INTERESTED, 10)]
    ),
    ActivityKind.NOTE: Choice([(Outcome.NONE, 1)]),
}
_COLD_CALL_OUTCOMES = Choice(
    [
        (Outcome.NO_ANSWER, 35),
        (Outcome.REACHED, 25),
        (Outcome.VOICEMAIL, 15),
        (Outcome.CALL_BACK, 8),
        (Outcome.NOT_INTERESTED, 10),
        (Outcome.WRONG_CONTACT, 5),
        (Outcome.INTERESTED, 2),
    ]
)
_TALKED = frozenset(
    {Outcome.REACHED, Outcome.CALL_BACK, Outcome.INTERESTED, Outcome.NOT_INTERESTED}
)
_SUBJECTS = {
    ActivityKind.EMAIL: (
        "The hub: a soft landing for your team",
        "Following up on our call",
        "Visas for your staff and their families",
        "Office options in the hub",
        "The tax regime for IT companies",
    ),
    ActivityKind.MEETING: (
        "Video call with the founders",
        "Visit to the hub",
        "Meeting at the embassy",
    ),
}
_NOTES = (
    "",
    "",
    "",
    "Asked for the visa guide in Russian.",
    "The CEO is travelling; call the COO.",
    "Interested in the tax regime, not in the office.",
    "Перезвонить после совета директоров.",
    "Просили прислать презентацию на английском.",
    "Talked about schools for 12 children.",
    "Wants to bring 30 people in the first group.",
)
# Where companies are, to time calls in their office hours.
_TIME_ZONES = {
    "BY": "Europe/Minsk",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "KZ": "Asia/Almaty",
    "UZ": "Asia/Tashkent",
    "AM": "Asia/Yerevan",
    "GE": "Asia/Tbilisi",
    "PL": "Europe/Warsaw",
    "LT": "Europe/Vilnius",
    "RS": "Europe/Belgrade",
    "CY": "Asia/Nicosia",
    "AE": "Asia/Dubai",
    "US": "America/New_York",
}
# Winter offsets from a fixed day: office hours need not follow summer time, and a seed must
# not depend on the day it runs.
_OFFSET_DAY = datetime(2025, 1, 15, 12)


def _offset_seconds(zone: str) -> int:
    offset = _OFFSET_DAY.replace(tzinfo=ZoneInfo(zone)).utcoffset()
    return int(offset.total_seconds()) if offset else 0


# --- stage histories -----------------------------------------------------------------------

_PLEDGED = STAGE_ORDER.index(Stage.PLEDGED)


def _forward(rng: random.Random, target: Stage) -> list[Stage]:
    """The stages entered from "identified" up to ``target``, by allowed moves."""
    path: list[Stage] = []
    index, goal = 0, STAGE_ORDER.index(target)
    while index < goal:
        step = 2 if index + 2 <= min(goal, _PLEDGED) and rng.random() < _SKIP_AHEAD else 1
        index += step
        path.append(STAGE_ORDER[index])
        if index < goal and rng.random() < _COOL_OFF:
            path += [STAGE_ORDER[index - 1], STAGE_ORDER[index]]
    return path


def stage_path(rng: random.Random, final: Stage) -> list[Stage]:
    """Every stage an opportunity entered after "identified", the last one ``final``."""
    if final == Stage.LOST:
        peak = _LOST_PEAK.pick(rng)
        path = [*_forward(rng, peak), Stage.LOST]
        if rng.random() < _REOPEN:
            path += [Stage.CONTACTED if rng.random() < 0.6 else Stage.INTERESTED, Stage.LOST]
        return path
    if final == Stage.IDENTIFIED and rng.random() < _CORRECTION:
        return [Stage.CONTACTED, Stage.IDENTIFIED]
    return _forward(rng, final)


def _check_path(path: Sequence[Stage]) -> None:
    stage = Stage.IDENTIFIED
    for to in path:
        if to not in ALLOWED_MOVES[stage]:  # a bug here, not bad input
            raise AssertionError(f"{stage} → {to} is not an allowed move")
        stage = to


# --- the organisations to work on ----------------------------------------------------------


class _Organizations:
    """Active organisations' ids, countries and head counts, in flat arrays by id."""

    def __init__(self, exclude: Collection[int]) -> None:
        self.ids = array("q")
        self.employees = array("l")
        self.codes = array("B")
        self.countries: list[str] = []
        self.by_country: dict[str, array[int]] = {}
        code_of: dict[str, int] = {}
        excluded = set(exclude)
        rows = (
            Organization.objects.active()
            .order_by("id")
            .values_list("id", "country", "employees")
            .iterator(chunk_size=20_000)
        )
        for pk, country, employees in rows:
            if pk in excluded:
                continue
            code = code_of.get(country)
            if code is None:
                code = code_of[country] = len(self.countries)
                self.countries.append(country)
                self.by_country[country] = array("l")
            self.by_country[country].append(len(self.ids))
            self.ids.append(pk)
            self.employees.append(-1 if employees is None else employees)
            self.codes.append(code)

    def __len__(self) -> int:
        return len(self.ids)

    def sample(self, rng: random.Random, countries: Sequence[str], k: int) -> list[int]:
        """``k`` distinct positions, from the countries first and then from the others."""
        if k > len(self.ids):
            raise ValueError(
                f"a campaign of {k} opportunities needs as many organisations; "
                f"there are {len(self.ids)}"
            )
        pool = array("l")
        for country in countries:
            pool.extend(self.by_country.get(country, array("l")))
        if k <= len(pool):
            return [pool[i] for i in rng.sample(range(len(pool)), k)]
        wanted = set(countries)
        others = array("l")
        for country, positions in self.by_country.items():
            if country not in wanted:
                others.extend(positions)
        return [*pool, *(others[i] for i in rng.sample(range(len(others)), k - len(pool)))]


# --- rows ----------------------------------------------------------------------------------

# Columns in the order rows are built; the same names serve COPY and the model constructors.
_OPPORTUNITY = (
    "campaign_id",
    "organization_id",
    "person_id",
    "stage",
    "version",
    "owner_id",
    "expected_headcount",
    "expected_family",
    "probability",
    "next_step",
    "next_step_on",
    "lost_to",
    "loss_note",
    "created_at",
    "updated_at",
)
_STAGE_CHANGE = ("opportunity_id", "campaign_id", "from_stage", "to_stage", "at", "by_id")
_LOSS_REASON = ("opportunity_id", "objection_id")
_RAISED = ("opportunity_id", "objection_id", "destination", "note", "activity_id", "at", "by_id")
_ACTIVITY = (
    "kind",
    "direction",
    "occurred_at",
    "time_zone",
    "organization_id",
    "person_id",
    "opportunity_id",
    "outcome",
    "duration_minutes",
    "subject",
    "notes",
    "by_id",
    "follow_up_on",
    "follow_up_owner_id",
    "follow_up_done",
    "email_to",
    "email_status",
    "email_error",
    "created_at",
)
_ACT_PERSON = _ACTIVITY.index("person_id")
_ACT_OPPORTUNITY = _ACTIVITY.index("opportunity_id")
_ACT_OUTCOME = _ACTIVITY.index("outcome")

Row = tuple[Any, ...]


@dataclass(slots=True)
class _Batch:
    """One transaction's rows; opportunities and activities are referred to by position."""

    opportunities: list[Row]
    stage_changes: list[Row]
    loss_reasons: list[Row]
    activities: list[Row]
    raised: list[Row]


@dataclass(frozen=True, slots=True)
class OutreachSummary:
    campaigns: int
    opportunities: int
    stage_changes: int
    raised_objections: int
    activities: int
    open_follow_ups: int
    seconds: float

    def as_dict(self) -> dict[str, int | float]:
        return asdict(self)


# --- the generator -------------------------------------------------------------------------


class _Outreach:
    """Draws every row from one random stream, campaign after campaign, then cold activities."""

    def __init__(
        self,
        *,
        seed: int,
        today: date,
        staff_ids: Sequence[int],
        organizations: _Organizations,
        objections: Sequence[tuple[int, str, bool]],
    ) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime(today.year, today.month, today.day, tzinfo=UTC).timestamp()
        self.staff_ids = list(staff_ids)
        self.orgs = organizations
        self.asks_destination = {pk for pk, _code, asks in objections if asks}
        self.objection_choice = (
            Choice([(pk, _OBJECTION_WEIGHTS.get(code, 5)) for pk, code, _ in objections])
            if objections
            else None
        )
        self.code_of = {pk: code for pk, code, _ in objections}
        zones = [_TIME_ZONES.get(country, "UTC") for country in organizations.countries]
        self.zones = zones
        self.offsets = [_offset_seconds(zone) for zone in zones]
        self.open_follow_ups = 0

    # --- small draws -----------------------------------------------------------------------

    def _owner(self) -> int | None:
        staff = self.staff_ids
        return staff[int(self.rng.random() * len(staff))] if staff else None

    def _office_hours(self, ts: float, offset: int) -> float:
        """The same local day, between 9:00 and 18:00 there, and before today."""
        day = (ts + offset) // DAY
        moment = day * DAY + 32_400 + self.rng.random() * 32_400 - offset
        return moment - DAY if moment >= self.now else moment

    def _follow_up_date(self, occurred: float) -> date:
        """Overdue, due today or later, as a caller's list has them; never before the call."""
        roll = self.rng.random()
        if roll < 0.25:
            day = self.today - timedelta(days=1 + int(self.rng.random() * 21))
        elif roll < 0.31:
            day = self.today
        else:
            day = self.today + timedelta(days=1 + int(self.rng.random() * 30))
        logged = datetime.fromtimestamp(occurred, UTC).date()
        if day < logged:
            # Set on a recent call: some days after it, not all on the next day.
            day = logged + timedelta(days=1 + int(self.rng.random() * 14))
        return day

    # --- one campaign's opportunities -------------------------------------------------------

    def opportunity_batches(
        self,
        plan: CampaignPlan,
        campaign_id: int,
        size: int,
        *,
        activity_ratio: float,
        activities_left: Callable[[], int],
        batch_size: int,
    ) -> Iterator[_Batch]:
        rng = self.rng
        running = plan.running(self.today)
        stages = _RUNNING_STAGES if running else _FINISHED_STAGES
        positions = self.orgs.sample(rng, plan.source_countries, size)
        start = datetime(plan.starts_on.year, plan.starts_on.month, plan.starts_on.day, tzinfo=UTC)
        opened_from = start.timestamp()
        end = plan.ends_on + timedelta(days=1)
        opened_until = min(datetime(end.year, end.month, end.day, tzinfo=UTC).timestamp(), self.now)
        opened_until = max(opened_from + DAY, opened_until - DAY)
        # Relocations and landings go on after a campaign ends.
        history_until = self.now - 3600 if running else min(self.now, opened_until + 150 * DAY)
        for first in range(0, size, batch_size):
            batch = _Batch([], [], [], [], [])
            for position in positions[first : first + batch_size]:
                self._opportunity(
                    batch,
                    campaign_id,
                    position,
                    final=stages.pick(rng),
                    running=running,
                    opened=opened_from + rng.random() * (opened_until - opened_from),
                    history_until=history_until,
                    activity_ratio=activity_ratio,
                    activities_left=activities_left() - len(batch.activities),
                )
            yield batch

    def _opportunity(
        self,
        batch: _Batch,
        campaign_id: int,
        position: int,
        *,
        final: Stage,
        running: bool,
        opened: float,
        history_until: float,
        activity_ratio: float,
        activities_left: int,
    ) -> None:
        rng = self.rng
        orgs = self.orgs
        index = len(batch.opportunities)
        owner = self._owner()
        path = stage_path(rng, final)
        _check_path(path)

        # Moves at increasing times, squeezed in proportionally if they would run past the end.
        gaps = [rng.expovariate(1 / _DAYS_TO[stage]) * DAY + 3600 for stage in path]
        room = max(history_until - opened, 3600.0)
        if sum(gaps) > room * 0.95:
            scale = room * 0.95 / sum(gaps)
            gaps = [gap * scale for gap in gaps]
        times = [opened]
        for gap in gaps:
            times.append(times[-1] + gap)
        stamps = [datetime.fromtimestamp(moment, UTC) for moment in times]
        previous = ""
        for stage, at in zip([Stage.IDENTIFIED, *path], stamps, strict=True):
            batch.stage_changes.append((index, previous, stage.value, at, owner))
            previous = stage.value

        organization_id = orgs.ids[position]
        code = orgs.codes[position]
        employees = orgs.employees[position]
        headcount = employees if employees >= 0 else int(rng.lognormvariate(2.6, 1.0)) + 1
        peak = max((STAGE_ORDER.index(s) for s in path if s != Stage.LOST), default=0)
        family = int(headcount * (0.4 + rng.random() * 0.8)) if peak >= 2 else 0
        is_open = final in OPEN_STAGES
        next_step, next_step_on = "", None
        if running and is_open and rng.random() < _NEXT_STEP_SHARE:
            steps = _NEXT_STEPS[final]
            next_step = steps[int(rng.random() * len(steps))]
            roll = rng.random()
            if roll < 0.15:
                next_step_on = self.today - timedelta(days=1 + int(rng.random() * 14))
            elif roll < 0.2:
                next_step_on = self.today
            else:
                next_step_on = self.today + timedelta(days=1 + int(rng.random() * 30))

        lost_to = loss_note = ""
        reasons: list[int] = []
        if final == Stage.LOST and self.objection_choice is not None:
            reasons = self.objection_choice.pick_distinct(rng, 1 if rng.random() < 0.7 else 2)
            if any(pk in self.asks_destination for pk in reasons) or rng.random() < _LOST_TO_SHARE:
                lost_to = _LOST_TO.pick(rng)
            if rng.random() < 0.4:
                loss_note = _LOSS_NOTES[int(rng.random() * len(_LOSS_NOTES))]
            batch.loss_reasons.extend((index, pk) for pk in reasons)

        batch.opportunities.append(
            (
                campaign_id,
                organization_id,
                None,
                final.value,
                1 + len(path),
                owner,
                headcount,
                family,
                _PROBABILITY[final],
                next_step,
                next_step_on,
                lost_to,
                loss_note,
                stamps[0],
                stamps[-1],
            )
        )

        # Activities: as many as the stage reached suggests, scaled to what was asked for.
        weight = _ACTIVITY_WEIGHT[STAGE_ORDER[peak] if final == Stage.LOST else final]
        count = int(activity_ratio * weight * (0.4 + 1.2 * rng.random()) + rng.random())
        count = min(count, activities_left)
        first_activity = len(batch.activities)
        if count:
            contacted_at = times[1] if path and path[0] != Stage.IDENTIFIED else None
            until = times[-1] if not is_open else (history_until if running else times[-1])
            self._activities(
                batch,
                index,
                organization_id,
                code,
                owner,
                count,
                since=opened,
                contacted_at=contacted_at,
                until=max(until, opened + 3600),
                final=final,
                open_follow_up=running and is_open,
            )
        # Objections heard in the talks; a lost company's loss reasons among them.
        heard = list(reasons)
        if self.objection_choice is not None and peak >= 2 and rng.random() < 0.55:
            heard += self.objection_choice.pick_distinct(rng, 1 + int(rng.random() * 2))
        talks = [
            i
            for i in range(first_activity, len(batch.activities))
            if batch.activities[i][_ACT_OUTCOME] in _TALKED
        ]
        for pk in dict.fromkeys(heard):
            activity = talks[int(rng.random() * len(talks))] if talks else None
            at = batch.activities[activity][2] if activity is not None else stamps[-1]
            notes = _OBJECTION_NOTES.get(self.code_of[pk], ("",))
            destination = ""
            if pk in self.asks_destination:
                destination = lost_to or _LOST_TO.pick(rng)
            batch.raised.append(
                (
                    index,
                    pk,
                    destination,
                    notes[int(rng.random() * len(notes))],
                    activity,
                    at,
                    owner,
                )
            )

    def _activities(
        self,
        batch: _Batch,
        index: int,
        organization_id: int,
        code: int,
        owner: int | None,
        count: int,
        *,
        since: float,
        contacted_at: float | None,
        until: float,
        final: Stage,
        open_follow_up: bool,
    ) -> None:
        rng = self.rng
        offset = self.offsets[code]
        zone = self.zones[code]
        moments = []
        if contacted_at is not None:
            # The outgoing call or e-mail that moved it to "contacted", just before the move.
            moments.append(contacted_at - 60 - rng.random() * 3600)
            since = contacted_at
        while len(moments) < count:
            moments.append(self._office_hours(since + rng.random() * (until - since), offset))
        moments.sort()
        early = final in (Stage.IDENTIFIED, Stage.CONTACTED)
        for number, moment in enumerate(moments):
            first = number == 0 and contacted_at is not None
            if final == Stage.IDENTIFIED and contacted_at is None:
                kind = ActivityKind.NOTE  # anything else would have moved it to "contacted"
            elif first:
                kind = ActivityKind.CALL if rng.random() < 0.6 else ActivityKind.EMAIL
            else:
                kind = (_EARLY_KINDS if early else _LATER_KINDS).pick(rng)
            last = number == len(moments) - 1
            follow_up_on: date | None = None
            done = False
            if last and open_follow_up and rng.random() < _OPEN_FOLLOW_UP.get(final, 0.0):
                follow_up_on = self._follow_up_date(moment)
                self.open_follow_ups += 1
            elif rng.random() < _DONE_FOLLOW_UP:
                follow_up_on = datetime.fromtimestamp(moment, UTC).date() + timedelta(
                    days=1 + int(rng.random() * 10)
                )
                done = True
            batch.activities.append(
                self._activity_row(
                    kind,
                    moment,
                    zone,
                    organization_id,
                    index,
                    owner,
                    follow_up_on,
                    done,
                    incoming=not first and kind != ActivityKind.NOTE and rng.random() < 0.2,
                    # Most calls and e-mails are with a person, if the company has one.
                    with_person=kind != ActivityKind.NOTE and rng.random() < 0.7,
                )
            )

    def _activity_row(
        self,
        kind: ActivityKind,
        moment: float,
        zone: str,
        organization_id: int,
        opportunity: int | None,
        owner: int | None,
        follow_up_on: date | None,
        done: bool,
        *,
        incoming: bool,
        with_person: bool,
    ) -> Row:
        rng = self.rng
        outcome = _OUTCOMES[kind].pick(rng)
        duration: int | None = None
        if kind == ActivityKind.CALL and outcome in _TALKED:
            duration = 3 + int(rng.random() * 40)
        elif kind == ActivityKind.MEETING:
            duration = 30 + 15 * int(rng.random() * 5)
        subjects = _SUBJECTS.get(kind)
        when = datetime.fromtimestamp(moment, UTC)
        return (
            kind.value,
            Direction.INCOMING.value if incoming and kind != ActivityKind.MEETING else "out",
            when,
            zone,
            organization_id,
            True if with_person else None,  # the writer puts the company's first person here
            opportunity,
            outcome.value,
            duration,
            subjects[int(rng.random() * len(subjects))] if subjects else "",
            _NOTES[int(rng.random() * len(_NOTES))],
            owner,
            follow_up_on,
            owner if follow_up_on else None,
            done,
            "",
            "",
            "",
            when,
        )

    # --- cold activities --------------------------------------------------------------------

    def cold_activities(self, count: int, *, since: float, batch_size: int) -> Iterator[list[Row]]:
        """Activities on organisations, whether in a campaign or not: most of the ten million,
        so nothing per row but the tuple, and times as text to whole seconds (COPY writes
        text several times faster than it formats a datetime)."""
        rng = self.rng
        random_ = rng.random
        orgs = self.orgs
        ids, codes, n_orgs = orgs.ids, orgs.codes, len(orgs.ids)
        zones, offsets = self.zones, self.offsets
        staff = self.staff_ids
        n_staff = len(staff)
        kinds, calls = _COLD_KINDS, _COLD_CALL_OUTCOMES
        outcomes = _OUTCOMES
        notes, n_notes = _NOTES, len(_NOTES)
        email_subjects = _SUBJECTS[ActivityKind.EMAIL]
        n_subjects = len(email_subjects)
        now = self.now
        span = now - since
        recent = now - _COLD_RECENT_DAYS * DAY
        day_seconds = DAY
        epoch = date(1970, 1, 1)
        days: dict[int, str] = {}
        call, email, note = ActivityKind.CALL, ActivityKind.EMAIL, ActivityKind.NOTE
        talked = _TALKED
        done_ = 0
        while done_ < count:
            rows: list[Row] = []
            for _ in range(min(batch_size, count - done_)):
                position = int(random_() * n_orgs)
                code = codes[position]
                offset = offsets[code]
                local_day = int((since + random_() * span + offset) // day_seconds)
                moment = int(local_day * day_seconds + 32_400 + random_() * 32_400 - offset)
                if moment >= now:
                    moment -= day_seconds
                day, second = divmod(moment, day_seconds)
                day_text = days.get(day)
                if day_text is None:
                    day_text = days[day] = (epoch + timedelta(days=day)).isoformat()
                minute, second = divmod(second, 60)
                when = f"{day_text} {minute // 60:02}:{minute % 60:02}:{second:02}+00:00"
                kind = kinds.pick(rng)
                outcome = calls.pick(rng) if kind is call else outcomes[kind].pick(rng)
                owner = staff[int(random_() * n_staff)] if n_staff else None
                follow_up_on: date | None = None
                done = False
                roll = random_()
                if moment >= recent and roll < _COLD_OPEN_FOLLOW_UP:
                    follow_up_on = self._follow_up_date(moment)
                    self.open_follow_ups += 1
                elif roll < _COLD_DONE_FOLLOW_UP:
                    # Dealt with: the day after the call or a few days later.
                    follow_up_on = epoch + timedelta(days=day + 1 + int(random_() * 10))
                    done = True
                rows.append(
                    (
                        kind.value,
                        "in" if kind is not note and random_() < 0.1 else "out",
                        when,
                        zones[code],
                        ids[position],
                        None,
                        None,
                        outcome.value,
                        3 + int(random_() * 20) if kind is call and outcome in talked else None,
                        email_subjects[int(random_() * n_subjects)] if kind is email else "",
                        notes[int(random_() * n_notes)],
                        owner,
                        follow_up_on,
                        owner if follow_up_on else None,
                        done,
                        "",
                        "",
                        "",
                        when,
                    )
                )
            done_ += len(rows)
            yield rows


# --- writing -------------------------------------------------------------------------------


class _Writer:
    """Writes batches by COPY (PostgreSQL) or bulk_create, with the same rows either way."""

    def __init__(self, method: Literal["copy", "bulk_create"]) -> None:
        self.method = method
        self.quote = connection.ops.quote_name

    def _reserve(self, model: type[Model], count: int) -> list[int]:
        # Ids from the table's own sequence, as INSERTs would take them (see load.py).
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id "
                "FROM generate_series(1, %s) ORDER BY id",
                [model._meta.db_table, count],
            )
            return [row[0] for row in cursor.fetchall()]

    def _copy(self, model: type[Model], columns: Sequence[str], rows: Iterator[Row]) -> None:
        table = self.quote(model._meta.db_table)
        names = ", ".join(self.quote(column) for column in columns)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def _create(
        self, model: type[Model], columns: Sequence[str], rows: Sequence[Row], *, stamps: int = 0
    ) -> list[int]:
        """bulk_create, then put back the last ``stamps`` columns that ``auto_now`` and
        ``auto_now_add`` overwrote, so both paths store the same times."""
        objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.bulk_create(objects, batch_size=500)
        if stamps:
            fields = list(columns[-stamps:])
            for obj, row in zip(objects, rows, strict=True):
                for name, value in zip(fields, row[-stamps:], strict=True):
                    setattr(obj, name, value)
            model._default_manager.bulk_update(objects, fields, batch_size=500)
        if any(obj.pk is None for obj in objects):
            raise RuntimeError("this database does not return ids from bulk inserts")
        return [obj.pk for obj in objects]

    def write_batch(self, batch: _Batch) -> None:
        with transaction.atomic():
            persons = _first_people({row[1] for row in batch.opportunities})
            if self.method == "copy":
                opportunity_ids = self._reserve(Opportunity, len(batch.opportunities))
                self._copy(
                    Opportunity,
                    ("id", *_OPPORTUNITY),
                    (
                        (pk, *row)
                        for pk, row in zip(opportunity_ids, batch.opportunities, strict=True)
                    ),
                )
            else:
                opportunity_ids = self._create(
                    Opportunity, _OPPORTUNITY, batch.opportunities, stamps=2
                )
            # Each change carries its opportunity's campaign (the funnel reads it by campaign).
            changes = [
                (opportunity_ids[row[0]], batch.opportunities[row[0]][0], *row[1:])
                for row in batch.stage_changes
            ]
            reasons = [(opportunity_ids[row[0]], row[1]) for row in batch.loss_reasons]
            # Positions become ids; the person marker becomes the company's first person.
            activities = [
                (
                    *row[:_ACT_PERSON],
                    persons.get(row[_ACT_PERSON - 1]) if row[_ACT_PERSON] else None,
                    opportunity_ids[row[_ACT_OPPORTUNITY]],
                    *row[_ACT_OPPORTUNITY + 1 :],
                )
                for row in batch.activities
            ]
            through = Opportunity.loss_reasons.through
            if self.method == "copy":
                self._copy(StageChange, _STAGE_CHANGE, iter(changes))
                self._copy(through, _LOSS_REASON, iter(reasons))
                activity_ids = self._reserve(Activity, len(activities)) if activities else []
                self._copy(
                    Activity,
                    ("id", *_ACTIVITY),
                    ((pk, *row) for pk, row in zip(activity_ids, activities, strict=True)),
                )
            else:
                self._create(StageChange, _STAGE_CHANGE, changes)
                self._create(through, _LOSS_REASON, reasons)
                activity_ids = self._create(Activity, _ACTIVITY, activities, stamps=1)
            raised = [
                (
                    opportunity_ids[row[0]],
                    *row[1:4],
                    None if row[4] is None else activity_ids[row[4]],
                    *row[5:],
                )
                for row in batch.raised
            ]
            if self.method == "copy":
                self._copy(RaisedObjection, _RAISED, iter(raised))
            else:
                # ``at`` sits in the middle: auto_now_add is put back by hand.
                objects = [
                    RaisedObjection(**dict(zip(_RAISED, row, strict=True))) for row in raised
                ]
                RaisedObjection.objects.bulk_create(objects, batch_size=500)
                for obj, row in zip(objects, raised, strict=True):
                    obj.at = row[5]
                RaisedObjection.objects.bulk_update(objects, ["at"], batch_size=500)

    def write_cold(self, rows: list[Row]) -> None:
        with transaction.atomic():
            if self.method == "copy":
                self._copy(Activity, _ACTIVITY, iter(rows))
            else:
                self._create(Activity, _ACTIVITY, rows, stamps=1)


def _first_people(organization_ids: Collection[int]) -> dict[int, int]:
    """Each organisation's first person, a few hundred ids per query."""
    ids = sorted(organization_ids)
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        rows = (
            Person.objects.filter(organization_id__in=ids[start : start + 500])
            .values_list("organization_id")
            .annotate(first=Min("id"))
            .order_by()
        )
        found.update(rows)
    return found


def _create_campaigns(
    plans: Sequence[CampaignPlan], *, staff: Sequence[AbstractBaseUser], lead_id: int | None
) -> list[int]:
    ids = []
    for plan in plans:
        campaign = Campaign.objects.create(
            name=plan.name,
            source_countries=list(plan.source_countries),
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            lead_id=lead_id,
            is_archived=plan.is_archived,
            description=f"Companies of {', '.join(plan.source_countries)} thinking of moving.",
        )
        campaign.team.set([user.pk for user in staff])
        created = datetime(
            plan.starts_on.year, plan.starts_on.month, plan.starts_on.day, tzinfo=UTC
        )
        # auto_now fields: the campaign was set up when it started, not when it was generated.
        Campaign.objects.filter(pk=campaign.pk).update(
            created_at=created - timedelta(days=14), updated_at=created
        )
        ids.append(campaign.pk)
    return ids


def _sizes(opportunities: int, campaigns: int) -> list[int]:
    if not campaigns:
        return []
    base, extra = divmod(opportunities, campaigns)
    return [base + (1 if i < extra else 0) for i in range(campaigns)]


def _natural_activities(plans: Sequence[CampaignPlan], sizes: Sequence[int], today: date) -> float:
    """How many activities the campaigns' opportunities would get at ratio 1, on average."""
    total = 0.0
    for plan, size in zip(plans, sizes, strict=True):
        choice = _RUNNING_STAGES if plan.running(today) else _FINISHED_STAGES
        previous = 0.0
        mean = 0.0
        for stage, cumulative in zip(choice.items, choice.cumulative, strict=True):
            share = (cumulative - previous) / choice.total
            previous = cumulative
            if stage == Stage.LOST:
                lost_total = _LOST_PEAK.total
                lost_previous = 0.0
                for peak, lost_cumulative in zip(
                    _LOST_PEAK.items, _LOST_PEAK.cumulative, strict=True
                ):
                    mean += (
                        share
                        * (lost_cumulative - lost_previous)
                        / lost_total
                        * _ACTIVITY_WEIGHT[peak]
                    )
                    lost_previous = lost_cumulative
            else:
                mean += share * _ACTIVITY_WEIGHT[stage]
        total += mean * size
    return total


def _tables() -> list[str]:
    models = (Campaign, Opportunity, StageChange, RaisedObjection, Activity)
    return [m._meta.db_table for m in models] + [Opportunity.loss_reasons.through._meta.db_table]


def analyze_outreach() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(table) for table in _tables())}")


@contextmanager
def _indexes_built_after() -> Iterator[None]:
    """Load the outreach tables without their non-unique indexes and foreign keys, and make
    them again afterwards from their own definitions, as PostgreSQL's "Populating a Database"
    advises: one index build is many times faster than ten index updates per row, and one
    join checks millions of references faster than a trigger per row. Call it inside a
    transaction, so a failed load leaves every index and constraint as it was."""
    quote = connection.ops.quote_name
    tables = _tables()
    with connection.cursor() as cursor:
        # A table with deferred checks pending can't be altered: run them now, as a commit would.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s) "
            "ORDER BY 1, 2",
            [tables],
        )
        foreign_keys = cursor.fetchall()
        # Unique indexes stay: they keep the load honest (one opportunity per organisation).
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisunique ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")


def generate_outreach(
    *,
    campaigns: int,
    opportunities: int,
    activities: int,
    staff: Sequence[AbstractBaseUser] = (),
    lead: AbstractBaseUser | None = None,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    sizes: Sequence[int] | None = None,
    plans: Sequence[CampaignPlan] | None = None,
    exclude_organizations: Collection[int] = (),
    batch_size: int = 5000,
    progress: Callable[[str, int, int], None] | None = None,
    method: Method = "auto",
    build_indexes_after: bool | None = None,
) -> OutreachSummary:
    """Create ``campaigns`` campaigns with ``opportunities`` opportunities between them (split
    evenly unless ``sizes`` says how many each) and exactly ``activities`` activities.

    Opportunities go to existing, unmerged organisations of each campaign's source countries
    (others when those run out), except ``exclude_organizations``. ``staff`` own the
    opportunities and log the activities (each drawn at random) and form every campaign's
    team; ``lead`` (default the first of them) leads the campaigns. ``plans`` replaces the
    default campaigns (``campaign_plans``). Dates are relative to ``today`` (default: the
    local date), so follow-ups are overdue, due today or later whenever it runs.
    ``progress(what, done, total)`` is called after every batch of ``batch_size``
    opportunities or ten times as many cold activities.

    ``build_indexes_after`` (default: on PostgreSQL from a million activities) loads the
    outreach tables in one transaction without their non-unique indexes and foreign keys and
    builds them at the end, three to four times faster; the tables are locked meanwhile, so
    it is for filling a database, not for one in use.
    """
    if campaigns < 0 or opportunities < 0 or activities < 0:
        raise ValueError("counts must not be negative")
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if opportunities and not campaigns:
        raise ValueError("opportunities need campaigns to be in")
    started = time.perf_counter()
    today = today or _local_today()
    writer = _Writer(resolve_method(method))
    plans = list(plans) if plans is not None else campaign_plans(campaigns, today=today)
    if len(plans) != campaigns:
        raise ValueError(f"{len(plans)} plans for {campaigns} campaigns")
    sizes = list(sizes) if sizes is not None else _sizes(opportunities, campaigns)
    if len(sizes) != campaigns or sum(sizes) != opportunities or min(sizes, default=0) < 0:
        raise ValueError("sizes must be one per campaign and add up to opportunities")

    organizations = _Organizations(exclude_organizations)
    if activities and not len(organizations):
        raise ValueError("activities need organisations: generate some first")
    objections = list(
        Objection.objects.filter(is_active=True)
        .order_by("position", "id")
        .values_list("id", "code", "asks_destination")
    )
    staff_ids = [user.pk for user in staff]
    lead_id = lead.pk if lead is not None else (staff_ids[0] if staff_ids else None)
    outreach = _Outreach(
        seed=seed,
        today=today,
        staff_ids=staff_ids,
        organizations=organizations,
        objections=objections,
    )
    natural = _natural_activities(plans, sizes, today)
    ratio = min(1.0, activities / natural) if natural else 0.0
    if build_indexes_after is None:
        build_indexes_after = writer.method == "copy" and activities >= 1_000_000
    if build_indexes_after and connection.vendor != "postgresql":
        raise ValueError("building indexes after the load needs PostgreSQL")
    with (
        transaction.atomic() if build_indexes_after else nullcontext(),
        _indexes_built_after() if build_indexes_after else nullcontext(),
    ):
        summary = _write(
            outreach,
            writer,
            plans=plans,
            sizes=sizes,
            staff=staff,
            lead_id=lead_id,
            activities=activities,
            ratio=ratio,
            batch_size=batch_size,
            progress=progress,
        )
    analyze_outreach()
    return OutreachSummary(**summary, seconds=round(time.perf_counter() - started, 3))


def _write(
    outreach: _Outreach,
    writer: _Writer,
    *,
    plans: Sequence[CampaignPlan],
    sizes: Sequence[int],
    staff: Sequence[AbstractBaseUser],
    lead_id: int | None,
    activities: int,
    ratio: float,
    batch_size: int,
    progress: Callable[[str, int, int], None] | None,
) -> dict[str, int]:
    opportunities = sum(sizes)
    with transaction.atomic():
        campaign_ids = _create_campaigns(plans, staff=staff, lead_id=lead_id)
    written = {"opportunities": 0, "stage_changes": 0, "raised": 0, "activities": 0}

    def left() -> int:
        return activities - written["activities"]

    for plan, campaign_id, size in zip(plans, campaign_ids, sizes, strict=True):
        for batch in outreach.opportunity_batches(
            plan,
            campaign_id,
            size,
            activity_ratio=ratio,
            activities_left=left,
            batch_size=batch_size,
        ):
            writer.write_batch(batch)
            written["opportunities"] += len(batch.opportunities)
            written["stage_changes"] += len(batch.stage_changes)
            written["raised"] += len(batch.raised)
            written["activities"] += len(batch.activities)
            if progress is not None:
                progress("opportunities", written["opportunities"], opportunities)

    cold = left()
    since = min(
        (datetime.combine(p.starts_on, datetime.min.time(), UTC).timestamp() for p in plans),
        default=outreach.now - 365 * DAY,
    )
    since = min(since, outreach.now - _COLD_RECENT_DAYS * DAY)
    cold_done = 0
    for rows in outreach.cold_activities(cold, since=since, batch_size=batch_size * 10):
        writer.write_cold(rows)
        cold_done += len(rows)
        written["activities"] += len(rows)
        if progress is not None:
            progress("cold activities", cold_done, cold)
    return {
        "campaigns": len(campaign_ids),
        "opportunities": written["opportunities"],
        "stage_changes": written["stage_changes"],
        "raised_objections": written["raised"],
        "activities": written["activities"],
        "open_follow_ups": outreach.open_follow_ups,
    }


def _local_today() -> date:
    from django.utils import timezone

    return timezone.localdate()
