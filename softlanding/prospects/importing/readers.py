"""Open an uploaded CSV or XLSX file as a table of strings, streaming, and refuse bad files clearly.

What a file is comes from its content, never its name: a zip holding [Content_Types].xml and
xl/workbook.xml is a workbook; anything else must read as text. Rows are numbered as a
spreadsheet program numbers them (the header is usually row 1), so a message about "row 5312"
points where the person will look. A problem found part-way (a stray quote, a line in another
encoding) raises ImportFileError from `Table.rows()` naming that row: read every row before
writing anything, or write in one transaction.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Generator, Iterator
from itertools import islice
from pathlib import Path
from typing import Literal

from django.utils.translation import gettext_lazy as _

from softlanding.prospects.importing.errors import ImportFileError, Message
from softlanding.prospects.importing.xlsx import XlsxReader, damaged_workbook, too_many_columns

Kind = Literal["csv", "xlsx"]
Rows = Generator[tuple[int, list[str]], None, None]
Records = Callable[[], Rows]

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
SNIFF_BYTES = 256 * 1024
MAX_FIELD_CHARS = 100_000  # a longer value is a quote that never closed, not a company's notes
MAX_LINES_PER_ROW = 500  # likewise for a quoted value running over this many lines
MAX_LINE_CHARS = 4 * 1024 * 1024
DELIMITERS = (",", ";", "\t")

_SURROGATE = re.compile("[\udc80-\udcff]")  # bytes the codec couldn't decode, kept as escapes
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_LATIN = re.compile("[A-Za-z]")

# Files people rename to .csv: what they are, to say so.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"%PDF", "pdf"),
    (b"PK", "zip"),
    (b"\x1f\x8b", "archive"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf", "archive"),
    (b"{\\rtf", "document"),
)


class _BadLine(Exception):
    """A physical line that can't be trusted; turned into an ImportFileError naming its row."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class Table:
    """A file opened for import: its header and a way to stream its data rows, again and again."""

    def __init__(
        self,
        *,
        kind: Kind,
        headers: list[str],
        header_row: int,
        records: Records,
        max_columns: int,
        max_rows: int,
        encoding: str | None = None,
        delimiter: str | None = None,
        sheet_name: str | None = None,
        notices: list[Message] | None = None,
    ) -> None:
        self.kind: Kind = kind
        self.headers = headers
        self.header_row = header_row
        self.encoding = encoding
        self.delimiter = delimiter
        self.sheet_name = sheet_name
        self.notices: list[Message] = notices or []
        self._records = records
        self._max_columns = max_columns
        self._max_rows = max_rows

    def rows(self) -> Rows:
        """(row number, values) for each non-empty row below the header, read from the file anew.

        Values are stripped strings, at least as many as there are headers; a row is longer only
        when it has values to the right of the last header. Raises ImportFileError naming the
        row for a row that can't be read, or one past `max_rows`.
        """
        width = len(self.headers)
        count = 0
        for number, cells in self._records():
            if number <= self.header_row:
                continue
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if len(cells) > self._max_columns:
                raise too_many_columns(number, self._max_columns)
            count += 1
            if count > self._max_rows:
                raise ImportFileError(
                    _(
                        "The file has more than %(limit)d rows, the most one import takes. Split "
                        "it into smaller files and import them one after another."
                    ),
                    code="too_many_rows",
                    row=number,
                    limit=self._max_rows,
                )
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield number, cells

    def head(self, limit: int = 20) -> list[tuple[int, list[str]]]:
        """The first rows, for a preview; the file is closed before this returns."""
        rows = self.rows()
        try:
            return list(islice(rows, limit))
        finally:
            rows.close()


def open_table(
    path: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_columns: int = 200,
    max_rows: int = 2_000_000,
) -> Table:
    """Sniff, check and open a CSV or XLSX file; raise ImportFileError with a message if it can't be.

    Reads the header and looks for a first data row; the rest is read lazily by `Table.rows()`.
    """
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise _empty()
    if size > max_bytes:
        raise ImportFileError(
            _(
                "The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller files, "
                "or remove columns you don't need, and upload them one by one."
            ),
            code="too_large",
            size=_megabytes(size),
            limit=_megabytes(max_bytes),
        )
    with path.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04") and _is_workbook(path):
        reader = XlsxReader(path, max_columns=max_columns)
        header_row, headers = _find_header(reader.records, max_columns)
        return Table(
            kind="xlsx",
            headers=headers,
            header_row=header_row,
            records=reader.records,
            max_columns=max_columns,
            max_rows=max_rows,
            sheet_name=reader.sheet_name,
            notices=reader.notices,
        )
    _refuse_known_binary(head)
    encoding = _detect_encoding(path, head)
    sample = _decode_sample(head, encoding, complete=size <= len(head))
    _refuse_non_table_text(sample)
    delimiter = detect_delimiter(sample)

    def records() -> Rows:
        return _csv_records(path, encoding, delimiter)

    header_row, headers = _find_header(records, max_columns)
    return Table(
        kind="csv",
        headers=headers,
        header_row=header_row,
        records=records,
        max_columns=max_columns,
        max_rows=max_rows,
        encoding=encoding,
        delimiter=delimiter,
    )


