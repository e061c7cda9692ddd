"""The file-reading layer of the prospects import: real files on disk, good and bad."""

from __future__ import annotations

import csv
import datetime as dt
import pickle
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.utils import translation

from softlanding.prospects.importing import (
    FIELD_SYNONYMS,
    ImportFileError,
    guess_mapping,
    neutralise_cell,
    open_table,
)
from softlanding.prospects.importing import xlsx as xlsx_module
from softlanding.prospects.importing.readers import detect_delimiter


def write(tmp_path: Path, data: bytes, name: str = "upload.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def rows(path: Path, **limits: int) -> list[tuple[int, list[str]]]:
    return list(open_table(path, **limits).rows())


def refused(path: Path, **limits: int) -> ImportFileError:
    with pytest.raises(ImportFileError) as caught:
        rows(path, **limits)
    return caught.value


# --- CSV: what people upload ---------------------------------------------------------------


def test_utf8_csv_with_quoted_delimiters_and_newlines(tmp_path: Path) -> None:
    data = 'Name,City,Notes\r\n"Acme, Inc",Berlin,"two\r\nlines"\r\nBeta,  Minsk ,"said ""hi"""\r\n'
    table = open_table(write(tmp_path, data.encode()))

    assert (table.kind, table.encoding, table.delimiter) == ("csv", "utf-8", ",")
    assert table.headers == ["Name", "City", "Notes"]
    # A value spanning two lines is still one row, as a spreadsheet shows it.
    assert list(table.rows()) == [
        (2, ["Acme, Inc", "Berlin", "two\r\nlines"]),
        (3, ["Beta", "Minsk", 'said "hi"']),
    ]


def test_utf8_with_bom_and_semicolons(tmp_path: Path) -> None:
    data = "\ufeffНазвание;Страна\nЁлка ООО;BY\n".encode()
    table = open_table(write(tmp_path, data))

    assert (table.encoding, table.delimiter) == ("utf-8-sig", ";")
    assert table.headers == ["Название", "Страна"]  # no BOM left in the first header
    assert list(table.rows()) == [(2, ["Ёлка ООО", "BY"])]


def test_windows_1251_cyrillic(tmp_path: Path) -> None:
    data = "Компания;Город;Примечание\nРомашка;Минск;«лучшие» — №1\nЭнергия;Гродно;\n"
    table = open_table(write(tmp_path, data.encode("cp1251")))

    assert (table.encoding, table.delimiter) == ("cp1251", ";")
    assert list(table.rows()) == [
        (2, ["Ромашка", "Минск", "«лучшие» — №1"]),
        (3, ["Энергия", "Гродно", ""]),
    ]


def test_windows_1251_detected_past_a_long_ascii_start(tmp_path: Path) -> None:
    ascii_rows = "".join(f"Company {i};Berlin\n" for i in range(30_000))  # > 256 KB
    data = ("Name;City\n" + ascii_rows + "Ромашка;Минск\n").encode("cp1251")
    table = open_table(write(tmp_path, data))

    assert table.encoding == "cp1251"
    assert list(table.rows())[-1] == (30_002, ["Ромашка", "Минск"])


def test_tab_separated_utf16_as_excel_saves_unicode_text(tmp_path: Path) -> None:
    data = "Name\tCountry\nÅland Tech\tFI\n".encode("utf-16")
    table = open_table(write(tmp_path, data))

    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert list(table.rows()) == [(2, ["Åland Tech", "FI"])]


def test_old_mac_line_endings(tmp_path: Path) -> None:
    table = open_table(write(tmp_path, b"Name,City\rAcme,Berlin\rBeta,Minsk\r"))

    assert list(table.rows()) == [(2, ["Acme", "Berlin"]), (3, ["Beta", "Minsk"])]


def test_blank_rows_are_skipped_but_counted_and_rows_are_padded(tmp_path: Path) -> None:
    data = b"\nName,City,Country,,\nAcme\n\n,,\nBeta,Minsk,BY,,\nGamma,Oslo,NO,,extra\n"
    table = open_table(write(tmp_path, data))

    assert table.header_row == 2
    assert table.headers == ["Name", "City", "Country"]  # trailing empty headers dropped
    assert list(table.rows()) == [
        (3, ["Acme", "", ""]),
        (6, ["Beta", "Minsk", "BY"]),
        (7, ["Gamma", "Oslo", "NO", "", "extra"]),  # a value beyond the headers is kept
    ]


def test_rows_can_be_read_again_and_head_closes_the_file(tmp_path: Path) -> None:
    table = open_table(write(tmp_path, b"Name\nA\nB\nC\n"))

    assert table.head(2) == [(2, ["A"]), (3, ["B"])]
    assert list(table.rows()) == list(table.rows()) == [(2, ["A"]), (3, ["B"]), (4, ["C"])]


def test_formulas_in_a_csv_are_data_never_evaluated(tmp_path: Path) -> None:
    data = b'Name,Site\n=1+1,"=HYPERLINK(""http://x.test"",""click"")"\n'

    assert rows(write(tmp_path, data)) == [(2, ["=1+1", '=HYPERLINK("http://x.test","click")'])]


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("Name,City\nA,B\n", ","),
        ("Name;City\nA;B\n", ";"),
        ("Name\tCity\nA\tB\n", "\t"),
        ('"Name, legal";City\n"A, Inc";B\n', ";"),  # commas inside quotes don't count
        ("Name;Country, region;City\nA;BY;Minsk\n", ";"),  # the rows settle it
        ("Name\nAcme\n", ","),  # one column
    ],
)
def test_delimiter_detection(sample: str, expected: str) -> None:
    assert detect_delimiter(sample) == expected


