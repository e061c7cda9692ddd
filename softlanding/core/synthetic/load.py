"""Writing generated records to the database, one batch per transaction.

Two paths with the same result: ``bulk_create`` everywhere, and on PostgreSQL a COPY path,
several times faster (see ``bench/seed_organizations.py``). Neither assumes what ids the
database will give: bulk_create returns them, and the COPY path reserves them from the
table's own sequence before it writes.

Both also write the organisations' name keys (``OrganizationNameKey``), but only
``names.fold`` of each name and alias: the full ``names.search_keys`` cost about 120 µs a
name, minutes at a million organisations. Search by the start of a name and the duplicate
scan work on fold keys alone; what they miss without the other keys (a later word of a
name, a spelling whose fold starts differently) is described in ``prospects.dedupe``.
``services.rebuild_name_keys`` fills in the full set for any organisations.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Literal

from django.db import connection, transaction
from django.db.models import Field, Model
from django.utils import timezone

from softlanding.core.synthetic.generator import OrganizationRecord
from softlanding.prospects.models import (
    Organization,
    OrganizationAlias,
    OrganizationNameKey,
    Person,
)
from softlanding.prospects.names import fold

Method = Literal["auto", "copy", "bulk_create"]

_ORGANIZATION_FIELDS = (
    "name",
    "legal_form",
    "country",
    "city",
    "website",
    "domain",
    "employees",
    "founded",
    "markets",
    "specialities",
    "owner",
    "notes",
    "created_at",
    "updated_at",
)
_PERSON_FIELDS = (
    "organization",
    "first_name",
    "last_name",
    "first_name_cyrillic",
    "last_name_cyrillic",
    "job_title",
    "email",
    "phone",
    "languages",
    "country",
    "created_at",
    "updated_at",
)


_KEY_MAX = OrganizationNameKey._meta.get_field("key").max_length or 300


def fold_keys(org: OrganizationRecord) -> list[str]:
    """The name keys the loader stores for one organisation: the folds of its names."""
    keys = (fold(name)[:_KEY_MAX] for name in (org.name, *org.aliases))
    return [key for key in dict.fromkeys(keys) if key]


def resolve_method(method: Method) -> Literal["copy", "bulk_create"]:
    if method == "auto":
        return "copy" if connection.vendor == "postgresql" else "bulk_create"
    if method == "copy" and connection.vendor != "postgresql":
        raise ValueError("the COPY path needs PostgreSQL")
    return method


def write_batch(
    batch: Sequence[OrganizationRecord],
    *,
    owner_ids: Sequence[int],
    method: Literal["copy", "bulk_create"],
) -> tuple[int, int]:
    """Insert organisations with their aliases and people; return (aliases, people) written."""
    with transaction.atomic():
        if method == "copy":
            return _write_copy(batch, owner_ids)
        return _write_bulk_create(batch, owner_ids)


def _owner_id(org: OrganizationRecord, owner_ids: Sequence[int]) -> int | None:
    if org.owner_slot is None or not owner_ids:
        return None
    return owner_ids[org.owner_slot % len(owner_ids)]


def _write_bulk_create(
    batch: Sequence[OrganizationRecord], owner_ids: Sequence[int]
) -> tuple[int, int]:
    organizations = Organization.objects.bulk_create(
        [
            Organization(
                name=org.name,
                legal_form=org.legal_form,
                country=org.country,
                city=org.city,
                website=org.website,
                domain=org.domain,
                employees=org.employees,
                founded=org.founded,
                markets=org.markets,
                specialities=org.specialities,
                owner_id=_owner_id(org, owner_ids),
                notes=org.notes,
            )
            for org in batch
        ]
    )
    if any(saved.pk is None for saved in organizations):
        raise RuntimeError("this database does not return ids from bulk inserts")
    aliases = OrganizationAlias.objects.bulk_create(
        [
            OrganizationAlias(organization_id=saved.pk, name=alias)
            for saved, org in zip(organizations, batch, strict=True)
            for alias in org.aliases
        ]
    )
    OrganizationNameKey.objects.bulk_create(
        [
            OrganizationNameKey(organization_id=saved.pk, key=key)
            for saved, org in zip(organizations, batch, strict=True)
            for key in fold_keys(org)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                organization_id=saved.pk,
                first_name=person.first_name,
                last_name=person.last_name,
                first_name_cyrillic=person.first_name_cyrillic,
                last_name_cyrillic=person.last_name_cyrillic,
                job_title=person.job_title,
                email=person.email,
                phone=person.phone,
                languages=person.languages,
                country=person.country,
            )
            for saved, org in zip(organizations, batch, strict=True)
            for person in org.people
        ]
    )
    return len(aliases), len(people)


def _columns(model: type[Model], fields: Sequence[str]) -> str:
    quote = connection.ops.quote_name
    columns = []
    for name in fields:
        field = model._meta.get_field(name)
        if not isinstance(field, Field):  # a reverse relation has no column
            raise TypeError(f"{model.__name__}.{name} is not a concrete field")
        columns.append(quote(field.column))
    return ", ".join(columns)


def _write_copy(batch: Sequence[OrganizationRecord], owner_ids: Sequence[int]) -> tuple[int, int]:
    quote = connection.ops.quote_name
    org_table = Organization._meta.db_table
    alias_table = OrganizationAlias._meta.db_table
    person_table = Person._meta.db_table
    now = timezone.now()
    dumps = json.dumps
    aliases = people = 0
    with connection.cursor() as cursor:
        # Ids come from the table's sequence, exactly as an INSERT would take them, so
        # concurrent writers and later inserts never collide.
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id "
            "FROM generate_series(1, %s) ORDER BY id",
            [org_table, len(batch)],
        )
        ids = [row[0] for row in cursor.fetchall()]

        columns = f"{quote('id')}, {_columns(Organization, _ORGANIZATION_FIELDS)}"
        with cursor.copy(f"COPY {quote(org_table)} ({columns}) FROM STDIN") as copy:
            for pk, org in zip(ids, batch, strict=True):
                copy.write_row(
                    (
                        pk,
                        org.name,
                        org.legal_form,
                        org.country,
                        org.city,
                        org.website,
                        org.domain,
                        org.employees,
                        org.founded,
                        dumps(org.markets, ensure_ascii=False),
                        dumps(org.specialities, ensure_ascii=False),
                        _owner_id(org, owner_ids),
                        org.notes,
                        now,
                        now,
                    )
                )

        columns = _columns(OrganizationAlias, ("organization", "name"))
        with cursor.copy(f"COPY {quote(alias_table)} ({columns}) FROM STDIN") as copy:
            for pk, org in zip(ids, batch, strict=True):
                for alias in org.aliases:
                    copy.write_row((pk, alias))
                    aliases += 1

        columns = _columns(OrganizationNameKey, ("organization", "key"))
        key_table = OrganizationNameKey._meta.db_table
        with cursor.copy(f"COPY {quote(key_table)} ({columns}) FROM STDIN") as copy:
            for pk, org in zip(ids, batch, strict=True):
                for key in fold_keys(org):
                    copy.write_row((pk, key))

        columns = _columns(Person, _PERSON_FIELDS)
        with cursor.copy(f"COPY {quote(person_table)} ({columns}) FROM STDIN") as copy:
            for pk, org in zip(ids, batch, strict=True):
                for person in org.people:
                    copy.write_row(
                        (
                            pk,
                            person.first_name,
                            person.last_name,
                            person.first_name_cyrillic,
                            person.last_name_cyrillic,
                            person.job_title,
                            person.email,
                            person.phone,
                            dumps(person.languages, ensure_ascii=False),
                            person.country,
                            now,
                            now,
                        )
                    )
                    people += 1
    return aliases, people


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load, so the first queries on a million
    rows do not run on the plan for an empty table."""
    if connection.vendor != "postgresql":
        return
    tables = (
        Organization._meta.db_table,
        OrganizationAlias._meta.db_table,
        OrganizationNameKey._meta.db_table,
        Person._meta.db_table,
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(table) for table in tables)}")