def _find_header(records: Records, max_columns: int) -> tuple[int, list[str]]:
    """Find the header (the first non-empty row) and make sure at least one data row follows."""
    stream = records()
    try:
        header: tuple[int, list[str]] | None = None
        for number, cells in stream:
            while cells and not cells[-1]:
                cells.pop()
            if not cells:
                continue
            if len(cells) > max_columns:
                raise too_many_columns(number, max_columns)
            if header is None:
                header = (number, cells)
                continue
            break
        else:
            if header is None:
                raise _empty()
            raise ImportFileError(
                _(
                    "The file has a header row but no rows of data below it. Add the companies "
                    "under the header and upload it again."
                ),
                code="header_only",
            )
    finally:
        stream.close()
    return header


def _empty() -> ImportFileError:
    return ImportFileError(
        _("The file is empty. Choose the file that holds the table and upload it again."),
        code="empty",
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f}" if size >= 10 * 1024 * 1024 else f"{size / 1024 / 1024:.1f}"


def _not_a_table(what: str | None = None) -> ImportFileError:
    messages = {
        "xls": _(
            "This is an old Excel .xls file or a password-protected workbook. Open it in Excel, "
            "remove any password, save it as .xlsx or CSV, and upload it again."
        ),
        "ods": _(
            "This is an OpenDocument spreadsheet. Save it as .xlsx or CSV and upload it again."
        ),
        "markup": _(
            "This is a web page or an XML file, not a table. Open it in Excel or LibreOffice, "
            "save it as .xlsx or CSV, and upload it again."
        ),
    }
    return ImportFileError(
        messages.get(
            what or "",
            _(
                "This file is not a CSV or XLSX table (it looks like %(what)s). Export the table "
                "from your spreadsheet program as .xlsx or CSV and upload that."
            ),
        ),
        code="not_a_table",
        what=_KIND_NAMES.get(what or "", _KIND_NAMES["binary"]),
    )


_KIND_NAMES = {
    "image": _("an image"),
    "pdf": _("a PDF document"),
    "zip": _("a ZIP archive"),
    "archive": _("a compressed archive"),
    "document": _("a text document"),
    "word": _("a Word document"),
    "binary": _("binary data"),
}


