"""Read helpers for the registry's screens: what a list selects, filtered, sorted."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, TypeVar

from django.db import connection
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_countries import countries

from softlanding.accounts.enums import UserKind
from softlanding.accounts.models import User
from softlanding.core import list_filters
from softlanding.core.paging import page_of
from softlanding.prospects.enums import SizeBand
from softlanding.prospects.models import Organization, OrganizationTag, SavedFilter, Tag
from softlanding.prospects.rendering import options

SORTS = {
    "score": ("-score", "-id"),
    "name": ("name", "id"),
    "newest": ("-created_at", "-id"),
}


@lru_cache(maxsize=8)
def _country_choices(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(code), str(name)) for code, name in countries)


def country_choices() -> tuple[tuple[str, str], ...]:
    """Countries sorted by their name in the active language, sorted once per language."""
    return _country_choices(get_language() or "en")


@lru_cache(maxsize=8)
def _country_options_html(language: str) -> str:
    return str(format_html_join("", '<option value="{}">{}</option>', _country_choices(language)))


def _with_selected(html: str, selected: str) -> SafeString:
    """``html``, <option>s built from escaped parts, with the one valued ``selected`` selected."""
    if selected:
        marker = f'<option value="{escape(selected)}">'
        html = html.replace(marker, marker[:-1] + " selected>", 1)
    return mark_safe(html)  # built from escaped parts


def country_options(selected: str) -> SafeString:
    """The country <option>s of a filter, built once per language: a template loop was 10 ms."""
    return _with_selected(_country_options_html(get_language() or "en"), selected)


# The list's tag, owner and saved-filter selects, kept briefly in this process: reading them
# was three queries of every list request. A change made in this process (a tag or a user saved
# or deleted through the ORM, a filter saved or deleted through the list's own views) shows on
# the next request; one made elsewhere (another worker, a bulk import's tags) within
# OPTIONS_LIFETIME seconds.
OPTIONS_LIFETIME = 60.0
T = TypeVar("T")
_kept: dict[object, tuple[float, Any]] = {}


def kept(key: object, load: Callable[[], T]) -> T:
    """``load()``, remembered under ``key`` for OPTIONS_LIFETIME seconds."""
    now = time.monotonic()
    hit = _kept.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    if len(_kept) > 10_000:  # one entry per user's saved filters: never let it grow unbounded
        _kept.clear()
    _kept[key] = (now + OPTIONS_LIFETIME, value)
    return value


def forget_kept(*keys: object) -> None:
    """Drop ``keys`` (all, when none given) so the next request reads them again."""
    if not keys:
        _kept.clear()
    for key in keys:
        _kept.pop(key, None)


def _load_tags() -> tuple[tuple[Tag, ...], str]:
    tags = tuple(Tag.objects.order_by("name").only("id", "name")[:200])
    return tags, str(options(((tag.pk, tag.name) for tag in tags), ""))


def list_tags() -> tuple[Tag, ...]:
    """The tags the list's select offers (the first 200 by name)."""
    return kept("tags", _load_tags)[0]


def tag_options(selected: str) -> SafeString:
    return _with_selected(kept("tags", _load_tags)[1], selected)


def _load_owner_options() -> str:
    staff = (
        User.objects.filter(kind=UserKind.STAFF, is_active=True)
        .order_by("first_name", "email")
        .only("id", "first_name", "last_name", "email")[:200]
    )
    return str(options(((owner.pk, str(owner)) for owner in staff), ""))


def owner_options(selected: str) -> SafeString:
    """The staff the owner select offers (the first 200 by name)."""
    return _with_selected(kept("owners", _load_owner_options), selected)


def saved_filters(owner: User, stamp: object) -> tuple[SavedFilter, ...]:
    """``owner``'s saved filters. ``stamp`` is kept in the session and changed by the views that
    save or delete one, so their own list shows the change at once, in any worker."""
    return kept(
        ("saved_filters", owner.pk, stamp),
        lambda: tuple(SavedFilter.objects.filter(owner=owner).order_by("name")),
    )


def country_names() -> dict[str, str]:
    """Country code → name in the active language (a dict lookup per list row, not a lookup
    through django-countries' translation machinery)."""
    return dict(country_choices())


def with_market(organizations: QuerySet[Organization], market: str) -> QuerySet[Organization]:
    """Organisations serving ``market``.

    PostgreSQL answers from the GIN index on the jsonb list (``@>``); SQLite, demo-sized, has
    no JSON containment and matches the quoted value in the list's text instead.
    """
    if connection.vendor == "postgresql":
        return organizations.filter(markets__contains=[market])
    return organizations.filter(markets__icontains=f'"{market}"')


def filtered_organizations(
    *,
    query: str = "",
    country: str = "",
    size: str = "",
    market: str = "",
    tag: int | None = None,
    owner: int | None = None,
    sort: str = "score",
    extra: Mapping[str, str] | None = None,
) -> QuerySet[Organization]:
    """``extra``: values of the filters other parts register (``core.list_filters``)."""
    from softlanding.prospects.services import search_organizations

    organizations: QuerySet[Organization] = (
        search_organizations(query) if query else Organization.objects.active()
    ).for_list()
    if country:
        organizations = organizations.filter(country=country)
    if size:
        low, high = SizeBand(size).bounds
        organizations = organizations.filter(employees__gte=low)
        if high is not None:
            organizations = organizations.filter(employees__lte=high)
    if market:
        organizations = with_market(organizations, market)
    if tag:
        organizations = organizations.filter(
            pk__in=OrganizationTag.objects.filter(tag_id=tag).values("organization_id")
        )
    if owner:
        organizations = organizations.filter(owner_id=owner)
    if extra:
        for list_filter in list_filters.filters_for("organization"):
            if value := extra.get(list_filter.name):
                organizations = list_filter.apply(organizations, value)
    return organizations.select_related("owner").order_by(*SORTS.get(sort, SORTS["score"]))


def page_of_organizations(
    request: HttpRequest, organizations: QuerySet[Organization], size: int
) -> dict[str, Any]:
    """A page of a filtered list in two reads: the page's ids, found in indexes alone where
    the filters allow (a sparse filter — a tag, a stage — walks thousands of index entries for
    50 matches, and reading each walked row would cost a table page each), then those rows."""
    paged = page_of(request, organizations.values_list("pk", flat=True), size)
    found = organizations.in_bulk(paged["rows"])
    paged["rows"] = [found[pk] for pk in paged["rows"] if pk in found]
    return paged


@receiver([post_save, post_delete], sender=Tag)
def _tags_changed(**_kwargs: Any) -> None:
    forget_kept("tags")


@receiver([post_save, post_delete], sender=User)
def _staff_changed(**_kwargs: Any) -> None:
    forget_kept("owners")
