"""Filters one part adds to another part's list, without the list importing it.

The organisation list belongs to prospects, which knows nothing of outreach (dependencies point
one way, see CONTRIBUTING), yet a scout wants "interested" companies, or those in no campaign
yet. A part registers a filter for a kind of list in its AppConfig.ready(); the list's form, its
query and its saved filters take every registered one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class ListFilter:
    """``name``: the query parameter. ``choices()``: (value, label) pairs, in the active
    language. ``apply(queryset, value)``: the rows that pass, for a value among the choices."""

    name: str
    label: str | _StrPromise
    any_label: str | _StrPromise
    choices: Callable[[], Sequence[tuple[str, Any]]]
    apply: Callable[[QuerySet[Any], str], QuerySet[Any]]


_FILTERS: dict[str, list[ListFilter]] = {}


def register(kind: str, list_filter: ListFilter) -> None:
    """Add ``list_filter`` to the lists of ``kind`` ("organization")."""
    registered = _FILTERS.setdefault(kind, [])
    if all(known.name != list_filter.name for known in registered):
        registered.append(list_filter)


def filters_for(kind: str) -> list[ListFilter]:
    return list(_FILTERS.get(kind, []))