def _is_workbook(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            names = {name.lower() for name in archive.namelist()}
            if "[content_types].xml" in names and "xl/workbook.xml" in names:
                return True
            if "mimetype" in names and "content.xml" in names:
                raise _not_a_table("ods")
            if "word/document.xml" in names:
                raise _not_a_table("word")
    except (zipfile.BadZipFile, ValueError, EOFError) as error:
        # Starts like a zip but doesn't open as one: most likely a workbook cut short in upload.
        raise damaged_workbook() from error
    raise _not_a_table("zip")


def _refuse_known_binary(head: bytes) -> None:
    for signature, what in _SIGNATURES:
        if head.startswith(signature):
            raise _not_a_table(what)
    boms = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
    if b"\x00" in head and not head.startswith(boms):
        raise _not_a_table("binary")


def _detect_encoding(path: Path, head: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with a BOM, or Windows-1251; else refuse.

    The first stretch of the file holding non-ASCII text decides: strict UTF-8 if it decodes,
    UTF-8 also when most of it decodes (the odd lines in another encoding are then reported by
    row), Windows-1251 when it reads as Cyrillic text. Lines in the other encoding are caught
    row by row later, so a mixed file never turns into mojibake.
    """
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = head
    if sample.isascii():
        # A big file can start with thousands of ASCII rows; look on until non-ASCII bytes show.
        with path.open("rb") as stream:
            stream.seek(len(head))
            while sample.isascii():
                sample = stream.read(SNIFF_BYTES)
                if not sample:
                    return "utf-8"
    text = codecs.getincrementaldecoder("utf-8")("surrogateescape").decode(sample, final=False)
    undecodable = len(_SURROGATE.findall(text))
    if undecodable == 0 or len(_NON_ASCII.findall(text)) >= undecodable:
        return "utf-8"
    if _looks_like_cyrillic(sample.decode("cp1251", errors="replace")):
        return "cp1251"
    raise ImportFileError(
        _(
            "The file's text encoding can't be recognised: only UTF-8 and Windows-1251 are read. "
            "Save the file as “CSV UTF-8” and upload it again."
        ),
        code="encoding",
    )


def _looks_like_cyrillic(text: str) -> bool:
    """Whether 8-bit text decoded as Windows-1251 reads as Russian, Belarusian or Ukrainian.

    Any byte decodes to some Cyrillic letter, so the test is how words look: Western European
    text read this way puts single Cyrillic letters inside Latin words ("Mьller").
    """
    if text.count("\ufffd") > len(text) // 1000 + 1:
        return False
    cyrillic_words = mixed_words = 0
    for word in _WORD.findall(text):
        if _CYRILLIC.search(word):
            cyrillic_words += 1
            if _LATIN.search(word):
                mixed_words += 1
    return cyrillic_words > 0 and mixed_words * 4 <= cyrillic_words


def _decode_sample(head: bytes, encoding: str, *, complete: bool) -> str:
    errors = "strict" if encoding.startswith("utf-16") or encoding == "utf-32" else "replace"
    try:
        return codecs.getincrementaldecoder(encoding)(errors).decode(head, final=complete)
    except UnicodeDecodeError as error:
        raise _not_a_table("binary") from error


def _refuse_non_table_text(sample: str) -> None:
    if not sample.strip():
        raise _empty()
    if len(_CONTROL.findall(sample)) > len(sample) // 100:
        raise _not_a_table("binary")
    start = sample.lstrip()[:1024].lower()
    if start.startswith(("<?xml", "<!doctype", "<html", "<table")) or "<html" in start:
        raise _not_a_table("markup")


def detect_delimiter(sample: str) -> str:
    """The delimiter among , ; and tab, from the header line with the rows below as tie-break.

    csv.Sniffer guesses from character frequencies and is often wrong on short or quoted
    samples; a header line rarely has commas inside names, so counting outside quotes is
    reliable, and the rows below settle a header like "Name;Country, region;City".
    """
    lines = [line for line in sample.splitlines() if line.strip()]
    if not lines:
        return ","
    header_counts = _count_outside_quotes(lines[0])
    candidates = [d for d in DELIMITERS if header_counts[d]]
    if len(candidates) <= 1:
        return candidates[0] if candidates else ","
    body = "\n".join(lines[:50])

    def score(delimiter: str) -> tuple[float, int]:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(body), delimiter=delimiter) if r]
        except csv.Error:
            return (0.0, header_counts[delimiter])
        consistent = sum(1 for w in widths[1:] if w == widths[0]) / max(len(widths) - 1, 1)
        return (consistent, header_counts[delimiter])

    return max(candidates, key=score)


def _count_outside_quotes(line: str) -> dict[str, int]:
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return counts


def _csv_records(path: Path, encoding: str, delimiter: str) -> Rows:
    """(row number, stripped values) for every record in the file, blank ones included."""
    csv.field_size_limit(MAX_FIELD_CHARS)  # process-wide; every import wants the same bound
    # UTF-16/32 can't escape undecodable bytes; their (rare) errors surface as UnicodeDecodeError.
    errors = "strict" if encoding in {"utf-16", "utf-32"} else "surrogateescape"
    number = 0
    line = 0
    with (
        path.open("rb") as raw,
        io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="") as text,
    ):
        reader = csv.reader(_checked_lines(text, encoding), delimiter=delimiter, strict=True)
        try:
            for record in reader:
                number += 1
                if reader.line_num - line > MAX_LINES_PER_ROW:
                    raise _row_error("quotes", number)
                line = reader.line_num
                yield number, [value.strip() for value in record]
        except csv.Error as error:
            raise _row_error("quotes", number + 1) from error
        except _BadLine as error:  # raised while the reader gathered the next row's lines
            raise _row_error(error.reason, number + 1) from error
        except UnicodeDecodeError as error:
            raise _row_error("encoding", number + 1) from error


def _checked_lines(text: io.TextIOWrapper, encoding: str) -> Iterator[str]:
    """The file's physical lines, refusing any in another encoding, binary, or absurdly long."""
    cp1251 = encoding == "cp1251"
    readline = text.readline
    while line := readline(MAX_LINE_CHARS):
        if len(line) == MAX_LINE_CHARS and line[-1] not in "\r\n":
            raise _BadLine("long")
        if "\x00" in line:
            raise _BadLine("binary")
        if not line.isascii():
            if _SURROGATE.search(line):
                raise _BadLine("encoding")
            if cp1251:
                # A line that is valid UTF-8 in a Windows-1251 file would read as "РџСЂРёРІРµС‚".
                try:
                    line.encode("cp1251").decode("utf-8")
                except UnicodeError:
                    pass
                else:
                    raise _BadLine("encoding")
        yield line


def _row_error(reason: str, row: int) -> ImportFileError:
    templates = {
        "quotes": _(
            "Row %(row)d: a quotation mark is never closed, or a value has a stray quote, so the "
            "rest of the file can't be split into columns. Check the quotes in that row (a quote "
            'inside a value is written twice: ""), or save the file again from your spreadsheet '
            "program."
        ),
        "encoding": _(
            "Row %(row)d is in a different text encoding from the rows above it, so its letters "
            "would be garbled. Save the whole file as “CSV UTF-8” and upload it again."
        ),
        "binary": _(
            "Row %(row)d contains binary data, not text. Check that the file is a table exported "
            "from a spreadsheet program."
        ),
        "long": _(
            "Row %(row)d is too long to be a row of a table. Check the quotes in that row, or save "
            "the file again from your spreadsheet program."
        ),
    }
    code = "broken_quotes" if reason in {"quotes", "long"} else reason
    return ImportFileError(templates[reason], code=code, row=row)
