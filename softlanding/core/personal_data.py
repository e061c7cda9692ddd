"""What each part keeps on a person of the registry, exported and erased through one call.

People belong to the registry (prospects), but the parts above it keep their own rows about
them (outreach its activities and opportunities, the radar its news mentions, the portal its
applications) and prospects imports none of them (dependencies point one way, see
CONTRIBUTING). Each part registers a holder in its AppConfig.ready();
``softlanding.prospects.personal_data`` calls every holder when a person asks for their data or
to be erased.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Effect:
    """What an erasure did to one kind of row: a key and a count for the audit log (no
    personal data), and the same in words, in the active language, for the page that asks."""

    key: str
    count: int
    text: str


@dataclass(frozen=True)
class Holder:
    """``export(person)``: a dict of JSON-ready lists, merged into the person's export.
    ``erase(person)``: removes or strips what the part keeps on them, inside the caller's
    transaction and before the person's row goes; returns what it did."""

    export: Callable[[Any], dict[str, Any]]
    erase: Callable[[Any], list[Effect]]


_HOLDERS: list[Holder] = []


def register(holder: Holder) -> None:
    if holder not in _HOLDERS:
        _HOLDERS.append(holder)


def holders() -> list[Holder]:
    return list(_HOLDERS)
