"""Reading throughput of the prospects import: rows/s for 100k-row CSV and XLSX files.

    python bench/import_readers.py [--rows 100000] [--openpyxl]

Builds the files in a temporary directory, reads each through open_table(...).rows() (the same
path an import takes, values converted to strings), best of three runs. --openpyxl also times
openpyxl's read-only mode on the XLSX files, the alternative this reader replaces.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import openpyxl

from softlanding.prospects.importing import open_table

HEADER = [
    "Name",
    "Country",
    "City",
    "Website",
    "Employees",
    "Founded",
    "Email",
    "Phone",
    "Tags",
    "Notes",
]


def row(i: int) -> list[object]:
    return [
        f"Компания {i} GmbH",
        "Germany",
        "Berlin",
        f"https://c{i}.example.com",
        i % 900,
        dt.date(1990 + i % 30, 1 + i % 12, 1 + i % 28),
        f"info@c{i}.example.com",
        "+49 30 1234567",
        "fintech, saas",
        "Met at the fair; follow up in spring",
    ]


def write_csv(path: Path, rows: int, encoding: str) -> None:
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow([str(v) for v in row(i)])


def write_openpyxl(path: Path, rows: int) -> None:
    """openpyxl writes inline strings."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Companies")
    sheet.append(HEADER)
    for i in range(rows):
        sheet.append(row(i))
    workbook.save(path)


def write_excel_like(path: Path, rows: int) -> None:
    """Shared strings and a date style, as Excel saves a workbook."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings: dict[str, int] = {}

    def cell(ref: str, value: object) -> str:
        if isinstance(value, str):
            index = strings.setdefault(value, len(strings))
            return f'<c r="{ref}" t="s"><v>{index}</v></c>'
        if isinstance(value, dt.date):
            serial = (value - dt.date(1899, 12, 30)).days
            return f'<c r="{ref}" s="1"><v>{serial}</v></c>'
        return f'<c r="{ref}"><v>{value}</v></c>'

    letters = "ABCDEFGHIJ"
    parts = [f'<worksheet xmlns="{main}"><sheetData>']
    for number, values in enumerate([HEADER, *(row(i) for i in range(rows))], start=1):
        cells = "".join(cell(f"{letters[c]}{number}", v) for c, v in enumerate(values))
        parts.append(f'<row r="{number}">{cells}</row>')
    parts.append("</sheetData></worksheet>")
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        kinds = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{kinds}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" '
            f'ContentType="{kinds}.worksheet+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{kinds}.styles+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kinds}.sharedStrings+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Companies" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{main}"><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/>'
            "</cellXfs></styleSheet>",
        )
        archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}">{shared}</sst>')
        archive.writestr("xl/worksheets/sheet1.xml", "".join(parts))


def best_of(runs: int, read: Callable[[], int]) -> tuple[int, float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        count = read()
        times.append(time.perf_counter() - started)
    return count, min(times)


def ours(path: Path) -> int:
    return sum(1 for _ in open_table(path).rows())


def theirs(path: Path) -> int:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
    finally:
        workbook.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--openpyxl", action="store_true", help="time openpyxl read-only too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = {
            "CSV UTF-8": (Path(folder) / "utf8.csv", lambda p: write_csv(p, args.rows, "utf-8")),
            "CSV Windows-1251": (
                Path(folder) / "cp.csv",
                lambda p: write_csv(p, args.rows, "cp1251"),
            ),
            "XLSX, Excel-like (shared strings)": (
                Path(folder) / "excel.xlsx",
                lambda p: write_excel_like(p, args.rows),
            ),
            "XLSX, openpyxl-written (inline strings)": (
                Path(folder) / "openpyxl.xlsx",
                lambda p: write_openpyxl(p, args.rows),
            ),
        }
        for label, (path, make) in files.items():
            make(path)
            count, seconds = best_of(3, lambda path=path: ours(path))
            size = path.stat().st_size / 1e6
            print(
                f"{label:42} {count:>8} rows {seconds:6.2f} s {count / seconds:>9,.0f} rows/s"
                f"  ({size:.1f} MB)"
            )
            if args.openpyxl and path.suffix == ".xlsx":
                count, seconds = best_of(1, lambda path=path: theirs(path))
                print(
                    f"{'  openpyxl read-only, for comparison':42} {count:>8} rows "
                    f"{seconds:6.2f} s {count / seconds:>9,.0f} rows/s"
                )


if __name__ == "__main__":
    main()
