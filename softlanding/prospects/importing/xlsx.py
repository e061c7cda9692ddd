"""A streaming reader for the first sheet of an XLSX workbook: cached values only, never formulas.

openpyxl's read-only mode reads 4,000–9,000 rows/s of ten columns (it parses the whole sheet
once just to find its size when the <dimension> element is missing), far below the 20,000 rows/s
an import needs. This reader cuts the sheet XML into batches of whole <row> elements and lets the
C XML parser build each batch with no Python callback per element: about three times faster, in
memory bounded by one batch plus the workbook's shared strings. See bench/import_readers.py.

Safety, checked before any XML is parsed:
- zip bombs: the declared uncompressed sizes (which zipfile enforces while reading) and the
  compression ratio of every part are bounded, and so is the number of parts;
- XML bombs and external entities: any part with a DOCTYPE is refused, and batches are parsed
  without one, so no entity can be defined;
- formulas are never evaluated: only the value Excel cached when it saved (<v>) is read, and a
  formula without one reads as empty; external-link parts are never opened.
"""

from __future__ import annotations

import gc
import math
import posixpath
import re
import zipfile
import zlib
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, fromstring

from django.utils.translation import gettext_lazy as _

from softlanding.prospects.importing.errors import ImportFileError, Message

# A real workbook's parts compress 5–30 times; a zip bomb's compress hundreds of times.
MAX_COMPRESSION_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024  # small parts (styles, themes) may compress better, harmlessly
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024
MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024  # kept in memory while the sheet is read
MAX_SMALL_PART_BYTES = 32 * 1024 * 1024  # workbook, relationships, styles: parsed whole
MAX_PARTS = 10_000
MAX_ROW_XML_BYTES = 16 * 1024 * 1024  # one <row> element
CHUNK_BYTES = 1024 * 1024
EXCEL_MAX_COLUMNS = 16_384

_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_ERROR_VALUES = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"}
)
# Built-in number formats that show dates or times (14–22, 45–47) and the East Asian date formats.
_BUILTIN_DATE_FORMATS = frozenset({*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59)})
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DATE_TOKENS = re.compile(r"[dmyhs]", re.IGNORECASE)
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_XMLNS = re.compile(rb"""\sxmlns(?::([\w.-]+))?\s*=\s*("[^"]*"|'[^']*')""")
_DOCTYPE = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_LETTERS = re.compile(r"[A-Za-z]+")


def damaged_workbook() -> ImportFileError:
    return ImportFileError(
        _(
            "The workbook is damaged or was saved in a way that can't be read. Open it in Excel or "
            "LibreOffice, save it again as .xlsx, and upload it again."
        ),
        code="damaged",
    )


def _bomb() -> ImportFileError:
    return ImportFileError(
        _(
            "The workbook unpacks to far more data than a spreadsheet of its size should, so it was "
            "not opened. Save it again as .xlsx or CSV and upload it again."
        ),
        code="zip_bomb",
    )


@dataclass
class _Styles:
    is_date: list[bool] = field(default_factory=list)

    def date_styles(self) -> frozenset[str]:
        """The `s` attribute values of cells that hold dates, as written in the sheet."""
        return frozenset(str(index) for index, is_date in enumerate(self.is_date) if is_date)


def is_date_format(code: str) -> bool:
    """Whether a number format code shows a date or a time (Excel's own test, simplified)."""
    # Literal text, escapes, colours, locales and padding can hold any letter; only tokens count.
    return bool(_DATE_TOKENS.search(_FORMAT_NOISE.sub("", code)))


