"""One row of an import file: read, checked and converted, with no database and no model.

``RowReader.read`` turns a row's cells into a ``Record`` or the row's ``Problem`` list.
``read_batches`` yields them batch after batch, read ahead of the import that writes them:
in a thread for a small file, in a separate process for a large one, so that reading,
decoding, checking and folding names (a third of an import's Python) runs on another core
instead of taking turns with the import's own work for the interpreter's lock. There a
row is also scored and formatted as the COPY line of a new organisation (``NewRows``): most
rows of most files make one.

Nothing here renders a translated text: a ``Problem`` or an ``ImportFileError`` made in the
reading process is rendered where it is shown, in the reader's language.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property, lru_cache
from itertools import islice
from operator import attrgetter
from pathlib import Path
from typing import Any, cast

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from softlanding.prospects import names
from softlanding.prospects.domains import domain_of
from softlanding.prospects.importing.errors import ImportFileError
from softlanding.prospects.importing.readers import Table, open_table
from softlanding.prospects.scoring import fit_score

logger = logging.getLogger(__name__)

# What a column can hold, in the order the mapping form offers them.
IMPORT_FIELDS: dict[str, Promise] = {
    "name": _("Name"),
    "legal_form": _("Legal form"),
    "country": _("Country"),
    "city": _("City"),
    "website": _("Website"),
    "domain": _("Domain"),
    "employees": _("Employees"),
    "founded": _("Year founded"),
    "markets": _("Markets served"),
    "specialities": _("Specialities and stack"),
    "tags": _("Tags"),
    "notes": _("Notes"),
}
LIST_FIELDS = ("markets", "specialities")
# The single values a row gives an organisation, first row first (see service._merge).
SCALAR_FIELDS = ("legal_form", "city", "employees", "founded")
_GIVEN = (*SCALAR_FIELDS, "domain")
MAX_LENGTHS = {
    "name": 300,
    "legal_form": 40,
    "city": 120,
    "website": 300,
    "domain": 253,
}
TAG_MAX = 60
KEY_MAX = 300  # OrganizationNameKey.key's max_length: no model here (a test holds them equal)

# Why a row is refused: a short reason for counts, shown with the value in the report.
REASONS: dict[str, Promise] = {
    "name_missing": _("the name is empty"),
    "name_no_letters": _("the name has no letters or digits"),
    "country_missing": _("the country is empty"),
    "country_unknown": _("the country is not recognised"),
    "website_invalid": _("the website is not a web address"),
    "domain_invalid": _("the domain is not a domain name"),
    "employees_invalid": _("the number of employees is not a whole number"),
    "founded_invalid": _("the year founded is not a year"),
    "too_long": _("a value is too long"),
    "tag_too_long": _("a tag is longer than 60 characters"),
}


_COUNTRY_NOISE = re.compile(r"[\W_]+")
_LIST_SPLIT = re.compile(r"\s*[,;|\n]\s*")
_WHOLE = re.compile(r"\d{1,3}(?:[ \u00a0\u202f,.']\d{3})+|\d+")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d)")
# A host name: ASCII or internationalised (сайт.рф), at least one dot.
_DOMAIN = re.compile(r"(?=.{1,253}$)(?!-)[\w-]{1,63}(?:\.[\w-]{1,63})+")
# The common website spellings, parsed without urllib: [http[s]://][www.]host[:port][/path].
_SIMPLE_URL = re.compile(
    r"(?:(https?)://)?(?:www\.)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]*)"
    r"\.?(?::\d{1,5})?(?:[/?#]\S*)?",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s")


@lru_cache(maxsize=65536)
def fold_key(name: str) -> str:
    """``names.fold`` of a name, cut to the key's length; the last 65,536 names are kept.

    A name costs about 20 µs to fold and an import meets most names twice (the row, then the
    stored organisation it matches; a file imported again meets them all again), so the
    cache is bounded, not per import: memory stays flat whatever the file's size.
    """
    return names.fold(name)[:KEY_MAX]


def norm_country(text: str) -> str:
    return _COUNTRY_NOISE.sub(" ", text.casefold().replace("ё", "е")).strip()


# --- reading one row ------------------------------------------------------------------------


@dataclass(slots=True)
class Problem:
    """Why a row is refused: a code of REASONS, the value at fault, the field it is in
    (named when shown, in the reader's language)."""

    code: str
    value: str = ""
    field: str = ""

    def __str__(self) -> str:
        reason = str(REASONS[self.code])
        value = f"{IMPORT_FIELDS[self.field]}, {self.value}" if self.field else self.value
        if not value:
            return reason
        shown = value if len(value) <= 80 else value[:79] + "…"
        return str(_("%(reason)s: “%(value)s”") % {"reason": reason, "value": shown})


class Record:
    """One row's values, checked and converted."""

    __slots__ = (
        "city",
        "country",
        "domain",
        "employees",
        "fold",
        "founded",
        "given",
        "legal_form",
        "line",
        "markets",
        "name",
        "notes",
        "number",
        "score",
        "specialities",
        "tags",
        "website",
    )

    def __init__(self, number: int) -> None:
        self.number = number
        self.name = ""
        self.fold = ""
        self.country = ""
        self.legal_form = ""
        self.city = ""
        self.website = ""
        self.domain = ""
        self.employees: int | None = None
        self.founded: int | None = None
        # Tuples: the same few lists recur, one object each (_split_list), never changed.
        self.markets: tuple[str, ...] = ()
        self.specialities: tuple[str, ...] = ()
        self.tags: tuple[str, ...] = ()
        self.notes = ""
        # As a new organisation (``NewRows``): its fit score and its COPY line, without the id.
        self.score = 0.0
        self.line = ""
        # The fields the row gives a value (an import's first row wins them, see _merge).
        self.given: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # Batches cross from the reading process pickled: as the slots' values in a tuple a
        # record unpickles in half the time of the default (a dict of state per record), on
        # the import's own thread, ~8 µs a row.
        return _record, _slot_values(self)


_slot_values = attrgetter(*Record.__slots__)


def _record(*values: Any) -> Record:
    record = Record.__new__(Record)
    (
        record.city,
        record.country,
        record.domain,
        record.employees,
        record.fold,
        record.founded,
        record.given,
        record.legal_form,
        record.line,
        record.markets,
        record.name,
        record.notes,
        record.number,
        record.score,
        record.specialities,
        record.tags,
        record.website,
    ) = values
    return record


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value: object) -> str:
    """A value as PostgreSQL's COPY text format takes it."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        # Most values need no escape: isprintable() is false for a tab, a newline or a carriage
        # return, and a twentieth of translate's time (which copies every value it is given).
        if value.isprintable() and "\\" not in value:
            return value
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class NewRows:
    """How a row is written when it makes a new organisation (most rows of most files): its
    fit score and its COPY line, worked out where the row is read, off the import's thread.
    On PostgreSQL every organisation an import makes was made at its ``now``."""

    source: str
    now: datetime
    weights: Mapping[str, Any]
    today: date

    def score(
        self,
        employees: int | None,
        markets: Sequence[str],
        specialities: Sequence[str],
        country: str,
        founded: int | None,
    ) -> float:
        return fit_score(
            employees=employees,
            markets=markets,
            specialities=specialities,
            country=country,
            founded=founded,
            weights=self.weights,
            today=self.today,
        )

    def line(self, values: Mapping[str, Any], score: float, at: datetime | None = None) -> str:
        """The COPY line of an organisation's ``NEW_COLUMNS`` (its id goes before it), made
        and changed at ``at`` (the import's ``now`` if not given)."""
        text = copy_text
        when = self._now_text if at is None else at.isoformat()
        return (
            "\t".join(
                (
                    text(values["name"]),
                    text(values["legal_form"]),
                    values["country"],
                    text(values["city"]),
                    text(values["website"]),
                    text(values["domain"]),
                    text(values["employees"]),
                    text(values["founded"]),
                    _json_text(tuple(values["markets"])),
                    _json_text(tuple(values["specialities"])),
                    text(values["notes"]),
                    _json_text(tuple(values["sources"])),
                    repr(score),
                    when,
                    when,
                )
            )
            + "\n"
        )

    @cached_property
    def _now_text(self) -> str:
        return self.now.isoformat()

    def fill(self, record: Record, score: Callable[..., float] | None = None) -> None:
        """Score the record and make its line; ``score``: this ``score``, cached by the caller."""
        record.score = (score or self.score)(
            record.employees,
            record.markets,
            record.specialities,
            record.country,
            record.founded,
        )
        values = values_of(record, self.source)
        record.line = self.line(values, record.score)


def values_of(record: Record, source: str) -> dict[str, Any]:
    """The values of the organisation a record makes (``ORG_FIELDS``)."""
    return {
        "name": record.name,
        "legal_form": record.legal_form,
        "country": record.country,
        "city": record.city,
        "website": record.website,
        "domain": record.domain,
        "employees": record.employees,
        "founded": record.founded,
        # Tuples, shared between records with the same list: _merge makes new lists.
        "markets": record.markets,
        "specialities": record.specialities,
        "notes": record.notes,
        "sources": [source],
    }


#: An organisation's values an import reads (for a matched one) and writes.
ORG_FIELDS = (
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
    "notes",
    "sources",
)
#: The columns of ``NewRows.line``, after the id.
NEW_COLUMNS = (*ORG_FIELDS, "fit_score", "created_at", "updated_at")


@lru_cache(maxsize=4096)
def _json_text(items: tuple[Any, ...]) -> str:
    """A list as JSON in COPY text: the same few lists of markets and stacks recur."""
    return copy_text(json.dumps(list(items), ensure_ascii=False))


@lru_cache(maxsize=4096)
def _split_list(text: str) -> tuple[str, ...]:
    """A cell's list; the same few lists ("US, EU") recur, so they are split once and shared
    (pickled once a batch, too)."""
    text = text.strip()
    if ";" in text or "|" in text or "\n" in text:
        items = _LIST_SPLIT.split(text)
    else:  # the usual "a, b, c": str.split is a fifth of the expression's time
        items = [item.strip() for item in text.split(",")]
    return tuple(dict.fromkeys(item for item in items if item))


def _whole_number(text: str) -> int | None:
    """120, "1 200", "1,200", "120.0", "50-249" (the lower bound), "500+"; None if not one."""
    text = text.strip().rstrip("+").strip()
    match = _WHOLE.match(text)
    if match is None:
        return None
    rest = text[match.end() :].strip()
    if rest and not (re.fullmatch(r"[.,]0+", rest) or re.match(r"^[-–—]\s*\d", rest)):
        return None
    return int(re.sub(r"\D", "", match.group()))


def _year(text: str) -> int | None:
    text = text.strip()
    if text.isdigit() or re.fullmatch(r"\d{4}[.,]0+", text):
        value = int(text[:4]) if len(text) > 4 else int(text)
    else:
        # A date: 2004-05-01, 01.05.2004, 2004-05-01 09:30:00.
        found = _YEAR.findall(text)
        if len(found) != 1 or re.search(r"[^\d\s./:-]", text):
            return None
        value = int(found[0])
    return value if 1800 <= value <= date.today().year else None


def _website(text: str) -> tuple[str, str] | None:
    """(website as stored, its domain), or None when it doesn't name a host.

    The domain is what ``domains.domain_of`` gives; the usual spellings take a regular
    expression, the rest (user names, Cyrillic hosts) the slower urllib path.
    """
    text = text.strip()
    simple = _SIMPLE_URL.fullmatch(text)
    if simple is not None:
        return (text if simple.group(1) else f"https://{text}"), simple.group(2).lower()
    if _SPACE.search(text):
        return None
    scheme, sep, _rest = text.partition("://")
    if sep and scheme.lower() not in {"http", "https"}:
        return None
    try:
        host = domain_of(text)
    except ValueError:
        return None
    if not _DOMAIN.fullmatch(host):
        return None
    website = text if sep else f"https://{text}"
    return website, host


class RowReader:
    """Turns a row's cells into a Record, or a list of the row's problems.

    Pure Python, no database, no translation: an import runs it ahead of the writes, in a
    thread or another process. ``countries`` is the index ``service.country_code`` reads
    (spellings → ISO codes), made where Django's translations are at hand.
    """

    def __init__(
        self,
        mapping: Mapping[int, str],
        countries: Mapping[str, str],
        as_new: NewRows | None = None,
    ) -> None:
        self.mapping = dict(mapping)
        self.as_new = as_new
        columns = {field_name: index for index, field_name in mapping.items()}
        self.width = max(columns.values(), default=-1) + 1
        self.name = columns.get("name")
        self.country = columns.get("country")
        self.texts: list[tuple[str, int]] = [
            (field_name, columns[field_name])
            for field_name in ("legal_form", "city", "notes")
            if field_name in columns
        ]
        self.website = columns.get("website")
        self.domain = columns.get("domain")
        self.employees = columns.get("employees")
        self.founded = columns.get("founded")
        self.lists: list[tuple[str, int]] = [
            (field_name, columns[field_name])
            for field_name in (*LIST_FIELDS, "tags")
            if field_name in columns
        ]
        self.countries = countries
        self.fold = fold_key
        # Rows of a file share sizes, markets and stacks: most scores are worked out once.
        self.score = None if as_new is None else lru_cache(maxsize=65536)(as_new.score)

    def read(self, number: int, cells: Sequence[str]) -> Record | list[Problem]:
        if len(cells) < self.width:
            cells = [*cells, *([""] * (self.width - len(cells)))]
        problems: list[Problem] = []
        record = Record(number)
        name = "" if self.name is None else cells[self.name]
        if "  " in name or "\n" in name or "\t" in name:
            name = " ".join(name.split())
        if not name:
            problems.append(Problem("name_missing"))
        else:
            record.name = name
            record.fold = self.fold(name)
            if not record.fold:
                problems.append(Problem("name_no_letters", name))
        country = "" if self.country is None else cells[self.country]
        if not country:
            problems.append(Problem("country_missing"))
        else:
            code = self.countries.get(country.casefold()) or self.countries.get(
                norm_country(country)
            )
            if code is None:
                problems.append(Problem("country_unknown", country))
            else:
                record.country = code
        for field_name, index in self.texts:
            setattr(record, field_name, cells[index])
        if self.website is not None and (website := cells[self.website]):
            parsed = _website(website)
            if parsed is None:
                problems.append(Problem("website_invalid", website))
            else:
                record.website, record.domain = parsed
        if self.domain is not None and (domain := cells[self.domain]):
            parsed = _website(domain)
            if parsed is None:
                problems.append(Problem("domain_invalid", domain))
            else:
                record.domain = parsed[1]
        if self.employees is not None and (employees := cells[self.employees]):
            record.employees = _whole_number(employees)
            if record.employees is None or record.employees > 10_000_000:
                record.employees = None
                problems.append(Problem("employees_invalid", employees))
        if self.founded is not None and (founded := cells[self.founded]):
            record.founded = _year(founded)
            if record.founded is None:
                problems.append(Problem("founded_invalid", founded))
        for field_name, index in self.lists:
            if text := cells[index]:
                setattr(record, field_name, _split_list(text))
        if record.tags and any(len(tag) > TAG_MAX for tag in record.tags):
            problems.append(Problem("tag_too_long"))
        for field_name, limit in MAX_LENGTHS.items():
            value = getattr(record, field_name)
            if len(value) > limit:
                problems.append(Problem("too_long", f"{len(value)} > {limit}", field_name))
        if problems:
            return problems
        record.given = tuple(name for name in _GIVEN if getattr(record, name) not in (None, ""))
        if self.as_new is not None:
            self.as_new.fill(record, self.score)
        return record


# (row number, the row's cells when it is refused (else none), the record or its problems).
Read = tuple[int, list[str], "Record | list[Problem]"]
_STOP = object()


def _checked(table: Table, reader: RowReader, size: int) -> Iterator[list[Read]]:
    rows = table.rows()
    try:
        while chunk := list(islice(rows, size)):
            batch: list[Read] = []
            for number, cells in chunk:
                result = reader.read(number, cells)
                batch.append((number, cells if isinstance(result, list) else [], result))
            yield batch
    finally:
        rows.close()


def read_batches(
    path: Path, reader: RowReader, size: int, *, max_bytes: int, process: bool
) -> Iterator[list[Read]]:
    """Batches of ``size`` rows of the file, each (row number, cells if refused, record or
    problems), read and checked ahead of the caller, in another process when ``process``.

    A file error met at any row is raised here, in the batch's place; closing the generator
    early stops the reading.
    """
    if process and sys.executable:
        return _read_in_process(path, reader, size, max_bytes=max_bytes)
    return _read_in_thread(open_table(path, max_bytes=max_bytes), reader, size)


def _read_in_thread(
    table: Table, reader: RowReader, size: int, depth: int = 2
) -> Iterator[list[Read]]:
    batches: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                batches.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def work() -> None:
        try:
            for batch in _checked(table, reader, size):
                if stop.is_set():
                    return
                put(batch)
            put(_STOP)
        except BaseException as error:  # handed to the caller, who raises it
            put(error)

    thread = threading.Thread(target=work, name="import-reader", daemon=True)
    thread.start()
    try:
        while True:
            item = batches.get()
            if item is _STOP:
                return
            if isinstance(item, BaseException):
                raise item
            yield cast("list[Read]", item)
    finally:
        stop.set()
        thread.join()


def _read_in_process(
    path: Path, reader: RowReader, size: int, *, max_bytes: int
) -> Iterator[list[Read]]:
    # A fresh interpreter running this module's _reading_process, whatever threads and
    # connections this process holds and whatever script started it; it imports no model.
    # The pipe holds about one batch, so the reader stays a batch or two ahead at most and
    # memory stays flat. Pickle crosses only this private pipe between two of our processes.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        worker = subprocess.Popen(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-c", f"from {__name__} import _reading_process; _reading_process()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=environment,
        )
    except OSError as error:
        logger.warning(
            "the import's reading process could not start (%s): reading in a thread", error
        )
        yield from _read_in_thread(open_table(path, max_bytes=max_bytes), reader, size)
        return
    assert worker.stdin is not None
    assert worker.stdout is not None
    stdout = worker.stdout
    # Batches are unpickled by a thread of this process, ahead of the import: the import's
    # thread would otherwise spend a tenth of its time unpickling, while its database waits.
    # The thread hands on what it loaded, or the error that stopped it (("item"|"error", x)).
    loaded: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=2)
    stop = threading.Event()

    def put(entry: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                loaded.put(entry, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def load() -> None:
        while True:
            try:
                item = pickle.load(stdout)  # noqa: S301 - written by our own child
            except BaseException as error:  # EOF or a torn batch: the import says which
                put(("error", error))
                return
            if not put(("item", item)) or item is None or isinstance(item, BaseException):
                return

    loader = threading.Thread(target=load, name="import-unpickler", daemon=True)
    received = False
    try:
        try:
            with worker.stdin:
                pickle.dump(
                    (
                        str(path),
                        max_bytes,
                        reader.mapping,
                        dict(reader.countries),
                        reader.as_new,
                        size,
                    ),
                    worker.stdin,
                )
        except BrokenPipeError:
            pass  # it has ended already: what it left says how, below
        loader.start()
        while True:
            kind, item = loaded.get()
            if kind == "error":
                if not isinstance(item, EOFError | pickle.UnpicklingError):
                    raise item
                # It ended, perhaps mid-batch.
                if worker.poll() is None:
                    worker.kill()
                exit_code = worker.wait(5)
                if not received:
                    # It never ran (an interpreter that can't run us, say, under an embedding
                    # server): read in a thread instead, as for a small file.
                    logger.warning(
                        "the import's reading process ended before its first batch (exit code "
                        "%s): reading in a thread",
                        exit_code,
                    )
                    break
                raise ImportFileError(
                    _(
                        "Reading the file stopped unexpectedly (the reading process ended with "
                        "code %(exit_code)s). Nothing was written; try again."
                    ),
                    code="reader_stopped",
                    exit_code=exit_code,
                ) from None
            received = True
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield cast("list[Read]", item)
    finally:
        # Killed first: the loading thread then meets the pipe's end, if it waits on it.
        if worker.poll() is None:
            worker.kill()
        stop.set()
        if loader.is_alive():
            loader.join()
        stdout.close()
        worker.wait(5)
    yield from _read_in_thread(open_table(path, max_bytes=max_bytes), reader, size)


# What the reading process asks of its pipe to the import (Linux caps it at
# /proc/sys/fs/pipe-max-size, 1 MiB by default; a larger ask is refused and the default kept).
_PIPE_BYTES = 1 << 20


def _reading_process() -> None:
    """The reading process: batches down stdout, then None, or the error that stopped it."""
    out = sys.stdout.buffer
    try:
        path, max_bytes, mapping, countries, as_new, size = pickle.load(sys.stdin.buffer)  # noqa: S301 - from the import that started us
        table = open_table(Path(path), max_bytes=max_bytes)
        # A pipe holding a whole batch (~0.9 MB of 2,000 rows) lets this process write it and
        # go on reading while the import takes it; at the default 64 KB both wait on each
        # other's every 64 KB. Linux only: elsewhere the pipe stays as it is (slower, no worse).
        with suppress(ImportError, OSError, AttributeError):
            import fcntl

            fcntl.fcntl(out.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        for batch in _checked(table, RowReader(mapping, countries, as_new), size):
            # Pickled whole first: pickled into the pipe, the import would wait on the pickling.
            out.write(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
            out.flush()
        pickle.dump(None, out)
    except BrokenPipeError:  # the import stopped reading: nothing to tell it
        return
    except Exception as error:
        try:
            pickle.dump(error, out)
        except Exception:
            pickle.dump(RuntimeError(f"{type(error).__name__}: {error}"), out)
    out.flush()