# --- CSV: bad input ------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    error = refused(write(tmp_path, b""))

    assert error.code == "empty"
    assert error.message == (
        "The file is empty. Choose the file that holds the table and upload it again."
    )


@pytest.mark.parametrize("data", [b"   \r\n\n", b"\xef\xbb\xbf", b",,,\n,,\n"])
def test_blank_file_is_empty(tmp_path: Path, data: bytes) -> None:
    assert refused(write(tmp_path, data)).code == "empty"


def test_header_only(tmp_path: Path) -> None:
    error = refused(write(tmp_path, b"Name,Country\n\n"))

    assert error.code == "header_only"
    assert error.message.startswith("The file has a header row but no rows of data below it.")


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40, "it looks like an image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "it looks like a PDF document"),
        (b"\x1f\x8b\x08\x00" + bytes(200), "it looks like a compressed archive"),
        (bytes(range(256)) * 40, "it looks like binary data"),
    ],
)
def test_binary_files_renamed_csv(tmp_path: Path, data: bytes, says: str) -> None:
    error = refused(write(tmp_path, data, "companies.csv"))

    assert error.code == "not_a_table"
    assert says in error.message
    assert error.message.startswith("This file is not a CSV or XLSX table")


def test_old_xls_gets_its_own_advice(tmp_path: Path) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1000)
    error = refused(write(tmp_path, data, "companies.xlsx"))

    assert error.code == "not_a_table"
    assert "old Excel .xls file" in error.message


def test_html_saved_as_xls(tmp_path: Path) -> None:
    data = b"<html><body><table><tr><td>Name</td></tr></table></body></html>"
    error = refused(write(tmp_path, data, "export.xls"))

    assert error.code == "not_a_table"
    assert error.message.startswith("This is a web page or an XML file, not a table.")


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "companies.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    error = refused(path)

    assert error.code == "not_a_table"
    assert "it looks like a ZIP archive" in error.message


def test_file_larger_than_the_limit(tmp_path: Path) -> None:
    error = refused(write(tmp_path, b"Name\n" + b"Acme\n" * 300_000), max_bytes=1024 * 1024)

    assert error.code == "too_large"
    assert error.message.startswith("The file is 1.4 MB; the limit is 1.0 MB.")


def test_header_with_ten_thousand_columns(tmp_path: Path) -> None:
    data = ",".join(f"c{i}" for i in range(10_000)).encode() + b"\n" + b"a\n"
    error = refused(write(tmp_path, data))

    assert (error.code, error.row) == ("too_many_columns", 1)
    assert error.message == (
        "Row 1 has more than 200 columns. Delete the columns you don't need, or check that the "
        "file really is a table of companies."
    )


def test_data_row_with_ten_thousand_columns(tmp_path: Path) -> None:
    data = b"Name,City\nA,B\nC,D\n" + b"x," * 10_000 + b"\n"
    table = open_table(write(tmp_path, data))
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())

    assert (caught.value.code, caught.value.row) == ("too_many_columns", 4)


