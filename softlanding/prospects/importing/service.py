"""Importing organisations from a CSV or XLSX file: plan, check every row, match, write.

``plan(path)`` opens a file and says what an import would read: its header, the column
mapping (guessed from the header or given), and the first rows with each row's problems.

``run_import(run, path, mapping=..., by=...)`` imports it:

* **All or nothing.** Every row is read, checked, matched and written inside ONE database
  transaction. A crash, or a file error found at row 90,000 (a stray quote, a line in another
  encoding), rolls everything back: no organisation, key, tag or audit entry of the import
  stays. ``dry_run`` runs the very same path and rolls back at the end, so its counts are exact.
  On PostgreSQL imports take a transaction-level advisory lock, so two imports never race to
  create the same organisation.
* **Reading ahead.** ``rows.read_batches`` reads, checks and folds the rows, scores each as a
  new organisation and formats its COPY line, a batch or two ahead: in a thread, or for a
  large file in a separate process (a second core; see that module).
* **Matching, in batches.** Rows are taken ``BATCH_ROWS`` at a time. Per batch ONE query
  finds stored name keys equal to the rows' (``names.fold`` key, country) pairs (folds are
  cached, see ``rows.fold_key``), ONE finds organisations by
  website domain, and at most one more each loads the other names and the tags of the
  organisations found; never a query per row. A row is an existing active organisation when its
  name folds to the fold of that organisation's name or of one of its other names *and* the
  country is the same, or else when its website domain is the organisation's (shared hosts
  such as linkedin.com never match; among several with the site, the one known by the row's
  name, then one in the row's country). Rows of the same file that are one organisation collapse
  into it, within a batch through an index in memory, across batches because the earlier batch
  is already written in the same transaction. A row finds an organisation by the site it has at
  that row (one an earlier row replaced finds it no more), so where a batch ends changes no
  outcome.
* **What a matched row changes.** Nothing, when it brings nothing new: the row is "matched" and
  nothing is written. Otherwise the row is "updated": a value the file has replaces a different
  stored one (legal form, city, employees, founded; the website only when it points to another
  domain), lists (markets, specialities, tags) gain the new items, new notes are appended, and
  a name that differs from every name the organisation has (a domain match) becomes one of its
  other names. The name and the country are never changed. An empty cell never clears anything.
  A value one row of the file gave an organisation is never changed by a later row of the same
  file (the first row wins, field by field), so that importing the same file again finds every
  row "matched" and changes nothing.
* **Name keys.** ``names.search_keys`` (about 120 µs a name) is too slow for 20,000 rows/s, so
  an import stores the ``names.fold`` key of each new name (search finds the organisation by its
  exact fold at once, and later rows and imports match it) and, after commit, enqueues
  ``complete_name_keys_task`` batches that rebuild the full key set through
  ``services.rebuild_name_keys``.
* **Audit.** One ``AuditEntry`` per import, on the ``ImportRun``, with the counts and the range
  of new organisation ids; plus one ``organization.updated`` entry per updated organisation with
  its before/after values, written in bulk. Creating 100,000 audit rows would cost as much as
  the import; every created organisation carries ``import:<file name>`` in ``sources`` and the
  run's entry says who imported it and when.
* **Fit scores** are computed with ``scoring.fit_score`` and the current weights, exactly as
  ``services.score_of``, for every created or updated organisation.

A run without an ``ImportRun`` (the command line) records one, inside the same transaction, so
the import is listed and audited like one from the web page.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache, partial
from itertools import count, islice
from operator import attrgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Field
from django.db.models.functions import Lower
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from softlanding.core import audit
from softlanding.core.models import AuditEntry
from softlanding.prospects.enums import ImportStatus
from softlanding.prospects.importing.cells import neutralise_cell
from softlanding.prospects.importing.errors import ImportFileError, Message
from softlanding.prospects.importing.mapping import FIELD_SYNONYMS, guess_mapping
from softlanding.prospects.importing.readers import Table, open_table
from softlanding.prospects.importing.rows import (
    IMPORT_FIELDS,
    LIST_FIELDS,
    NEW_COLUMNS,
    ORG_FIELDS,
    REASONS,
    SCALAR_FIELDS,
    NewRows,
    Read,
    Record,
    RowReader,
    fold_key,
    norm_country,
    read_batches,
    values_of,
)
from softlanding.prospects.models import (
    ImportRun,
    Organization,
    OrganizationAlias,
    OrganizationNameKey,
    OrganizationTag,
    ScoringWeights,
    Tag,
)
from softlanding.prospects.services import rebuild_name_keys

if TYPE_CHECKING:
    from softlanding.accounts.models import User

logger = logging.getLogger(__name__)

__all__ = [
    "BATCH_ROWS",
    "IMPORT_FIELDS",
    "REASONS",
    "REQUIRED_FIELDS",
    "ImportSummary",
    "MappingError",
    "Plan",
    "PreviewRow",
    "check_mapping",
    "complete_name_keys",
    "country_code",
    "execute_import",
    "mapping_from_headers",
    "mapping_from_json",
    "mapping_to_json",
    "max_upload_bytes",
    "plan",
    "run_import",
    "start_import",
    "stored_file",
]

#: Rows checked, matched and written together: one name-key query and one domain query each.
BATCH_ROWS = 2000
#: Organisations per background task that completes their name keys.
KEY_TASK_BATCH = 5000
PREVIEW_ROWS = 20

REQUIRED_FIELDS = ("name", "country")

# Hosts many organisations share: a page there says nothing about which organisation it is.
SHARED_HOSTS = frozenset(
    {
        "linkedin.com",
        "facebook.com",
        "fb.com",
        "instagram.com",
        "twitter.com",
        "x.com",
        "t.me",
        "telegram.me",
        "vk.com",
        "ok.ru",
        "github.com",
        "gitlab.com",
        "bitbucket.org",
        "google.com",
        "sites.google.com",
        "youtube.com",
        "medium.com",
        "clutch.co",
        "crunchbase.com",
        "angel.co",
        "wellfound.com",
        "wixsite.com",
        "tilda.ws",
        "blogspot.com",
        "wordpress.com",
        "hh.ru",
        "rabota.by",
    }
)

# Country spellings django-countries doesn't know: short forms, old names, Russian habits.
COUNTRY_ALIASES: dict[str, str] = {
    "рб": "BY",
    "р беларусь": "BY",
    "республика беларусь": "BY",
    "republic of belarus": "BY",
    "белоруссия": "BY",
    "belorussia": "BY",
    "byelorussia": "BY",
    "рф": "RU",
    "российская федерация": "RU",
    "russian federation": "RU",
    "usa": "US",
    "u s a": "US",
    "us": "US",
    "united states": "US",
    "сша": "US",
    "америка": "US",
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "англия": "GB",
    "британия": "GB",
    "соединенное королевство": "GB",
    "uae": "AE",
    "оаэ": "AE",
    "эмираты": "AE",
    "czech republic": "CZ",
    "чешская республика": "CZ",
    "turkey": "TR",
    "korea": "KR",
    "republic of korea": "KR",
    "корея": "KR",
    "holland": "NL",
    "the netherlands": "NL",
    "голландия": "NL",
    "нидерланды": "NL",
    "kirgizia": "KG",
    "кыргызстан": "KG",
    "moldavia": "MD",
    "молдавия": "MD",
    "республика молдова": "MD",
    "казахстан рк": "KZ",
    "рк": "KZ",
    "republic of kazakhstan": "KZ",
    "республика казахстан": "KZ",
    "republic of uzbekistan": "UZ",
    "республика узбекистан": "UZ",
    "sakartvelo": "GE",
    "армения ра": "AM",
    "republic of armenia": "AM",
    "республика армения": "AM",
    "republic of poland": "PL",
    "германия фрг": "DE",
    "фрг": "DE",
    "deutschland": "DE",
    "polska": "PL",
    "lietuva": "LT",
    "latvija": "LV",
    "eesti": "EE",
    "україна": "UA",
    "беларусь рб": "BY",
    "srbija": "RS",
    "сербия": "RS",
    "cyprus republic": "CY",
}


# --- small helpers the pages and the command share -----------------------------------------


# The limits below are settings, set from SOFTLANDING_IMPORT_* (see settings.py, README).


def max_upload_bytes() -> int:
    """The largest file an import takes."""
    return int(settings.PROSPECTS_IMPORT_MAX_BYTES)


def reader_process_bytes() -> int:
    """Files at least this large are read in a separate process (``rows.read_batches``)."""
    return int(settings.PROSPECTS_IMPORT_READER_PROCESS_BYTES)


def inline_rows() -> int:
    """Files of at most this many rows import while the page waits; longer ones in the
    background."""
    return int(settings.PROSPECTS_IMPORT_INLINE_ROWS)


@cache
def _country_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for language in ("en", "ru"):
        with translation.override(language):
            for code, country_name in countries:
                index.setdefault(norm_country(str(country_name)), code)
    for code, _country_name in countries:
        index[code.casefold()] = code
        alpha3 = countries.alpha3(code)
        if alpha3:
            index.setdefault(alpha3.casefold(), code)
    for alias, code in COUNTRY_ALIASES.items():
        index[norm_country(alias)] = code
    return index


def country_code(value: str) -> str | None:
    """The ISO code for a country written as a code (BY, BLR) or a name in English or Russian
    ("Belarus", "Беларусь", "РБ", "Republic of Belarus"); None when it isn't recognised."""
    index = _country_index()
    text = value.strip()
    norm = norm_country(text)
    # Abbreviations written with dots ("Р.Б.", "U.S.A.") are the same letters run together.
    return index.get(text.casefold()) or index.get(norm) or index.get(norm.replace(" ", ""))


