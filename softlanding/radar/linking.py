"""The gazetteer of tracked names, read from the registry (radar → prospects, never back)."""

from __future__ import annotations

from collections.abc import Iterator

from softlanding.prospects.models import Organization, OrganizationAlias, Person
from softlanding.radar.analysis import NameEntry

#: A surname alone shorter than this is too ambiguous to link.
MIN_SURNAME_LETTERS = 5


def tracked_names(*, chunk_size: int = 5000) -> Iterator[tuple[NameEntry, str]]:
    """Every name of every active organisation and person, streamed."""
    rows = Organization.objects.active().values_list("id", "name", "country")
    for pk, name, country in rows.iterator(chunk_size=chunk_size):
        yield NameEntry("organization", str(pk), name, country=str(country)), name
    aliases = OrganizationAlias.objects.filter(organization__merged_into__isnull=True)
    for pk, name, alias, country in aliases.values_list(
        "organization_id", "organization__name", "name", "organization__country"
    ).iterator(chunk_size=chunk_size):
        yield NameEntry("organization", str(pk), name, country=str(country)), alias
    people = Person.objects.values_list(
        "id", "first_name", "last_name", "first_name_cyrillic", "last_name_cyrillic", "country"
    )
    for pk, first, last, first_cyr, last_cyr, country in people.iterator(chunk_size=chunk_size):
        display = f"{first} {last}".strip() or f"{first_cyr} {last_cyr}".strip()
        entry = NameEntry("person", str(pk), display, country=str(country or ""))
        weak = NameEntry("person", str(pk), display, country=str(country or ""), weak=True)
        for given, family in ((first, last), (first_cyr, last_cyr)):
            if given and family:
                yield entry, f"{given} {family}"
                yield entry, f"{family} {given}"
            if family and len(family) >= MIN_SURNAME_LETTERS:
                yield weak, family