def test_unterminated_quote_swallowing_the_rest_of_the_file(tmp_path: Path) -> None:
    data = b'Name,City\nAcme,Berlin\n"Beta,Minsk\nGamma,Oslo\nDelta,Riga\n'
    table = open_table(write(tmp_path, data))
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())

    assert (caught.value.code, caught.value.row) == ("broken_quotes", 3)
    assert caught.value.message.startswith(
        "Row 3: a quotation mark is never closed, or a value has a stray quote"
    )


def test_stray_quote_inside_a_value(tmp_path: Path) -> None:
    data = b'Name,City\nAcme,Berlin\n"Beta" Ltd,Minsk\n'

    error = refused(write(tmp_path, data))
    assert (error.code, error.row) == ("broken_quotes", 3)


def test_open_quote_that_runs_past_the_size_limit(tmp_path: Path) -> None:
    data = b'Name,Notes\nAcme,"never closed\n' + b"more text on another line\n" * 20_000
    data += b'Beta,"closed at last"\n'

    error = refused(write(tmp_path, data))
    assert (error.code, error.row) == ("broken_quotes", 2)


def test_quoted_value_running_over_hundreds_of_lines(tmp_path: Path) -> None:
    data = b'Name,Notes\nAcme,"' + b"x\n" * 600 + b'"\nBeta,ok\n'

    error = refused(write(tmp_path, data))
    assert (error.code, error.row) == ("broken_quotes", 2)


def test_utf8_file_with_a_windows_1251_row(tmp_path: Path) -> None:
    data = "Название;Город\nРомашка;Минск\nЭнергия;Гродно\n".encode() + "Лотос;Брест\n".encode(
        "cp1251"
    )
    table = open_table(write(tmp_path, data))
    assert table.encoding == "utf-8"
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())

    assert (caught.value.code, caught.value.row) == ("encoding", 4)
    assert caught.value.message == (
        "Row 4 is in a different text encoding from the rows above it, so its letters would be "
        "garbled. Save the whole file as “CSV UTF-8” and upload it again."
    )


def test_windows_1251_file_with_a_utf8_row_is_not_turned_into_mojibake(tmp_path: Path) -> None:
    data = ("Название;Город\n" + "Ромашка;Минск\n" * 50).encode("cp1251")
    data += "Лотос;Брест\n".encode()
    table = open_table(write(tmp_path, data))
    assert table.encoding == "cp1251"
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())

    assert (caught.value.code, caught.value.row) == ("encoding", 52)


def test_western_8bit_text_is_refused_rather_than_read_as_cyrillic(tmp_path: Path) -> None:
    data = "Name;City\nMüller GmbH;München\nCafé Crème;Zürich\n".encode("cp1252")
    error = refused(write(tmp_path, data))

    assert error.code == "encoding"
    assert error.message.startswith("The file's text encoding can't be recognised")


def test_binary_bytes_after_a_good_start(tmp_path: Path) -> None:
    data = b"Name\n" + b"Acme\n" * 100_000 + b"Be\x00ta\n"
    table = open_table(write(tmp_path, data))
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())

    assert (caught.value.code, caught.value.row) == ("binary", 100_002)


def test_truncated_workbook(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name"])
    path = tmp_path / "cut.xlsx"
    workbook.save(path)
    path.write_bytes(path.read_bytes()[:2000])

    assert refused(path).code == "damaged"


def test_errors_survive_pickling_for_task_queues(tmp_path: Path) -> None:
    error = refused(write(tmp_path, b"Name\n\x89PNG"), max_bytes=5)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 -- our own bytes

    assert (copy.code, copy.row, copy.message) == (error.code, error.row, error.message)


def test_too_many_rows(tmp_path: Path) -> None:
    table = open_table(write(tmp_path, b"Name\nA\nB\nC\nD\n"), max_rows=3)
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())

    assert (caught.value.code, caught.value.row) == ("too_many_rows", 5)
    assert caught.value.message.startswith("The file has more than 3 rows")


def test_messages_render_when_read_in_the_active_language(tmp_path: Path) -> None:
    error = refused(write(tmp_path, b""))
    # Lazy templates: rendering happens at str(), so a catalogue added later applies to errors
    # raised earlier (e.g. in a background task).
    with translation.override("ru"):
        assert isinstance(str(error), str)
    assert str(error) == error.message