class MappingError(ValueError):
    """The column mapping can't be used: ``message`` says why, in the reader's language."""

    def __init__(self, template: str | Promise, **params: object) -> None:
        self.detail = Message(template, **params)
        super().__init__(template)

    @property
    def message(self) -> str:
        return str(self.detail)

    def __str__(self) -> str:
        return self.message


def import_synonyms() -> dict[str, list[str]]:
    """The header spellings of the fields an organisation import takes."""
    return {name: list(FIELD_SYNONYMS.get(name, [])) for name in IMPORT_FIELDS}


def check_mapping(mapping: Mapping[int, str], headers: Sequence[str]) -> dict[int, str]:
    """The mapping without skipped columns, or MappingError: unknown fields or columns, a field
    taken by two columns, or the name or country without a column."""
    checked: dict[int, str] = {}
    taken: dict[str, int] = {}
    for index, field_name in sorted(mapping.items()):
        if not field_name:
            continue
        if field_name not in IMPORT_FIELDS:
            raise MappingError(_("“%(field)s” is not a field an import fills."), field=field_name)
        if not 0 <= index < len(headers):
            raise MappingError(_("The file has no column %(column)d."), column=index + 1)
        if field_name in taken:
            raise MappingError(
                _("Two columns, “%(first)s” and “%(second)s”, are both mapped to %(field)s."),
                first=headers[taken[field_name]],
                second=headers[index],
                field=IMPORT_FIELDS[field_name],
            )
        taken[field_name] = index
        checked[index] = field_name
    missing = [str(IMPORT_FIELDS[name]) for name in REQUIRED_FIELDS if name not in taken]
    if missing:
        raise MappingError(
            _("Choose the column that holds: %(fields)s."), fields=", ".join(missing)
        )
    return checked


def mapping_from_headers(spec: Mapping[str, str], headers: Sequence[str]) -> dict[int, str]:
    """{column header: field} (the command's --mapping) as {column index: field}.

    A header is found as written, else ignoring case and surrounding spaces; a header that is
    missing, or that two columns share, is an error.
    """
    folded = [header.strip().casefold() for header in headers]
    mapping: dict[int, str] = {}
    for header, field_name in spec.items():
        exact = [i for i, h in enumerate(headers) if h == header]
        found = exact or [i for i, h in enumerate(folded) if h == header.strip().casefold()]
        if not found:
            raise MappingError(
                _("The file has no column “%(header)s”. Its columns are: %(headers)s."),
                header=header,
                headers=", ".join(f"“{h}”" for h in headers),
            )
        if len(found) > 1:
            raise MappingError(
                _("Several columns are called “%(header)s”; rename them in the file."),
                header=header,
            )
        mapping[found[0]] = field_name or ""
    return mapping


def mapping_to_json(mapping: Mapping[int, str]) -> dict[str, str]:
    return {str(index): field_name for index, field_name in sorted(mapping.items())}


def mapping_from_json(data: Mapping[str, str]) -> dict[int, str]:
    return {int(index): field_name for index, field_name in data.items() if field_name}


# --- the plan: what the mapping step shows --------------------------------------------------


@dataclass
class PreviewRow:
    number: int
    cells: list[str]
    problems: list[str]


@dataclass
class Plan:
    """What an import of the file would read, before anything is written."""

    headers: list[str]
    mapping: dict[int, str]
    guessed: bool
    preview: list[PreviewRow]
    notices: list[str]
    mapping_error: str | None
    kind: str
    encoding: str | None
    delimiter: str | None
    sheet_name: str | None


def _open(path: Path) -> Table:
    return open_table(Path(path), max_bytes=max_upload_bytes())