class XlsxReader:
    """One workbook on disk; `records()` streams its first worksheet afresh each time it is called."""

    def __init__(self, path: Path, *, max_columns: int) -> None:
        self.path = path
        self.max_columns = max_columns
        self.notices: list[Message] = []
        with self._open() as archive:
            self._names = self._check_archive(archive)
            self._sheet_path, self.sheet_name, self._strings_path, self._styles_path, sheets = (
                self._locate(archive)
            )
        if sheets > 1:
            self.notices.append(
                Message(
                    _(
                        "The workbook has %(count)d sheets; only the first one, “%(name)s”, was read."
                    ),
                    count=sheets,
                    name=self.sheet_name,
                )
            )
        if any(name.startswith("xl/externallinks/") for name in self._names):
            self.notices.append(
                Message(
                    _(
                        "The workbook links to other files. The links were not followed: cells "
                        "show the values saved in this file."
                    )
                )
            )

    def _open(self) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, ValueError, EOFError) as error:
            raise damaged_workbook() from error

    @staticmethod
    def _check_archive(archive: zipfile.ZipFile) -> dict[str, str]:
        """Refuse zip bombs from the central directory alone; map lower-cased names to real ones."""
        infos = archive.infolist()
        if len(infos) > MAX_PARTS:
            raise _bomb()
        total = 0
        for info in infos:
            total += info.file_size
            if info.flag_bits & 0x1:
                raise damaged_workbook()
            if info.file_size > RATIO_CHECKED_FROM and info.file_size > MAX_COMPRESSION_RATIO * max(
                info.compress_size, 1
            ):
                raise _bomb()
        if total > MAX_UNCOMPRESSED_BYTES:
            raise _bomb()
        return {info.filename.lower(): info.filename for info in infos}

    def _read_small(self, archive: zipfile.ZipFile, name: str) -> Element:
        real = self._names.get(name.lower())
        if real is None:
            raise damaged_workbook()
        info = archive.getinfo(real)
        if info.file_size > MAX_SMALL_PART_BYTES:
            raise _bomb()
        data = _read_member(archive, real)
        if _DOCTYPE.search(data):
            raise _unsafe()
        try:
            return fromstring(data)  # noqa: S314 -- DOCTYPE refused above: no entities, no XXE
        except ParseError as error:
            raise damaged_workbook() from error

    def _locate(self, archive: zipfile.ZipFile) -> tuple[str, str, str | None, str | None, int]:
        workbook = self._read_small(archive, "xl/workbook.xml")
        rels = self._read_small(archive, "xl/_rels/workbook.xml.rels")
        targets: dict[str, tuple[str, str]] = {}
        strings_path = styles_path = None
        for rel in rels:
            target, kind = rel.get("Target", ""), rel.get("Type", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            path = _resolve("xl/workbook.xml", target)
            targets[rel.get("Id", "")] = (path, kind)
            if kind.endswith("/sharedStrings"):
                strings_path = path
            elif kind.endswith("/styles"):
                styles_path = path
        self._date1904 = False
        sheets: list[tuple[str, str, bool]] = []
        for element in workbook.iter():
            local = _local(element.tag)
            if local == "workbookPr":
                self._date1904 = element.get("date1904", "").lower() in {"1", "true"}
            elif local == "sheet":
                rel_id = next((element.get(f"{{{ns}}}id") for ns in _REL_NS), None) or ""
                if rel_id not in targets:
                    rel_id = next(
                        (v for k, v in element.attrib.items() if k.endswith("}id")), rel_id
                    )
                path, kind = targets.get(rel_id, ("", ""))
                if kind.endswith("/worksheet") and path.lower() in self._names:
                    visible = element.get("state", "visible") == "visible"
                    sheets.append((path, element.get("name", ""), visible))
        if not sheets:
            raise ImportFileError(
                _("The workbook has no worksheet with data. Put the table on the first sheet."),
                code="empty",
            )
        path, name, _visible = next((s for s in sheets if s[2]), sheets[0])
        return path, name, strings_path, styles_path, len(sheets)

    def _styles(self, archive: zipfile.ZipFile) -> _Styles:
        if self._styles_path is None or self._styles_path.lower() not in self._names:
            return _Styles()
        root = self._read_small(archive, self._styles_path)
        formats: dict[int, str] = {}
        is_date: list[bool] = []
        for element in root:
            local = _local(element.tag)
            if local == "numFmts":
                for fmt in element:
                    try:
                        formats[int(fmt.get("numFmtId", ""))] = fmt.get("formatCode", "")
                    except ValueError:
                        continue
            elif local == "cellXfs":
                for xf in element:
                    try:
                        number_format = int(xf.get("numFmtId", "0"))
                    except ValueError:
                        number_format = 0
                    code = formats.get(number_format)
                    is_date.append(
                        is_date_format(code)
                        if code is not None
                        else number_format in _BUILTIN_DATE_FORMATS
                    )
        return _Styles(is_date)

    def _shared_strings(self, archive: zipfile.ZipFile) -> list[str]:
        if self._strings_path is None or self._strings_path.lower() not in self._names:
            return []
        real = self._names[self._strings_path.lower()]
        if archive.getinfo(real).file_size > MAX_SHARED_STRINGS_BYTES:
            raise _bomb()
        strings: list[str] = []
        with archive.open(real) as stream:
            for document in _iter_documents(stream, b"sst", b"si"):
                with _gc_paused():
                    for item in _parse(document):
                        # Stripped once here rather than for every cell that refers to it.
                        text = _rich_text(item).strip()
                        strings.append("" if text in _ERROR_VALUES else text)
        return strings

    def records(self) -> Generator[tuple[int, list[str]], None, None]:
        """(sheet row number, stripped cell values) for every row the sheet stores, in order."""
        with self._open() as archive:
            self._check_archive(archive)
            try:
                styles = self._styles(archive)
                strings = self._shared_strings(archive)
                with archive.open(self._names[self._sheet_path.lower()]) as stream:
                    yield from self._rows(stream, styles, strings)
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
                # A bad checksum, a part cut short, or a compression method zipfile lacks.
                raise damaged_workbook() from error

    def _rows(
        self, stream: IO[bytes], styles: _Styles, strings: list[str]
    ) -> Iterator[tuple[int, list[str]]]:
        sheet = _Sheet(
            strings=strings,
            date_styles=styles.date_styles(),
            date1904=self._date1904,
            max_columns=self.max_columns,
        )
        for document in _iter_documents(stream, b"sheetData", b"row"):
            batch: list[tuple[int, list[str]]] = []
            failure: ImportFileError | None = None
            # Element trees are garbage by the next batch; letting the cyclic collector scan
            # them while they are built and walked costs a third of the reading time.
            with _gc_paused():
                try:
                    sheet.convert(_parse(document), batch)
                except ImportFileError as error:
                    failure = error  # the rows before the bad one still come first
            yield from batch
            if failure is not None:
                raise failure


class _Sheet:
    """Turns batches of <row> elements into rows of strings; state carries across batches."""

    def __init__(
        self, *, strings: list[str], date_styles: frozenset[str], date1904: bool, max_columns: int
    ) -> None:
        self.strings = strings
        self.date_styles = date_styles
        self.date1904 = date1904
        self.max_columns = max_columns
        self.number = 0
        self.tags: tuple[str, str, str, str, str] | None = None
        self.columns: dict[str, int] = {}
        self.numbers: dict[str, str] = {}
        self.dates: dict[str, str] = {}

    def convert(self, batch: Element, out: list[tuple[int, list[str]]]) -> None:
        # The hot loop of an import: locals only, one dict lookup per cell reference, numbers
        # and dates converted once per distinct value.
        if self.tags is None and len(batch):
            tag = batch[0].tag
            ns = tag[: tag.index("}") + 1] if tag.startswith("{") else ""
            self.tags = (f"{ns}row", f"{ns}c", f"{ns}v", f"{ns}is", f"{ns}t")
        if self.tags is None:
            return
        row_tag, cell_tag, value_tag, inline_tag, text_tag = self.tags
        strings, date_styles, date1904 = self.strings, self.date_styles, self.date1904
        columns, numbers, dates = self.columns, self.numbers, self.dates
        limit = min(self.max_columns, EXCEL_MAX_COLUMNS)
        if len(numbers) + len(dates) > 100_000:
            numbers.clear()
            dates.clear()
        for row in batch:
            if row.tag != row_tag:
                continue
            ref = row.get("r")
            try:
                self.number = number = int(ref) if ref else self.number + 1
            except ValueError as error:
                raise damaged_workbook() from error
            cells: list[str] = []
            next_column = 0
            for cell in row:
                if cell.tag != cell_tag:
                    continue
                get = cell.get
                ref = get("r")
                if ref:
                    letters = ref.rstrip("0123456789")
                    column = columns.get(letters)
                    if column is None:
                        column = columns[letters] = _column_index(letters)
                else:
                    column = next_column  # references may be left out
                next_column = column + 1
                kind = get("t")
                if kind == "inlineStr":
                    inline = cell.find(inline_tag)
                    if inline is None:
                        value = ""
                    elif len(inline) == 1 and inline[0].tag == text_tag:
                        value = _unescape(inline[0].text or "").strip()
                    else:
                        value = _rich_text(inline).strip()
                else:
                    element = cell.find(value_tag)
                    text = element.text if element is not None else None
                    if not text:
                        value = ""
                    elif kind == "s":
                        try:
                            value = strings[int(text)]
                        except (ValueError, IndexError) as error:
                            raise damaged_workbook() from error
                    elif kind is None or kind == "n":
                        if get("s") in date_styles:
                            value = dates.get(text) or dates.setdefault(
                                text, _excel_date(text, date1904)
                            )
                        else:
                            value = numbers.get(text) or numbers.setdefault(text, _number(text))
                    elif kind == "b":
                        value = "TRUE" if text.strip() in {"1", "true"} else "FALSE"
                    elif kind == "str":  # a formula's cached text
                        value = "" if text in _ERROR_VALUES else text.strip()
                    elif kind == "d":
                        value = text.strip().removesuffix("T00:00:00").replace("T", " ")
                    else:  # "e": a formula's cached error
                        value = ""
                width = len(cells)
                if column >= width:
                    if not value:
                        continue  # formatted but empty cells, as far right as Excel allows
                    if column >= limit:
                        raise too_many_columns(number, self.max_columns)
                    if column > width:
                        cells.extend([""] * (column - width))
                    cells.append(value)
                else:
                    cells[column] = value
            out.append((number, cells))


def too_many_columns(row: int, limit: int) -> ImportFileError:
    return ImportFileError(
        _(
            "Row %(row)d has more than %(limit)d columns. Delete the columns you don't need, or "
            "check that the file really is a table of companies."
        ),
        code="too_many_columns",
        row=row,
        limit=limit,
    )


def _unsafe() -> ImportFileError:
    return ImportFileError(
        _(
            "The workbook contains XML declarations that spreadsheets never use, so it was not "
            "opened. Save it again from Excel or LibreOffice as .xlsx and upload it again."
        ),
        code="unsafe",
    )


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, EOFError, NotImplementedError, OSError) as error:
        raise damaged_workbook() from error


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _column_index(letters: str) -> int:
    """0-based column of a cell reference's letters ("A" → 0, "AB" → 27)."""
    if not _LETTERS.fullmatch(letters) or len(letters) > 3:
        raise damaged_workbook()
    index = 0
    for letter in letters.upper():
        index = index * 26 + ord(letter) - 64
    return index - 1


