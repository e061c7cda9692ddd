"""Read helpers for the registry's screens: what a list selects, filtered, sorted."""

from __future__ import annotations

from functools import lru_cache

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_countries import countries

from softlanding.prospects.enums import SizeBand
from softlanding.prospects.models import Organization, OrganizationTag

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


def country_options(selected: str) -> SafeString:
    """The country <option>s of a filter, built once per language: a template loop was 10 ms."""
    html = _country_options_html(get_language() or "en")
    if selected:
        marker = f'<option value="{escape(selected)}">'
        html = html.replace(marker, marker[:-1] + " selected>", 1)
    return mark_safe(html)  # built from escaped parts above


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
) -> QuerySet[Organization]:
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
    return organizations.select_related("owner").order_by(*SORTS.get(sort, SORTS["score"]))