def plan(path: Path, mapping: Mapping[int, str] | None = None) -> Plan:
    """Open ``path`` (ImportFileError if it can't be read) and preview the first rows with the
    given mapping, or with one guessed from the header; each preview row lists its problems."""
    table = _open(path)
    guessed = mapping is None
    chosen = guess_mapping(table.headers, import_synonyms()) if mapping is None else dict(mapping)
    chosen = {i: f for i, f in chosen.items() if f}
    error: str | None = None
    try:
        check_mapping(chosen, table.headers)
    except MappingError as problem:
        error = problem.message
    reader = RowReader({i: f for i, f in chosen.items() if f in IMPORT_FIELDS}, _country_index())
    preview = []
    for number, cells in table.head(PREVIEW_ROWS):
        result = reader.read(number, cells)
        problems = [str(p) for p in result] if isinstance(result, list) else []
        preview.append(PreviewRow(number, cells[: len(table.headers)], problems))
    return Plan(
        headers=table.headers,
        mapping=chosen,
        guessed=guessed,
        preview=preview,
        notices=[str(notice) for notice in table.notices],
        mapping_error=error,
        kind=table.kind,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet_name=table.sheet_name,
    )


def count_rows(path: Path, *, limit: int) -> int:
    """The data rows of the file, counting no further than ``limit``."""
    rows = _open(path).rows()
    try:
        return sum(1 for _ in islice(rows, limit))
    finally:
        rows.close()


# --- the summary ----------------------------------------------------------------------------


@dataclass
class ImportSummary:
    rows: int = 0
    created: int = 0
    updated: int = 0
    matched: int = 0
    rejected: int = 0
    # Reason code → rows refused for it (a row with two problems counts under both).
    reasons: Counter[str] = field(default_factory=Counter)
    dry_run: bool = False
    import_run_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The summary the command prints: reasons as words in the active language."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "matched": self.matched,
            "rejected": self.rejected,
            "reasons": {str(REASONS[code]): count for code, count in self.reasons.most_common()},
        }

    def stored(self) -> dict[str, Any]:
        """As kept on the ImportRun: reasons by code, shown in the reader's language later."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "matched": self.matched,
            "rejected": self.rejected,
            "reasons": dict(self.reasons.most_common()),
        }


def reason_labels(reasons: Mapping[str, int]) -> list[tuple[str, int]]:
    """Stored reason codes as (words in the active language, rows)."""
    return [(str(REASONS.get(code, code)), count) for code, count in reasons.items()]


# --- organisations met while importing -----------------------------------------------------


class _Org:
    """An organisation a batch may match: a stored one, or one this batch is creating."""

    __slots__ = (
        "changes",
        "country",
        "created_here",
        "folds",
        "given",
        "line",
        "made",
        "new_aliases",
        "new_tags",
        "pk",
        "score",
        "tags",
        "values",
    )

    def __init__(
        self, pk: int | None, values: dict[str, Any], *, created_here: bool, made: int
    ) -> None:
        self.pk = pk
        self.made = made  # orders organisations by when they were made (see _first)
        self.values = values
        self.country = str(values["country"])
        self.created_here = created_here
        self.given: set[str] = set()  # fields a row of this file has given a value
        self.folds: set[str] = set()  # of the name and the other names loaded or added
        self.score = 0.0
        # A new organisation's COPY line as its row made it (``NewRows``); None once a later
        # row of the batch changed it.
        self.line: str | None = None
        self.changes: dict[str, list[Any]] = {}
        self.new_aliases: list[tuple[str, str]] = []  # (name, its fold)
        self.new_tags: list[str] = []
        self.tags: set[str] | None = None  # lower-cased names; None: not loaded


class _Made:
    """An organisation made by a row that no other row of its batch can be (its name and site
    are its own in the batch, and nothing stored has them): written as the row was read, with
    none of ``_Org``'s bookkeeping. Most rows of most files."""

    __slots__ = ("pk", "record")

    def __init__(self, record: Record) -> None:
        self.pk: int | None = None
        self.record = record


def _merge(org: _Org, record: Record) -> bool:
    """Apply what the row brings to the organisation; whether anything changed."""
    values = org.values
    changes = org.changes
    changed = False

    def put(field_name: str, value: Any) -> None:
        nonlocal changed
        old = values[field_name]
        if field_name not in changes:
            changes[field_name] = [old, value]
        else:
            changes[field_name][1] = value
        values[field_name] = value
        changed = True

    for field_name in SCALAR_FIELDS:
        new = getattr(record, field_name)
        if new in (None, ""):
            continue
        old = values[field_name]
        if old != new and (old in (None, "") or field_name not in org.given):
            put(field_name, new)
        org.given.add(field_name)
    if record.domain and record.domain != values["domain"]:
        # A page on a shared host (linkedin.com/company/…) never replaces the company's own site.
        replaceable = "domain" not in org.given and record.domain not in SHARED_HOSTS
        if not values["domain"] or replaceable:
            put("domain", record.domain)
            if record.website:
                put("website", record.website)
    elif record.website and not values["website"]:
        put("website", record.website)
    if record.domain:
        org.given.add("domain")
    for list_field in LIST_FIELDS:
        items: list[str] = getattr(record, list_field)
        if items:
            current = values[list_field] or []
            known = {item.casefold() for item in current}
            added = [item for item in items if item.casefold() not in known]
            if added:
                put(list_field, [*current, *added])
    if record.notes and record.notes not in (values["notes"] or ""):
        put("notes", f"{values['notes']}\n\n{record.notes}".strip())
    if record.tags and org.tags is not None:
        added = [tag for tag in record.tags if tag.casefold() not in org.tags]
        if added:
            org.tags.update(tag.casefold() for tag in added)
            org.new_tags.extend(added)
            changes.setdefault("tags", [[], []])[1].extend(added)
            changed = True
    if record.fold not in org.folds and record.name != values["name"]:
        org.folds.add(record.fold)
        org.new_aliases.append((record.name, record.fold))
        changes.setdefault("aliases", [[], []])[1].append(record.name)
        changed = True
    return changed


# --- writing --------------------------------------------------------------------------------


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model: Any, field_name: str) -> str:
    return _quote(model._meta.get_field(field_name).column)