def test_streaming_keeps_memory_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Name", "Country", "City", "Website", "Employees"])
        writer.writerows(
            [f"Компания {i}", "DE", "Berlin", f"https://c{i}.example", i % 900]
            for i in range(200_000)
        )
    size = path.stat().st_size
    assert size > 10 * 1024 * 1024
    # A fresh interpreter, so its peak resident memory is the reader's alone (tracemalloc
    # would triple the run time). Holding the file, or its rows, would add well over its size.
    script = (
        "import resource, sys\n"
        "from pathlib import Path\n"
        "from softlanding.prospects.importing import open_table\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "count = sum(1 for _ in open_table(Path(sys.argv[1])).rows())\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(count, (after - before) * 1024)\n"
    )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    elapsed = time.perf_counter() - started
    count, growth = map(int, result.stdout.split())

    assert count == 200_000
    assert growth < 8 * 1024 * 1024, (
        f"memory grew {growth / 1e6:.1f} MB for a {size / 1e6:.0f} MB file"
    )
    assert elapsed < 5, f"{elapsed:.1f}s for 200k rows"


# --- XLSX ----------------------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)
STYLES = (
    f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
    'formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts><cellXfs count="4"><xf numFmtId="0"/>'
    '<xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>'
)


def handmade_xlsx(
    path: Path,
    sheet_data: str,
    *,
    shared: list[str] | None = None,
    sheets: str = (
        '<sheet name="Companies" sheetId="1" r:id="rId1"/>'
        '<sheet name="Second" sheetId="2" r:id="rId2"/>'
    ),
    workbook_pr: str = "",
    sheet_open: str = f'<worksheet xmlns="{MAIN}"><sheetData>',
    sheet_close: str = "</sheetData></worksheet>",
    extra: dict[str, bytes] | None = None,
) -> Path:
    """A workbook written part by part, the way Excel does (shared strings, cached values)."""
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{REL}/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId4" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    )
    strings = "".join(f"<si>{s}</si>" for s in shared or [])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}<sheets>{sheets}</sheets>'
            "</workbook>",
        )
        archive.writestr("xl/_rels/workbook.xml.rels", rels)
        archive.writestr("xl/styles.xml", STYLES)
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{MAIN}">{strings}</sst>')
        archive.writestr("xl/worksheets/sheet1.xml", sheet_open + sheet_data + sheet_close)
        archive.writestr(
            "xl/worksheets/sheet2.xml",
            f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            "Second</t></is></c></row></sheetData></worksheet>",
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return path


def test_xlsx_from_openpyxl_with_dates_numbers_and_gaps(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Companies"
    sheet.append(["Name", "Founded", "Employees", "Revenue", "Phone", "Seen", "Active"])
    sheet.append(["  Acme  ", dt.date(2004, 5, 1), 120, 1.5, 375291234567, None, True])
    sheet.append(["Beta", 1999, 7.0, 0.1, "+375 29 123-45-67", dt.datetime(2024, 3, 2, 9, 30)])
    sheet["A5"] = "Gamma"  # row 4 left empty
    sheet["D5"] = -2.25
    sheet["F5"] = dt.time(14, 5)
    path = tmp_path / "companies.xlsx"
    workbook.save(path)

    table = open_table(path)
    assert (table.kind, table.encoding, table.delimiter) == ("xlsx", None, None)
    assert table.sheet_name == "Companies"
    assert table.headers == ["Name", "Founded", "Employees", "Revenue", "Phone", "Seen", "Active"]
    assert list(table.rows()) == [
        (2, ["Acme", "2004-05-01", "120", "1.5", "375291234567", "", "TRUE"]),
        (3, ["Beta", "1999", "7", "0.1", "+375 29 123-45-67", "2024-03-02 09:30:00", ""]),
        (5, ["Gamma", "", "", "-2.25", "", "14:05:00", ""]),
    ]


def test_xlsx_read_the_same_as_openpyxl_reads_it(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Note", "Count"])
    for i in range(300):
        sheet.append([f"Company {i} & Co <x>", f'say "{i}"\ttab', i * 3])
    path = tmp_path / "oracle.xlsx"
    workbook.save(path)

    oracle = openpyxl.load_workbook(path, read_only=True)
    try:
        expected = [
            [("" if v is None else str(v)).strip() for v in row]
            for row in oracle.active.iter_rows(min_row=2, values_only=True)
        ]
    finally:
        oracle.close()
    assert [cells for _number, cells in open_table(path).rows()] == expected


def test_xlsx_like_excel_writes_it(tmp_path: Path) -> None:
    shared = [
        "<t>Name</t>",
        "<t>City</t>",
        '<t xml:space="preserve">  Acme &amp; Sons  </t>',
        "<r><t>Rich </t></r><r><rPr><b/></rPr><t>text</t></r><rPh><t>ignored</t></rPh>",
        "<t>line_x000D_break _x005F_x000D_</t>",
        "<t>#N/A</t>",
    ]
    sheet = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>Founded</t></is></c><c r="D1" t="inlineStr"><is><t>Sum'
        "</t></is></c></row>"
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c>'
        '<c r="C2" s="1"><v>45413</v></c><c r="D2"><f>1+1</f><v>2</v></c></row>'
        # cells without references, and a shared formula with its cached value
        '<row><c t="s"><v>4</v></c><c t="s"><v>5</v></c><c s="2"><v>45413.5</v></c>'
        '<c><f t="shared" si="0"/><v>3.0000000000000004</v></c></row>'
        # a formula Excel never calculated has no cached value: it reads as empty
        '<row r="9"><c r="A9" t="str"><f>HYPERLINK("http://evil.test","click")</f><v>click</v>'
        '</c><c r="B9"><f>1+1</f></c><c r="C9" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="D9" t="b"><v>0</v></c><c r="XFD9" s="3"/></row>'
    )
    path = handmade_xlsx(tmp_path / "excel.xlsx", sheet, shared=shared)

    table = open_table(path)
    assert table.headers == ["Name", "City", "Founded", "Sum"]
    assert list(table.rows()) == [
        (2, ["Acme & Sons", "Rich text", "2024-05-01", "2"]),
        (3, ["line\rbreak _x000D_", "", "2024-05-01 12:00:00", "3"]),
        (9, ["click", "", "", "FALSE"]),
    ]
    assert len(table.notices) == 1  # two sheets
    assert str(table.notices[0]) == (
        "The workbook has 2 sheets; only the first one, “Companies”, was read."
    )


def test_xlsx_first_visible_sheet_prefixed_namespace_and_1904_dates(tmp_path: Path) -> None:
    sheet = (
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Founded</x:t></x:is></x:c></x:row>'
        '<x:row r="2"><x:c r="A2" s="1"><x:v>0</x:v></x:c></x:row>'
        '<x:row r="3"><x:c r="A3" s="1"><x:v>1</x:v></x:c></x:row>'
    )
    path = handmade_xlsx(
        tmp_path / "prefixed.xlsx",
        sheet,
        sheets=(
            '<sheet name="Hidden" sheetId="2" state="hidden" r:id="rId2"/>'
            '<sheet name="Data" sheetId="1" r:id="rId1"/>'
        ),
        workbook_pr='<workbookPr date1904="1"/>',
        sheet_open=f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>',
        sheet_close="</x:sheetData></x:worksheet>",
    )

    table = open_table(path)
    assert table.sheet_name == "Data"
    assert list(table.rows()) == [(2, ["1904-01-01"]), (3, ["1904-01-02"])]


def test_xlsx_external_links_are_not_followed(tmp_path: Path) -> None:
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>'
        '<row r="2"><c r="A2" t="str"><f>\'[other.xlsx]Sheet1\'!A1</f><v>Acme</v></c></row>'
    )
    link = (
        f'<externalLink xmlns="{MAIN}"><externalBook r:id="rId1" xmlns:r="{REL}"/></externalLink>'
    )
    path = handmade_xlsx(
        tmp_path / "links.xlsx",
        sheet,
        sheets='<sheet name="Only" sheetId="1" r:id="rId1"/>',
        extra={"xl/externalLinks/externalLink1.xml": link.encode()},
    )

    table = open_table(path)
    assert list(table.rows()) == [(2, ["Acme"])]
    assert [str(n) for n in table.notices] == [
        "The workbook links to other files. The links were not followed: cells show the values "
        "saved in this file."
    ]


def test_xlsx_zip_bomb_is_refused_before_parsing(tmp_path: Path) -> None:
    path = handmade_xlsx(tmp_path / "bomb.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(50 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024

    error = refused(path)
    assert error.code == "zip_bomb"
    assert error.message.startswith(
        "The workbook unpacks to far more data than a spreadsheet of its size should"
    )


def test_xlsx_total_unpacked_size_is_bounded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = handmade_xlsx(tmp_path / "big.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    monkeypatch.setattr(xlsx_module, "MAX_UNCOMPRESSED_BYTES", 1000)

    assert refused(path).code == "zip_bomb"


def test_xlsx_with_a_doctype_is_refused(tmp_path: Path) -> None:
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData>'
    )
    path = handmade_xlsx(
        tmp_path / "lolz.xlsx",
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>',
        sheet_open=laughs,
    )

    assert refused(path).code == "unsafe"


def test_xlsx_damaged_sheet(tmp_path: Path) -> None:
    path = handmade_xlsx(
        tmp_path / "broken.xlsx", '<row r="1"><c r="A1" t="s"><v>7</v></c></row><row r="2"><c'
    )
    error = refused(path)

    assert error.code == "damaged"
    assert error.message.startswith("The workbook is damaged")


def test_xlsx_empty_and_header_only(tmp_path: Path) -> None:
    empty = handmade_xlsx(tmp_path / "empty.xlsx", "")
    header = handmade_xlsx(
        tmp_path / "header.xlsx",
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>',
    )

    assert refused(empty).code == "empty"
    assert refused(header).code == "header_only"


def test_xlsx_row_with_ten_thousand_columns(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "City"])
    sheet.append(["Acme", "Berlin"])
    sheet.append([f"v{i}" for i in range(10_000)])
    path = tmp_path / "wide.xlsx"
    workbook.save(path)
    table = open_table(path)
    with pytest.raises(ImportFileError) as caught:
        list(table.rows())

    assert (caught.value.code, caught.value.row) == ("too_many_columns", 3)


def test_xlsx_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name"])
    workbook.active.append(["Acme"])
    path = tmp_path / "looks-like.csv"
    workbook.save(path)

    assert open_table(path).kind == "xlsx"
    assert open_table(write(tmp_path, b"Name\nAcme\n", "looks-like.xlsx")).kind == "csv"


# --- exports and mapping -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil.test","click")', '\'=HYPERLINK("http://evil.test","click")'),
        ("+HYPERLINK(1)", "'+HYPERLINK(1)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),
        ("-", "-"),
        ("-5%", "-5%"),
        ("-1e5", "'-1e5"),
        ("-5", "-5"),
        ("-1,5", "-1,5"),
        ("+375 29 123-45-67", "+375 29 123-45-67"),
        ("+7 (495) 123-45-67", "+7 (495) 123-45-67"),
        ("Acme = best", "Acme = best"),
        ("", ""),
    ],
)
def test_neutralise_cell(value: str, expected: str) -> None:
    assert neutralise_cell(value) == expected


def test_guess_mapping_english_and_russian() -> None:
    headers = [
        "Company name",
        "COUNTRY",
        "Город",
        "Web-site",
        "Number of employees",
        "Год основания",
        "E-mail",
        "Телефон",
        "ОПФ",
        "Примечание",
        "Favourite colour",
        "",
    ]

    assert guess_mapping(headers, FIELD_SYNONYMS) == {
        0: "name",
        1: "country",
        2: "city",
        3: "website",
        4: "employees",
        5: "founded",
        6: "email",
        7: "phone",
        8: "legal_form",
        9: "notes",
    }


def test_guess_mapping_prefers_the_main_word_and_each_field_once() -> None:
    headers = ["Сайт компании", "Название компании", "Company website", "Name", "Страны"]

    assert guess_mapping(headers, FIELD_SYNONYMS) == {
        0: "website",
        1: "name",
        4: "country",
    }


def test_guess_mapping_normalises_yo_and_inflections_and_takes_custom_fields() -> None:
    fields = {**FIELD_SYNONYMS, "linkedin": ["linkedin", "линкедин"]}

    assert guess_mapping(["Населенный пункт", "Численность", " LinkedIn "], fields) == {
        0: "city",
        1: "employees",
        2: "linkedin",
    }