def _rich_text(element: Element) -> str:
    """The text of a shared or inline string: plain, or runs of formatted text; no phonetic hints."""
    children = list(element)
    if len(children) == 1 and _local(children[0].tag) == "t":
        text = children[0].text or ""
    else:
        parts: list[str] = []
        for child in children:
            local = _local(child.tag)
            if local == "t":
                parts.append(child.text or "")
            elif local == "r":
                parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
        text = "".join(parts)
    return _unescape(text)


def _unescape(text: str) -> str:
    if "_x" in text:
        # OOXML writes control characters as _xHHHH_ (and a literal "_x" as _x005F_x).
        text = _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _number(text: str) -> str:
    """Excel's stored number as a person would type it: 42, not 42.0; 0.1, not 0.1000000000000001."""
    if text.isdigit():
        return text.lstrip("0") or "0"
    try:
        value = float(text)
    except ValueError:
        return text
    if not math.isfinite(value):
        return text
    value = float(f"{value:.15g}")  # Excel shows 15 significant digits
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _excel_date(text: str, date1904: bool) -> str:
    """A date-formatted serial as ISO 8601: 2024-05-01, 2024-05-01 09:30:00, or 09:30:00."""
    try:
        serial = float(text)
    except ValueError:
        return text
    if not math.isfinite(serial) or not 0 <= serial < 2_958_466:  # beyond 9999-12-31
        return _number(text)
    days = math.floor(serial)
    seconds = round((serial - days) * 86_400)
    if seconds == 86_400:
        days, seconds = days + 1, 0
    if date1904:
        epoch = datetime(1904, 1, 1)
    elif days < 60:
        epoch = datetime(1899, 12, 31)  # before Lotus' phantom 1900-02-29
    else:
        epoch = datetime(1899, 12, 30)
    if days == 0 and not date1904:
        return (datetime.min + timedelta(seconds=seconds)).time().isoformat()
    moment = epoch + timedelta(days=days, seconds=seconds)
    if seconds == 0:
        return moment.date().isoformat()
    return moment.isoformat(sep=" ")


@contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse(document: bytes) -> Element:
    try:
        # The wrapper is ours and has no DOCTYPE, so no entity can be declared.
        return fromstring(document)  # noqa: S314
    except ParseError as error:
        raise damaged_workbook() from error


def _iter_documents(stream: IO[bytes], container: bytes, item: bytes) -> Iterator[bytes]:
    """The children of the first <container> element, as XML documents of whole <item>s.

    The part is cut after the last complete </item> in each chunk; a closing tag can't occur in
    text (it would be written &lt;/item>). Each batch is wrapped in an element carrying the
    part's namespace declarations and handed to the C parser, which builds it with no Python
    callback per element — this is what makes the reader fast.
    """
    buffer = b""
    pattern = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?" + container + rb"\b[^>]*?(/?)>")
    while True:
        match = pattern.search(buffer)
        if match:
            break
        chunk = stream.read(CHUNK_BYTES)
        if not chunk or len(buffer) > MAX_ROW_XML_BYTES:
            raise damaged_workbook()
        buffer += chunk
    preamble = buffer[: match.end()]
    if _DOCTYPE.search(preamble):
        raise _unsafe()
    declarations = {prefix: value for prefix, value in _XMLNS.findall(preamble)}
    if not match.group(1):
        # Unprefixed elements then parse with bare tags ("c", not "{…/main}c"): a quarter faster,
        # as the parser needn't build a qualified name for every element.
        declarations.pop(b"", None)
    wrapper_open = (
        b"<_batch"
        + b"".join(
            (b" xmlns:" + prefix if prefix else b" xmlns") + b"=" + value
            for prefix, value in declarations.items()
        )
        + b">"
    )
    if match.group(2):  # <sheetData/>: an empty sheet
        return
    prefix = match.group(1) + b":" if match.group(1) else b""
    close_item = b"</" + prefix + item + b">"
    close_container = b"</" + prefix + container + b">"
    buffer = buffer[match.end() :]
    while True:
        end = buffer.find(close_container)
        if end >= 0:
            body, buffer, final = buffer[:end], b"", True
        else:
            cut = buffer.rfind(close_item)
            cut = 0 if cut < 0 else cut + len(close_item)
            body, buffer, final = buffer[:cut], buffer[cut:], False
        if body.strip():
            yield wrapper_open + body + b"</_batch>"
        if final:
            return
        if len(buffer) > MAX_ROW_XML_BYTES:
            raise damaged_workbook()
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            raise damaged_workbook()
        buffer += chunk