class _Writer:
    """Inserts and updates for one import, by COPY on PostgreSQL and bulk_create elsewhere."""

    def __init__(self, *, by: User | None, as_new: NewRows) -> None:
        self.by = by if getattr(by, "is_authenticated", False) else None
        self.as_new = as_new
        self.copy = _set_based()
        self.content_type = ContentType.objects.get_for_model(Organization)
        self.tag_ids: dict[str, int] = {}
        # A tag the import makes is spelt as the first row that gives it spells it (rows of a
        # batch reach ``tags`` in another order: new organisations first).
        self.spelling: dict[str, str] = {}
        self.changes_table = False

    def create(self, orgs: list[_Org | _Made]) -> None:
        if not orgs:
            return
        if self.copy:
            self._create_by_copy(orgs)
        else:
            source = self.as_new.source
            created = Organization.objects.bulk_create(
                [
                    Organization(**{k: org.values[k] for k in ORG_FIELDS}, fit_score=org.score)
                    if isinstance(org, _Org)
                    else Organization(**values_of(org.record, source), fit_score=org.record.score)
                    for org in orgs
                ],
                batch_size=500,
            )
            for org, saved in zip(orgs, created, strict=True):
                org.pk = saved.pk

    def _create_by_copy(self, orgs: list[_Org | _Made]) -> None:
        table = Organization._meta.db_table
        line_of = self.as_new.line
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) AS id "
                "FROM generate_series(1, %s) ORDER BY id",
                [table, len(orgs)],
            )
            ids = [row[0] for row in cursor.fetchall()]
            columns = ", ".join(_column(Organization, name) for name in ("id", *NEW_COLUMNS))
            lines = []
            for pk, org in zip(ids, orgs, strict=True):
                org.pk = pk
                # The line its row made where it was read, unless a later row changed it.
                if isinstance(org, _Made):
                    lines.append(f"{pk}\t{org.record.line}")
                else:
                    lines.append(f"{pk}\t{org.line or line_of(org.values, org.score)}")
            with cursor.copy(f"COPY {_quote(table)} ({columns}) FROM STDIN") as copy:
                copy.write("".join(lines))

    def keys(self, pairs: list[tuple[int, str]], *, fresh: bool) -> None:
        """Name keys; ``fresh`` when every organisation is new (nothing can conflict)."""
        if not pairs:
            return
        if self.copy and fresh:
            table = OrganizationNameKey._meta.db_table
            columns = f"{_column(OrganizationNameKey, 'organization')}, {_column(OrganizationNameKey, 'key')}"
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY {_quote(table)} ({columns}) FROM STDIN") as copy,
            ):
                for pair in pairs:
                    copy.write_row(pair)
            return
        OrganizationNameKey.objects.bulk_create(
            [OrganizationNameKey(organization_id=pk, key=key) for pk, key in pairs],
            batch_size=2000,
            ignore_conflicts=not fresh,
        )

    def aliases(self, pairs: list[tuple[int, str]]) -> None:
        if pairs:
            OrganizationAlias.objects.bulk_create(
                [OrganizationAlias(organization_id=pk, name=name) for pk, name in pairs],
                batch_size=2000,
                ignore_conflicts=True,
            )

    def tags(self, pairs: list[tuple[int, str]]) -> None:
        """Link organisations to tags by name, making the tags that don't exist yet."""
        if not pairs:
            return
        wanted = {name.casefold(): self.spelling.get(name.casefold(), name) for _pk, name in pairs}
        missing = [key for key in wanted if key not in self.tag_ids]
        if missing:
            self._load_tags(missing)
            absent = [key for key in missing if key not in self.tag_ids]
            if absent:
                Tag.objects.bulk_create(
                    [Tag(name=wanted[key]) for key in absent], ignore_conflicts=True
                )
                self._load_tags(absent)
        OrganizationTag.objects.bulk_create(
            [
                OrganizationTag(organization_id=pk, tag_id=self.tag_ids[name.casefold()])
                for pk, name in pairs
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )

    def _load_tags(self, lowered: list[str]) -> None:
        for pk, name in (
            Tag.objects.annotate(lowered=Lower("name"))
            .filter(lowered__in=lowered)
            .values_list("pk", "name")
        ):
            self.tag_ids[name.casefold()] = pk

    def update(self, orgs: list[_Org], now: Any) -> None:
        """Write the changed organisations, with one audit entry each for what changed.

        On PostgreSQL the new values go by COPY into a temporary table, as the lines
        ``NewRows.line`` makes for a new organisation (its ``created_at`` is not applied),
        and one UPDATE … FROM applies them; elsewhere one prepared UPDATE runs for each
        (``executemany``). Django's bulk_update builds a CASE per field and row: seconds for a
        few thousand rows.
        """
        if not orgs:
            return
        table = _quote(Organization._meta.db_table)
        changed = [name for name in NEW_COLUMNS if name != "created_at"]
        if self.copy:
            with connection.cursor() as cursor:
                if not self.changes_table:
                    names_ = ", ".join(_column(Organization, name) for name in NEW_COLUMNS)
                    cursor.execute(
                        "CREATE TEMPORARY TABLE import_changes ON COMMIT DROP AS "  # noqa: S608
                        f"SELECT id, {names_} FROM {table} WITH NO DATA"
                    )
                    self.changes_table = True
                else:
                    cursor.execute("TRUNCATE import_changes")
                line_of = self.as_new.line
                with cursor.copy("COPY import_changes FROM STDIN") as copy:
                    copy.write(
                        "".join(f"{org.pk}\t{line_of(org.values, org.score, now)}" for org in orgs)
                    )
                assignments = ", ".join(
                    f"{column} = c.{column}"
                    for column in (_column(Organization, name) for name in changed)
                )
                cursor.execute(
                    f"UPDATE {table} AS o SET {assignments} "  # noqa: S608
                    "FROM import_changes AS c WHERE o.id = c.id"
                )
        else:
            fields = [
                f for name in changed if isinstance(f := Organization._meta.get_field(name), Field)
            ]
            # The connection itself: every attribute read through django.db.connection (a
            # proxy to the thread's connection) costs a lookup, 15 fields a row.
            db = connections[connection.alias]
            assignments = ", ".join(f"{_quote(f.column)} = %s" for f in fields)
            rows = []
            for org in orgs:
                values = {**org.values, "fit_score": org.score, "updated_at": now}
                rows.append([*(f.get_db_prep_save(values[f.name], db) for f in fields), org.pk])
            with connection.cursor() as cursor:
                cursor.executemany(
                    f"UPDATE {table} SET {assignments} WHERE id = %s",  # noqa: S608
                    rows,
                )
        self.history(orgs, now)

    def history(self, orgs: list[_Org], now: Any) -> None:
        """One ``organization.updated`` audit entry per organisation, with what changed.

        By COPY on PostgreSQL (a tenth of bulk_create's time), bulk_create elsewhere.
        """
        entries = [
            (
                str(org.pk),
                f"{org.values['name']} {org.values['legal_form']}".strip()[:300],
                org.changes,
            )
            for org in orgs
        ]
        if not self.copy:
            AuditEntry.objects.bulk_create(
                [
                    AuditEntry(
                        actor=self.by,
                        action="organization.updated",
                        content_type=self.content_type,
                        object_id=object_id,
                        object_repr=shown,
                        changes=changes,
                    )
                    for object_id, shown, changes in entries
                ],
                batch_size=1000,
            )
            return
        columns = ", ".join(
            _column(AuditEntry, name)
            for name in ("at", "actor", "action", "content_type", "object_id", "object_repr")
        )
        actor = self.by.pk if self.by is not None else None
        dumps = json.dumps
        with (
            connection.cursor() as cursor,
            cursor.copy(
                f"COPY {_quote(AuditEntry._meta.db_table)} ({columns}, "
                f"{_column(AuditEntry, 'changes')}) FROM STDIN"
            ) as copy,
        ):
            for object_id, shown, changes in entries:
                copy.write_row(
                    (
                        now,
                        actor,
                        "organization.updated",
                        self.content_type.pk,
                        object_id,
                        shown,
                        dumps(changes, ensure_ascii=False),
                    )
                )


# Joins a batch's texts into ONE query parameter on PostgreSQL (``string_to_array`` splits it):
# the client-side cursor quotes an array parameter item by item in Python, 20 µs an item.
# Folds, country codes and domains never hold this control character.
_UNIT = "\x1f"


def _texts(values: Iterable[str]) -> str:
    return _UNIT.join(values)


def _set_based() -> bool:
    """Whether this database takes the PostgreSQL path: COPY for every bulk write, and
    batches of keys sent as one text parameter to join against. Elsewhere (SQLite) the ORM's
    bulk_create and plain IN lists; both give the same outcomes (tested on PostgreSQL)."""
    return connection.vendor == "postgresql"


def _in(column: str, values: Iterable[str]) -> tuple[str, list[Any]]:
    """``column`` among ``values``: one text parameter on PostgreSQL, a list elsewhere."""
    values = list(values)
    if _set_based():
        return f"{column} = ANY(string_to_array(%s, E'\\x1f'))", [_texts(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


@lru_cache(maxsize=4096)
def _json_list(text: str) -> tuple[Any, ...]:
    """A stored JSON list; the same few lists of markets and specialities recur."""
    return tuple(json.loads(text) or ())


# --- the import -----------------------------------------------------------------------------


ProgressCallback = Callable[[int], None]


@dataclass
class _Outcome:
    row: int
    outcome: str
    org: _Org | _Made | None
    reason: str | None


# The organisations a batch makes come after every stored one, in the order made, as their
# ids will (a later batch reads them stored, ordered by id).
_MADE_HERE = 1 << 62


def _first(orgs: Iterable[_Org]) -> _Org | None:
    """The earliest made of several organisations a row could be. A batch's lists hold them in
    the order the batch met them, which depends on where batches end; this does not."""
    return min(orgs, key=attrgetter("made"), default=None)


def _fold(name: str, known: Mapping[str, str]) -> str:
    """A stored name's fold: the one its row brought if a row of the batch has that name (the
    reading process folded it; a file imported again: all of them), else ``fold_key``."""
    return known.get(name) or fold_key(name)


class _Importer:
    """Checks, matches and writes batch after batch, inside the caller's transaction."""

    def __init__(
        self,
        *,
        mapping: Mapping[int, str],
        by: User | None,
        source: str,
        headers: list[str],
        report: IO[str] | None,
        rejected: _NeutralWriter,
        summary: ImportSummary,
        dry_run: bool,
    ) -> None:
        self.dry_run = dry_run
        self.fields = set(mapping.values())
        self.source = source
        self.weights = ScoringWeights.current().weights
        self.today = date.today()
        self.now = timezone.now()
        # Rows are scored and formatted as new organisations where they are read.
        self.as_new = NewRows(source, self.now, self.weights, self.today)
        self.reader = RowReader(mapping, _country_index(), self.as_new)
        # The same data scores the same: the bounded cache spares most of fit_score's work.
        self._score = lru_cache(maxsize=65536)(self.as_new.score)
        self.writer = _Writer(by=by, as_new=self.as_new)
        self.summary = summary
        self.report = report
        self.rejected = rejected
        self.headers = headers
        # Organisation → the fields rows of this file gave it (see _merge: first row wins); the
        # tuple of the row that made it until another row meets it.
        self.given: dict[int, set[str] | tuple[str, ...]] = {}
        self.rekey: list[int] = []
        # Organisations a dry run made: rolled back, so its report names none of them.
        self.made_in_dry_run: set[int | None] = {None}
        self.made = count(_MADE_HERE)
        self.first_new: int | None = None
        self.last_new: int | None = None

    def score(self, org: _Org) -> float:
        v = org.values
        return self._score(
            v["employees"],
            tuple(v["markets"] or ()),
            tuple(v["specialities"] or ()),
            v["country"],
            v["founded"],
        )

    def process(self, rows: list[Read]) -> None:
        """Match and write one batch of rows read (and checked) by ``rows.read_batches``."""
        summary = self.summary
        outcomes: list[_Outcome] = []
        pending: list[tuple[Record, _Outcome]] = []
        spelling = self.writer.spelling
        for number, cells, result in rows:
            if isinstance(result, list):
                reason = "; ".join(str(problem) for problem in result)
                outcomes.append(_Outcome(number, "rejected", None, reason))
                summary.rejected += 1
                summary.reasons.update(problem.code for problem in result)
                self.rejected.writerow([str(number), reason, *cells])
            else:
                outcome = _Outcome(number, "", None, None)
                outcomes.append(outcome)
                pending.append((result, outcome))
                for tag in result.tags:
                    spelling.setdefault(tag.casefold(), tag)
        summary.rows += len(rows)

        by_name, by_domain = self._load([record for record, _outcome in pending])
        # A row whose name and site no other row of the batch has, and that matches nothing
        # stored, is a new organisation whatever the other rows do: written as read (_Made).
        folds = Counter(record.fold for record, _outcome in pending)
        domains = Counter(record.domain for record, _outcome in pending if record.domain)
        new: list[_Org | _Made] = []
        touched: dict[int, _Org] = {}
        for record, outcome in pending:
            org = self._find(record, by_name, by_domain)
            if (
                org is None
                and folds[record.fold] == 1
                and (not record.domain or domains[record.domain] == 1)
            ):
                made = _Made(record)
                new.append(made)
                outcome.outcome = "created"
                outcome.org = made
                summary.created += 1
                continue
            if org is None:
                org = _Org(
                    None,
                    values_of(record, self.source),
                    created_here=True,
                    made=next(self.made),
                )
                org.given = set(record.given)
                org.folds.add(record.fold)
                org.score, org.line = record.score, record.line
                org.tags = {tag.casefold() for tag in record.tags}
                org.new_tags = list(record.tags)
                new.append(org)
                by_name.setdefault((record.fold, record.country), []).append(org)
                if record.domain and record.domain not in SHARED_HOSTS:
                    by_domain.setdefault(record.domain, []).append(org)
                outcome.outcome = "created"
                summary.created += 1
            else:
                domain = org.values["domain"]
                changed = _merge(org, record)
                if changed and org.created_here:
                    org.line = None  # made by an earlier row of the batch: no longer as it was
                if org.values["domain"] != domain:
                    # Later rows of the batch find it by the site it has now, and no longer by
                    # the one it had, as later batches do (they read it as written).
                    if domain in by_domain and org in by_domain[domain]:
                        by_domain[domain].remove(org)
                    if org.values["domain"] not in SHARED_HOSTS:
                        by_domain.setdefault(org.values["domain"], []).append(org)
                if org.new_aliases and org.new_aliases[-1][0] is record.name:
                    # The row's name became one of the organisation's names: later rows of the
                    # batch find it by that name, as later batches and imports do by its key.
                    same_name = by_name.setdefault((record.fold, org.country), [])
                    if org not in same_name:
                        same_name.append(org)
                if org.pk is not None and not org.created_here:
                    touched[org.pk] = org
                if changed:
                    outcome.outcome = "updated"
                    summary.updated += 1
                else:
                    outcome.outcome = "matched"
                    summary.matched += 1
            outcome.org = org
        self._write(new, [org for org in touched.values() if org.changes])
        self._report(outcomes)

    def _load(
        self, records: list[Record]
    ) -> tuple[dict[tuple[str, str], list[_Org]], dict[str, list[_Org]]]:
        """The stored organisations the batch's rows may be: by (fold, country) and by domain."""
        orgs: dict[int, _Org] = {}
        folds = {record.fold for record in records}
        known = {record.name: record.fold for record in records}  # see _fold
        named: set[tuple[str, str]] = set()  # (fold, country) pairs a stored name has
        hits: dict[int, set[str]] = {}
        org_table = _quote(Organization._meta.db_table)
        columns = ", ".join(f"o.{_column(Organization, name)}" for name in ORG_FIELDS)
        with connection.cursor() as cursor:
            if folds:
                # One query for the batch: stored keys equal to a row's fold, in its country.
                pairs: set[tuple[str, str]] | None = None
                key_table = _quote(OrganizationNameKey._meta.db_table)
                if _set_based():
                    # The join pairs each key with its row's country: every row it returns is
                    # one of the batch's pairs (a pair twice costs a probe, not a set of them).
                    cursor.execute(
                        f"SELECT k.key, o.id, {columns} "  # noqa: S608
                        "FROM unnest(string_to_array(%s, E'\\x1f'), string_to_array(%s, E'\\x1f')) "
                        "AS p(key, country) "
                        f"JOIN {key_table} AS k ON k.key = p.key "
                        f"JOIN {org_table} AS o ON o.id = k.organization_id "
                        "AND o.country = p.country WHERE o.merged_into_id IS NULL",
                        [_texts(r.fold for r in records), _texts(r.country for r in records)],
                    )
                else:
                    pairs = {(record.fold, record.country) for record in records}
                    key_in, key_params = _in("k.key", folds)
                    country_in, country_params = _in("o.country", {r.country for r in records})
                    # CROSS JOIN: SQLite then starts from the keys, as asked. Without
                    # statistics it started from the organisations of the rows' countries,
                    # a scan of most of the registry per batch (3 s a batch at 10,000).
                    cursor.execute(
                        f"SELECT k.key, o.id, {columns} FROM {key_table} AS k "  # noqa: S608
                        f"CROSS JOIN {org_table} AS o WHERE o.id = k.organization_id "
                        f"AND {key_in} AND {country_in} AND o.merged_into_id IS NULL",
                        [*key_params, *country_params],
                    )
                country_at = ORG_FIELDS.index("country")
                for key, pk, *values in cursor.fetchall():
                    if pairs is not None and (key, str(values[country_at])) not in pairs:
                        continue
                    if pk not in orgs:
                        orgs[pk] = self._stored(pk, values, known)
                    hits.setdefault(pk, set()).add(key)
                    if key in orgs[pk].folds:
                        named.add((key, orgs[pk].country))
            # And one for the website domains of the other rows: a row whose name is a stored
            # organisation's name is that organisation, whatever its website (see _find).
            domains = {
                r.domain
                for r in records
                if r.domain and r.domain not in SHARED_HOSTS and (r.fold, r.country) not in named
            }
            if domains:
                domain_in, domain_params = _in("o.domain", domains)
                cursor.execute(
                    f"SELECT o.id, {columns} FROM {org_table} AS o "  # noqa: S608
                    f"WHERE {domain_in} AND o.merged_into_id IS NULL",
                    domain_params,
                )
                for pk, *values in cursor.fetchall():
                    if pk not in orgs:
                        orgs[pk] = self._stored(pk, values, known)
        # Other names: for a key hit that isn't the name's own fold, and for a domain match
        # whose name differs from the row's (it may be one of the other names).
        found_domains = {org.values["domain"] for org in orgs.values()}
        domain_folds: dict[str, set[str]] = {}
        for record in records:
            if record.domain and record.domain in found_domains:
                domain_folds.setdefault(record.domain, set()).add(record.fold)
        need_aliases = [
            pk
            for pk, org in orgs.items()
            if (hits.get(pk, set()) - org.folds)
            or (domain_folds.get(org.values["domain"], set()) - org.folds)
        ]
        if need_aliases:
            for pk, alias in OrganizationAlias.objects.filter(
                organization_id__in=need_aliases
            ).values_list("organization_id", "name"):
                orgs[pk].folds.add(_fold(alias, known))
        if "tags" in self.fields and orgs:
            for org in orgs.values():
                org.tags = set()
            for pk, tag in OrganizationTag.objects.filter(
                organization_id__in=list(orgs)
            ).values_list("organization_id", "tag__name"):
                tags = orgs[pk].tags
                if tags is not None:
                    tags.add(tag.casefold())
        by_name: dict[tuple[str, str], list[_Org]] = {}
        by_domain: dict[str, list[_Org]] = {}
        for pk in sorted(orgs):
            org = orgs[pk]
            for fold in org.folds:
                by_name.setdefault((fold, org.country), []).append(org)
            domain = org.values["domain"]
            if domain:
                by_domain.setdefault(domain, []).append(org)
        return by_name, by_domain

    def _stored(self, pk: int, values: Sequence[Any], known: Mapping[str, str]) -> _Org:
        data = dict(zip(ORG_FIELDS, values, strict=True))
        data["country"] = str(data["country"])
        for list_field in ("markets", "specialities", "sources"):
            value = data[list_field]
            data[list_field] = list((_json_list(value) if isinstance(value, str) else value) or [])
        org = _Org(pk, data, created_here=False, made=pk)
        given = self.given.get(pk, ())
        if not isinstance(given, set):
            given = self.given[pk] = set(given)
        org.given = given
        org.folds.add(_fold(data["name"], known))
        return org

    @staticmethod
    def _find(
        record: Record,
        by_name: dict[tuple[str, str], list[_Org]],
        by_domain: dict[str, list[_Org]],
    ) -> _Org | None:
        same_name = by_name.get((record.fold, record.country))
        if same_name:
            # Several may have the name (one as its other name): the one with the row's site,
            # else the first made.
            return (
                record.domain
                and _first(org for org in same_name if org.values["domain"] == record.domain)
            ) or _first(same_name)
        if record.domain and record.domain not in SHARED_HOSTS:
            same_site = by_domain.get(record.domain)
            if same_site:
                # Several organisations may have the site (an import gave one the domain of
                # another): the one known by the row's name first, so that the organisation
                # a row matched once (and then knows that name) is the one it matches again.
                return (
                    _first(org for org in same_site if record.fold in org.folds)
                    or _first(org for org in same_site if org.country == record.country)
                    or _first(same_site)
                )
        return None

    def _write(self, new: list[_Org | _Made], updated: list[_Org]) -> None:
        now = timezone.now()
        for org in new:
            if isinstance(org, _Org) and not org.line:
                org.score = self.score(org)
        writer = self.writer
        writer.create(new)
        keys: list[tuple[int, str]] = []
        aliases: list[tuple[int, str]] = []
        tags: list[tuple[int, str]] = []
        given = self.given
        for org in new:
            pk = org.pk
            assert pk is not None
            if isinstance(org, _Made):
                record = org.record
                keys.append((pk, record.fold))
                if record.tags:
                    tags.extend((pk, tag) for tag in record.tags)
                given[pk] = record.given
                continue
            for fold in org.folds:
                keys.append((pk, fold))
            aliases.extend((pk, alias) for alias, _fold in org.new_aliases)
            tags.extend((pk, tag) for tag in org.new_tags)
            given[pk] = org.given
        if new:
            ids = [org.pk for org in new if org.pk is not None]
            first, last = min(ids), max(ids)
            self.first_new = first if self.first_new is None else min(self.first_new, first)
            self.last_new = last if self.last_new is None else max(self.last_new, last)
            self.rekey.extend(ids)
            if self.dry_run:
                self.made_in_dry_run.update(ids)
        writer.keys(keys, fresh=True)
        keys = []
        for org in updated:
            assert org.pk is not None
            if self.source not in org.values["sources"]:
                org.values["sources"] = [*org.values["sources"], self.source]
            org.score = self.score(org)
            if org.new_aliases:
                aliases.extend((org.pk, alias) for alias, _fold in org.new_aliases)
                keys.extend((org.pk, fold) for _alias, fold in org.new_aliases)
                self.rekey.append(org.pk)
            tags.extend((org.pk, tag) for tag in org.new_tags)
        writer.update(updated, now)
        writer.aliases(aliases)
        writer.keys(keys, fresh=False)
        writer.tags(tags)
        for org in updated:
            org.changes = {}
            org.new_aliases = []
            org.new_tags = []

    def _report(self, outcomes: list[_Outcome]) -> None:
        if self.report is None:
            return
        write = self.report.write
        dumps = json.dumps
        for outcome in outcomes:
            org = outcome.org
            pk = None if org is None or org.pk in self.made_in_dry_run else org.pk
            write(
                dumps(
                    {
                        "row": outcome.row,
                        "outcome": outcome.outcome,
                        "organization": pk,
                        "reason": outcome.reason,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )


@contextmanager
def _scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="softlanding-import-") as folder:
        yield Path(folder)


def _lock_imports() -> None:
    """One import writes at a time, so two never create the same organisation (PostgreSQL)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [0x50524F53])  # "PROS"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as stream:
        while chunk := stream.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def run_import(
    run: ImportRun | None,
    path: Path,
    *,
    mapping: Mapping[int, str],
    by: User | None,
    dry_run: bool = False,
    report_path: Path | None = None,
    progress: ProgressCallback | None = None,
) -> ImportSummary:
    """Import the organisations in ``path``; all or nothing, in one transaction.

    ``mapping`` is {column index: field}. Raises ImportFileError when the file can't be read
    (at any row: nothing is written then) and MappingError for an unusable mapping. Every row
    ends "created", "updated", "matched" or "rejected" with its reasons; ``report_path``
    receives one JSON object a line for each (written only when the import completes).
    ``progress(rows_done)`` is called after each batch. ``dry_run`` does everything, then
    rolls it back. With ``run`` the run's summary, counts, status (done) and rejected-rows
    file are saved in the same transaction; without one (the command) a run is recorded.
    See the module docstring for matching, keys, audit and the transaction.
    """
    path = Path(path)
    table = _open(path)
    checked = check_mapping(mapping, table.headers)
    file_name = run.original_name if run is not None else path.name
    source = f"import:{file_name}"
    summary = ImportSummary(dry_run=dry_run)
    with _scratch() as folder:
        report_file = (folder / "report.jsonl").open("w", encoding="utf-8")
        rejected_file = (folder / "rejected.csv").open("w", encoding="utf-8-sig", newline="")
        with report_file, rejected_file:
            rejected = csv.writer(rejected_file)
            rejected.writerow(
                [
                    neutralise_cell(str(_("row"))),
                    neutralise_cell(str(_("reason"))),
                    *(neutralise_cell(h) for h in table.headers),
                ]
            )
            neutral = _NeutralWriter(rejected)
            with transaction.atomic():
                _lock_imports()
                if run is None and not dry_run:
                    run = ImportRun.objects.create(
                        original_name=file_name[:255],
                        sha256=_sha256(path),
                        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
                        status=ImportStatus.RUNNING,
                        mapping=mapping_to_json(checked),
                    )
                importer = _Importer(
                    mapping=checked,
                    by=by,
                    source=source,
                    headers=table.headers,
                    report=report_file if report_path is not None else None,
                    rejected=neutral,
                    summary=summary,
                    dry_run=dry_run,
                )
                batches = read_batches(
                    path,
                    importer.reader,
                    BATCH_ROWS,
                    max_bytes=max_upload_bytes(),
                    process=path.stat().st_size >= reader_process_bytes(),
                )
                for batch in batches:
                    importer.process(batch)
                    if progress is not None:
                        progress(summary.rows)
                rejected_file.flush()
                if dry_run:
                    transaction.set_rollback(True)
                else:
                    assert run is not None
                    summary.import_run_id = run.pk
                    _finish(run, importer, summary, by=by, rejected=folder / "rejected.csv")
        if report_path is not None:
            shutil.move(str(folder / "report.jsonl"), str(report_path))
    return summary


class _NeutralWriter:
    """A csv writer whose cells can't run as formulas in a spreadsheet."""

    def __init__(self, writer: Any) -> None:
        self.writer = writer

    def writerow(self, row: Iterable[str]) -> None:
        self.writer.writerow([neutralise_cell(cell) for cell in row])


def _finish(
    run: ImportRun, importer: _Importer, summary: ImportSummary, *, by: User | None, rejected: Path
) -> None:
    """Inside the import's transaction: the run's result, the audit entry, the key tasks.

    The run is done whatever state it was in: this commits with the data or not at all.
    """
    run.summary = summary.stored()
    run.rows_total = summary.rows
    run.rows_done = summary.rows
    run.status = ImportStatus.DONE
    run.error = ""
    run.finished_at = timezone.now()
    fields = ["summary", "rows_total", "rows_done", "status", "error", "finished_at"]
    if summary.rejected:
        with rejected.open("rb") as stream:
            stem = Path(run.original_name).stem[:60] or "import"
            run.report.save(f"{stem}-rejected.csv", File(stream), save=False)
        fields.append("report")
    run.save(update_fields=fields)
    audit.record(
        run,
        action="prospects.imported",
        by=by,
        changes={
            **summary.stored(),
            "file": run.original_name,
            "created_ids": [importer.first_new, importer.last_new]
            if importer.first_new is not None
            else None,
        },
    )
    ids = importer.rekey
    for start in range(0, len(ids), KEY_TASK_BATCH):
        chunk = ids[start : start + KEY_TASK_BATCH]
        transaction.on_commit(partial(_enqueue_key_task, chunk))
    if summary.created or summary.updated:
        # Exact spellings and shared websites were matched row by row above; near spellings
        # ("IdeaSoft Group", "ИдеяСофт") take the registry scan, queued after the key tasks.
        transaction.on_commit(_enqueue_duplicate_scan)


def _enqueue_duplicate_scan() -> None:
    from softlanding.prospects.tasks import scan_duplicates_task

    scan_duplicates_task.enqueue()


def _enqueue_key_task(organization_ids: list[int]) -> None:
    from softlanding.prospects.tasks import complete_name_keys_task

    complete_name_keys_task.enqueue(organization_ids)


def complete_name_keys(organization_ids: Sequence[int], *, batch_size: int = 500) -> int:
    """Give these organisations every search key (an import stored only the folds).

    Organisations merged away since are skipped: a merge removes their keys on purpose.
    """
    active = list(
        Organization.objects.active()
        .filter(pk__in=list(organization_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(active), batch_size):
        with transaction.atomic():
            rebuild_name_keys(active[start : start + batch_size])
    return len(active)


# --- runs from the page ---------------------------------------------------------------------

_TRANSITIONS: dict[str, set[str]] = {
    ImportStatus.UPLOADED: {ImportStatus.MAPPED},
    ImportStatus.MAPPED: {ImportStatus.MAPPED, ImportStatus.QUEUED, ImportStatus.RUNNING},
    ImportStatus.QUEUED: {ImportStatus.RUNNING, ImportStatus.FAILED},
    ImportStatus.RUNNING: {ImportStatus.DONE, ImportStatus.FAILED},
    ImportStatus.FAILED: {ImportStatus.MAPPED},
    ImportStatus.DONE: set(),
}


def _set_status(run: ImportRun, status: str, **fields: Any) -> None:
    if status not in _TRANSITIONS[run.status]:
        raise ValueError(f"an import can't go from {run.status} to {status}")
    run.status = status
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=["status", *fields])


@contextmanager
def stored_file(run: ImportRun) -> Iterator[Path]:
    """The run's uploaded file as a local path, copied out of storage when it isn't local."""
    storage = run.file.storage
    try:
        local = Path(storage.path(run.file.name))
    except NotImplementedError:
        local = None
    # InMemoryStorage (and others) answer path() with a name that isn't on disk.
    if local is not None and local.is_file():
        yield local
        return
    with _scratch() as folder:
        target = folder / "upload"
        with storage.open(run.file.name, "rb") as source, target.open("wb") as out:
            shutil.copyfileobj(source, out, 1024 * 1024)
        yield target


def store_upload(
    path: Path, *, original_name: str, by: User, mapping: Mapping[int, str]
) -> ImportRun:
    """Keep an uploaded file (already checked by ``plan``) privately, as a new ImportRun."""
    run = ImportRun(
        original_name=Path(original_name).name[:255] or "upload",
        sha256=_sha256(path),
        uploaded_by=by,
        mapping=mapping_to_json(mapping),
    )
    with Path(path).open("rb") as stream:
        run.file.save("upload", File(stream), save=False)
    run.save()
    return run


def start_import(run: ImportRun, *, mapping: Mapping[int, str], by: User) -> bool:
    """Save the mapping and import: at once for a small file, else as a background task.

    Returns True when the import ran while the caller waited (it may have failed: see the
    run's status and error). MappingError for an unusable mapping; a run that is already
    queued, running or done is left as it is (False).
    """
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status not in {ImportStatus.UPLOADED, ImportStatus.MAPPED, ImportStatus.FAILED}:
            return False
        with stored_file(run) as path:
            table = _open(path)
            checked = check_mapping(mapping, table.headers)
            _set_status(run, ImportStatus.MAPPED, mapping=mapping_to_json(checked), error="")
            try:
                small = count_rows(path, limit=inline_rows() + 1) <= inline_rows()
            except ImportFileError:
                small = True  # the import itself reports it, and nothing is written
        if not small:
            _set_status(run, ImportStatus.QUEUED, rows_done=0)
            transaction.on_commit(lambda: _enqueue_import(run.pk))
            return False
    execute_import(run.pk, reraise=False)
    return True


def _enqueue_import(run_id: int) -> None:
    from softlanding.prospects.tasks import run_import_task

    run_import_task.enqueue(run_id)


class _SideProgress:
    """Writes a run's progress over a second connection, so the page sees it before commit.

    Only on PostgreSQL: SQLite's single writer is busy with the import itself.
    """

    def __init__(self, run_id: int, *, every: float = 1.0) -> None:
        self.run_id = run_id
        self.every = every
        self.last = 0.0
        self.connection = (
            connections.create_connection(DEFAULT_DB_ALIAS)
            if connection.vendor == "postgresql"
            else None
        )

    def __call__(self, done: int) -> None:
        if self.connection is None or time.monotonic() - self.last < self.every:
            return
        self.last = time.monotonic()
        table = ImportRun._meta.db_table
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_quote(table)} SET rows_done = %s WHERE id = %s",  # noqa: S608
                [done, self.run_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def execute_import(run_id: int, *, reraise: bool = True) -> ImportSummary | None:
    """Run a mapped or queued import, recording running, done or failed on the run.

    The messages a failure leaves are in the uploader's language. A run in any other state is
    left alone (a task delivered twice does nothing the second time). An unexpected error
    fails the run and is raised again (logged only, with ``reraise=False``).
    """
    run = ImportRun.objects.select_related("uploaded_by").get(pk=run_id)
    if run.status not in {ImportStatus.MAPPED, ImportStatus.QUEUED}:
        return None
    _set_status(run, ImportStatus.RUNNING, rows_done=0)
    user = run.uploaded_by
    language = (user.language if user is not None else "") or settings.LANGUAGE_CODE
    progress = _SideProgress(run.pk)
    with translation.override(language):
        try:
            with stored_file(run) as path:
                return run_import(
                    run,
                    path,
                    mapping=mapping_from_json(run.mapping),
                    by=user,
                    progress=progress,
                )
        except (ImportFileError, MappingError) as error:
            _fail(run_id, error.message)
        except Exception:
            _fail(
                run_id,
                str(
                    _(
                        "The import stopped on an unexpected error. Nothing was written; try "
                        "again, and tell the administrator if it happens again."
                    )
                ),
            )
            if reraise:
                raise
            logger.exception("import %s failed", run_id)
        finally:
            progress.close()
    return None


def _fail(run_id: int, message: str) -> None:
    run = ImportRun.objects.get(pk=run_id)
    with suppress(ValueError):
        _set_status(run, ImportStatus.FAILED, error=message, finished_at=timezone.now())
