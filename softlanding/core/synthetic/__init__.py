"""Believable synthetic data: IT companies of Belarus, Russia, Ukraine, Kazakhstan and their
neighbours, with Latin and Cyrillic names, and the people who run them.

Deterministic from a seed and streamed in batches, so the same call makes the demo's few
hundred organisations and a benchmark's million in bounded memory::

    generate(organizations=1_000_000)          # softlanding seed --organizations 1000000
    generate_demo(owners=[scout])
    generate_outreach(campaigns=12, opportunities=200_000, activities=10_000_000, staff=scouts)

Later parts extend it with their own records (activities, articles, cases) the same way:
a pure generator in this package, a writer per batch.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from itertools import islice

from django.contrib.auth.models import AbstractBaseUser

from softlanding.core.synthetic.generator import (
    DEFAULT_SEED,
    Generator,
    OrganizationRecord,
    PersonRecord,
)
from softlanding.core.synthetic.load import Method, analyze, resolve_method, write_batch
from softlanding.core.synthetic.outreach import (
    CampaignPlan,
    OutreachSummary,
    campaign_plans,
    generate_outreach,
)
from softlanding.core.synthetic.stories import STORY_NAMES, story_organizations

__all__ = [
    "DEFAULT_SEED",
    "CampaignPlan",
    "OrganizationRecord",
    "OutreachSummary",
    "PersonRecord",
    "SeedSummary",
    "campaign_plans",
    "generate",
    "generate_demo",
    "generate_outreach",
    "iter_organizations",
]

# The product's target scale is 1 million organisations and 2 million people.
PEOPLE_PER_ORGANIZATION = 2
DEMO_ORGANIZATIONS = 300
DEMO_PEOPLE = 600


@dataclass(frozen=True, slots=True)
class SeedSummary:
    organizations: int
    aliases: int
    people: int
    seconds: float

    def as_dict(self) -> dict[str, int | float]:
        return asdict(self)


def iter_organizations(
    *, organizations: int, people: int | None = None, seed: int = DEFAULT_SEED
) -> Iterator[OrganizationRecord]:
    """The records ``generate`` would write, in order, without touching the database."""
    if people is None:
        people = PEOPLE_PER_ORGANIZATION * organizations
    return iter(
        Generator(seed=seed, organizations=organizations, people=people, reserved_names=STORY_NAMES)
    )


def generate(
    *,
    organizations: int,
    people: int | None = None,
    seed: int = DEFAULT_SEED,
    batch_size: int = 5000,
    owners: Sequence[AbstractBaseUser] = (),
    progress: Callable[[int, int], None] | None = None,
    method: Method = "auto",
) -> SeedSummary:
    """Insert ``organizations`` organisations (with Cyrillic aliases) and ``people`` people
    (default: two per organisation), ``batch_size`` organisations per transaction.

    About 30% of the organisations go to ``owners`` round-robin, so a scout's dashboard has
    organisations of its own. ``progress(done, total)`` is called after every batch.
    ``method`` picks the writer: COPY on PostgreSQL, bulk_create elsewhere, unless forced.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    started = time.perf_counter()
    writer = resolve_method(method)
    owner_ids = [owner.pk for owner in owners]
    records = iter_organizations(organizations=organizations, people=people, seed=seed)
    done = aliases = written_people = 0
    while batch := list(islice(records, batch_size)):
        batch_aliases, batch_people = write_batch(batch, owner_ids=owner_ids, method=writer)
        done += len(batch)
        aliases += batch_aliases
        written_people += batch_people
        if progress is not None:
            progress(done, organizations)
    analyze()
    return SeedSummary(
        organizations=done,
        aliases=aliases,
        people=written_people,
        seconds=round(time.perf_counter() - started, 3),
    )


def generate_demo(
    owners: Sequence[AbstractBaseUser] = (), *, seed: int = DEFAULT_SEED
) -> SeedSummary:
    """The demo's data: the seed story's companies (IdeaSoft first, owned by the first owner)
    and enough generated ones for about 300 organisations and 600 people.

    It adds rows every time it runs; call it on an empty database.
    """
    started = time.perf_counter()
    stories = story_organizations()
    if owners:
        # The story's company lands on the first scout's dashboard.
        stories[0].owner_slot = 0
    owner_ids = [owner.pk for owner in owners]
    aliases, people = write_batch(stories, owner_ids=owner_ids, method=resolve_method("auto"))
    rest = generate(
        organizations=DEMO_ORGANIZATIONS - len(stories),
        people=DEMO_PEOPLE - people,
        seed=seed,
        owners=owners,
    )
    return SeedSummary(
        organizations=len(stories) + rest.organizations,
        aliases=aliases + rest.aliases,
        people=people + rest.people,
        seconds=round(time.perf_counter() - started, 3),
    )
