"""Importing organisations: the service and `softlanding import organizations`, on real files."""

from __future__ import annotations

import csv
import json
import os
import pickle
import signal
import sys
import zipfile
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from softlanding.core.models import AuditEntry
from softlanding.prospects import names, services
from softlanding.prospects.enums import ImportStatus
from softlanding.prospects.importing import ImportFileError
from softlanding.prospects.importing import rows as import_rows
from softlanding.prospects.importing import service as import_service
from softlanding.prospects.importing.service import (
    MappingError,
    country_code,
    plan,
    run_import,
    start_import,
    store_upload,
)
from softlanding.prospects.models import (
    ImportRun,
    Organization,
    OrganizationAlias,
    OrganizationNameKey,
    OrganizationTag,
)

pytestmark = pytest.mark.django_db

HEADER = ["Name", "Country", "City", "Website", "Employees", "Founded", "Markets", "Tags"]


def write_csv(
    tmp_path: Path,
    rows: list[list[str]],
    *,
    header: list[str] = HEADER,
    name: str = "companies.csv",
    delimiter: str = ",",
    encoding: str = "utf-8",
) -> Path:
    path = tmp_path / name
    with path.open("w", encoding=encoding, newline="") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def command(*args: str) -> dict[str, object]:
    out = StringIO()
    call_command("import", "organizations", *args, stdout=out)
    return json.loads(out.getvalue())


def report_lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def ideasoft() -> Organization:
    return services.create_organization(
        by=None,
        name="IdeaSoft",
        legal_form="LLC",
        country="BY",
        city="Minsk",
        website="https://www.ideasoft.io/",
        aliases=["ООО «АйдиаСофт»"],
        employees=60,
    )


def snapshot() -> dict[str, object]:
    """Everything an import may write, to compare before and after."""
    return {
        "organizations": sorted(
            Organization.objects.values_list(
                "pk", "name", "country", "city", "website", "employees", "updated_at", "sources"
            )
        ),
        "aliases": sorted(OrganizationAlias.objects.values_list("organization_id", "name")),
        "keys": sorted(OrganizationNameKey.objects.values_list("organization_id", "key")),
        "tags": sorted(OrganizationTag.objects.values_list("organization_id", "tag_id")),
        "audit": AuditEntry.objects.count(),
        "runs": ImportRun.objects.count(),
    }


# --- the command ---------------------------------------------------------------------------


def test_command_prints_a_summary_and_writes_a_report_line_per_row(tmp_path: Path) -> None:
    stored = ideasoft()
    path = write_csv(
        tmp_path,
        [
            ["ООО «АйдиаСофт»", "Беларусь", "Minsk", "", "", "", "", ""],  # matched, nothing new
            ["Acme", "Germany", "Berlin", "acme.de", "12", "2004", "EU, US", "fintech"],
            ["", "BY", "Minsk", "", "", "", "", ""],
            ["Foo", "Narnia", "", "", "", "", "", ""],
            ["IdeaSoft", "BY", "Minsk", "", "75", "", "", ""],  # fills a new head count
        ],
    )
    report = tmp_path / "report.jsonl"

    summary = command(str(path), "--report", str(report))

    acme = Organization.objects.get(name="Acme")
    assert summary == {
        "rows": 5,
        "created": 1,
        "updated": 1,
        "matched": 1,
        "rejected": 2,
        "reasons": {"the name is empty": 1, "the country is not recognised": 1},
    }
    assert report_lines(report) == [
        {"row": 2, "outcome": "matched", "organization": stored.pk, "reason": None},
        {"row": 3, "outcome": "created", "organization": acme.pk, "reason": None},
        {"row": 4, "outcome": "rejected", "organization": None, "reason": "the name is empty"},
        {
            "row": 5,
            "outcome": "rejected",
            "organization": None,
            "reason": "the country is not recognised: “Narnia”",
        },
        {"row": 6, "outcome": "updated", "organization": stored.pk, "reason": None},
    ]
    assert (acme.country, acme.city, acme.website, acme.domain) == (
        "DE",
        "Berlin",
        "https://acme.de",
        "acme.de",
    )
    assert (acme.employees, acme.founded, acme.markets) == (12, 2004, ["EU", "US"])
    assert list(acme.tags.values_list("name", flat=True)) == ["fintech"]
    assert acme.sources == ["import:companies.csv"]
    assert acme.fit_score == services.score_of(acme)
    stored.refresh_from_db()
    assert stored.employees == 75
    assert stored.sources == ["import:companies.csv"]


def test_the_same_file_imported_again_changes_nothing(tmp_path: Path) -> None:
    ideasoft()
    path = write_csv(
        tmp_path,
        [
            ["Acme", "DE", "Berlin", "acme.de", "12", "2004", "EU", "fintech"],
            ["ACME GmbH", "Germany", "Hamburg", "", "", "", "US", "saas"],  # the same, collapses
            ["Idea Soft", "BY", "Minsk", "https://ideasoft.io", "61", "2012", "US", ""],
            ["Bolt Apps", "Poland", "Gdańsk", "https://bolt.pl/", "", "", "", ""],
            ["Bolt Applications", "PL", "", "www.bolt.pl", "", "", "", ""],
            ["Nowhere", "Narnia", "", "", "", "", "", ""],
        ],
    )
    first = command(str(path))
    before = snapshot()

    again = command(str(path), "--report", str(tmp_path / "again.jsonl"))

    assert first["created"] == 2
    assert again == {
        "rows": 6,
        "created": 0,
        "updated": 0,
        "matched": 5,
        "rejected": 1,
        "reasons": {"the country is not recognised": 1},
    }
    after = snapshot()
    assert after.pop("runs") == before.pop("runs") + 1  # the run is recorded, nothing else
    assert after.pop("audit") == before.pop("audit") + 1
    assert after == before
    outcomes = [line["outcome"] for line in report_lines(tmp_path / "again.jsonl")]
    assert outcomes == ["matched"] * 5 + ["rejected"]


def test_names_in_other_scripts_imported_again_change_nothing(tmp_path: Path) -> None:
    ideasoft()
    services.create_organization(by=None, name="Белсофт", legal_form="ООО", country="BY")
    path = write_csv(
        tmp_path,
        [
            ["АйдиаСофт", "Беларусь", "Минск", "", "", "", "", "разработка"],
            ["IDEASOFT LTD", "BY", "", "", "70", "", "", ""],
            ["Belsoft LLC", "Belarus", "Grodno", "belsoft.by", "", "", "", ""],
            ["ЗАО «Белсофт»", "РБ", "", "", "", "2001", "", ""],
            ["Софт Системз", "KZ", "Алматы", "", "", "", "", ""],
            ["Soft Systems", "Kazakhstan", "Almaty", "", "", "", "", ""],
        ],
    )
    first = command(str(path))
    before = snapshot()

    again = command(str(path))

    assert (first["created"], first["updated"], first["matched"]) == (1, 4, 1)
    assert (again["created"], again["updated"], again["matched"]) == (0, 0, 6)
    after = snapshot()
    assert after.pop("runs") == before.pop("runs") + 1
    assert after.pop("audit") == before.pop("audit") + 1
    assert after == before


def test_a_name_a_row_gave_by_website_matches_later_rows_of_the_batch(tmp_path: Path) -> None:
    stored = ideasoft()
    path = write_csv(
        tmp_path,
        [
            ["Minsk Code Works", "BY", "", "ideasoft.io", "", "", "", ""],  # the site: an alias
            ["Minsk Code Works", "BY", "Brest", "", "", "", "", ""],  # now that name
        ],
    )

    first = command(str(path))
    again = command(str(path))

    assert (first["created"], first["updated"], first["matched"]) == (0, 2, 0)
    assert (again["created"], again["updated"], again["matched"]) == (0, 0, 2)
    stored.refresh_from_db()
    assert stored.city == "Brest"
    assert Organization.objects.count() == 1


def test_a_name_in_another_script_matches_the_stored_organisation(tmp_path: Path) -> None:
    stored = ideasoft()
    path = write_csv(tmp_path, [["ООО «АйдиаСофт»", "РБ", "Minsk", "", "", "", "", ""]])

    summary = command(str(path))

    assert (summary["created"], summary["matched"]) == (0, 1)
    assert list(Organization.objects.all()) == [stored]


def test_the_same_name_in_another_country_is_another_organisation(tmp_path: Path) -> None:
    ideasoft()
    path = write_csv(tmp_path, [["IdeaSoft", "Poland", "Warsaw", "", "", "", "", ""]])

    assert command(str(path))["created"] == 1
    assert Organization.objects.filter(name="IdeaSoft").count() == 2


def test_the_website_domain_matches_and_the_new_name_becomes_another_name(tmp_path: Path) -> None:
    stored = ideasoft()
    path = write_csv(
        tmp_path, [["Idea Soft Group", "BY", "", "http://IDEASOFT.io/contacts", "", "", "", ""]]
    )
    report = tmp_path / "r.jsonl"

    summary = command(str(path), "--report", str(report))

    assert (summary["created"], summary["updated"]) == (0, 1)
    assert report_lines(report)[0]["organization"] == stored.pk
    assert set(stored.aliases.values_list("name", flat=True)) == {
        "ООО «АйдиаСофт»",
        "Idea Soft Group",
    }
    stored.refresh_from_db()
    assert (stored.name, stored.website) == ("IdeaSoft", "https://www.ideasoft.io/")
    # The other name is found by search at once, by its fold.
    assert list(services.search_organizations("ideasoftgroup")) == [stored]


def test_a_site_two_organisations_come_to_share_matches_the_one_of_that_name_again(
    tmp_path: Path,
) -> None:
    """Seed 14 of the benchmark: a row gives a stored organisation the website of another
    one; importing the file again must find each row's organisation as the first time."""
    other = services.create_organization(
        by=None, name="Stadidex Group", country="KZ", website="https://stadidexgroup.kz"
    )
    baxalix = services.create_organization(
        by=None, name="Baxalix Mobile", country="KZ", website="https://baxalixmobile.com"
    )
    assert other.pk < baxalix.pk
    path = write_csv(
        tmp_path,
        [
            ["Baxalix Mobile", "Беларусь", "Gomel", "https://baxalixmobile.com", "7", "", "", ""],
            [
                "Stadidex Group",
                "Kazakhstan",
                "Almaty",
                "https://www.baxalixmobile.com/",
                "",
                "",
                "",
                "",
            ],
        ],
    )
    report = tmp_path / "again.jsonl"

    first = command(str(path))
    again = command(str(path), "--report", str(report))

    assert (first["created"], first["updated"]) == (0, 2)
    assert (again["created"], again["updated"], again["matched"]) == (0, 0, 2)
    assert [line["organization"] for line in report_lines(report)] == [baxalix.pk, other.pk]


def test_a_page_on_a_shared_host_never_matches(tmp_path: Path) -> None:
    services.create_organization(
        by=None, name="Acme", country="DE", website="https://www.linkedin.com/company/acme"
    )
    path = write_csv(
        tmp_path,
        [["Globex", "DE", "", "https://linkedin.com/company/globex", "", "", "", ""]],
    )

    assert command(str(path))["created"] == 1


def test_rows_of_one_file_that_are_one_organisation_collapse_within_and_across_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_service, "BATCH_ROWS", 2)
    path = write_csv(
        tmp_path,
        [
            ["Acme", "DE", "Berlin", "acme.de", "", "", "", ""],
            ["ACME GmbH", "Germany", "Hamburg", "", "40", "", "", ""],  # same batch: fills
            ["Acme", "DE", "Munich", "", "", "", "", ""],  # next batch: first row wins
            ["Acme Digital", "DE", "", "https://www.acme.de/", "", "", "", "saas"],  # by site
            ["Other", "DE", "", "", "", "", "", ""],
        ],
    )
    report = tmp_path / "r.jsonl"

    summary = command(str(path), "--report", str(report))

    acme = Organization.objects.get(name="Acme")
    assert (summary["created"], summary["updated"], summary["matched"]) == (2, 2, 1)
    assert [line["organization"] for line in report_lines(report)][:4] == [acme.pk] * 4
    assert (acme.city, acme.employees) == ("Berlin", 40)
    assert list(acme.aliases.values_list("name", flat=True)) == ["Acme Digital"]
    assert list(acme.tags.values_list("name", flat=True)) == ["saas"]


def test_a_row_alone_in_its_batch_is_written_as_read_and_later_batches_find_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first batch's rows share no name or site and match nothing stored: each makes an
    organisation as its row was read (service._Made), with its key, tags and the fields it gave,
    which a later batch's row then finds and does not overwrite (first row wins)."""
    monkeypatch.setattr(import_service, "BATCH_ROWS", 2)
    path = write_csv(
        tmp_path,
        [
            ["Acme", "DE", "Berlin", "acme.de", "", "", "", "saas"],
            ["Initech", "US", "Austin", "", "", "", "", ""],
            ["ACME GmbH", "Germany", "Munich", "", "40", "", "", "B2B"],  # by name: fills
            ["Initrode", "US", "", "https://www.acme.de/x", "", "", "", ""],  # by site: alias
        ],
    )
    report = tmp_path / "r.jsonl"

    summary = command(str(path), "--report", str(report))

    acme = Organization.objects.get(name="Acme")
    initech = Organization.objects.get(name="Initech")
    assert (summary["created"], summary["updated"]) == (2, 2)
    assert [line["organization"] for line in report_lines(report)] == [
        acme.pk,
        initech.pk,
        acme.pk,
        acme.pk,
    ]
    assert (acme.city, acme.employees, acme.website) == ("Berlin", 40, "https://acme.de")
    assert sorted(acme.tags.values_list("name", flat=True)) == ["B2B", "saas"]
    assert list(acme.aliases.values_list("name", flat=True)) == ["Initrode"]
    assert set(acme.name_keys.values_list("key", flat=True)) >= {names.fold("Acme")}
    assert initech.name_keys.filter(key=names.fold("Initech")).exists()


def _outcome(path: Path, report: Path) -> dict[str, object]:
    """What an import of ``path`` did, by names rather than ids, then rolled back."""
    from django.db import transaction

    with transaction.atomic():
        summary = command(str(path), "--report", str(report))
        names = dict(Organization.objects.values_list("pk", "name"))
        outcome = {
            "summary": summary,
            "report": [
                (line["row"], line["outcome"], names.get(line["organization"]), line["reason"])  # type: ignore[arg-type]
                for line in report_lines(report)
            ],
            "organizations": sorted(
                Organization.objects.values_list(
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
                    "fit_score",
                ),
                key=repr,
            ),
            "aliases": sorted(OrganizationAlias.objects.values_list("organization__name", "name")),
            "keys": sorted(OrganizationNameKey.objects.values_list("organization__name", "key")),
            "tags": sorted(OrganizationTag.objects.values_list("organization__name", "tag__name")),
            "history": sorted(
                AuditEntry.objects.filter(action="organization.updated").values_list(
                    "object_repr", "changes"
                ),
                key=repr,
            ),
        }
        transaction.set_rollback(True)
    return outcome


def test_the_postgresql_path_and_the_orm_path_give_the_same_outcomes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On PostgreSQL the import writes by COPY and joins batches sent as one text; the ORM
    path (SQLite's) must give the very same rows, outcomes and history, batch edges included."""
    ideasoft()
    services.create_organization(by=None, name="Белсофт", legal_form="ООО", country="BY")
    services.create_organization(
        by=None, name="Globex", country="DE", website="https://globex.de", markets=["EU"]
    )
    monkeypatch.setattr(import_service, "BATCH_ROWS", 3)
    path = write_csv(
        tmp_path,
        [
            ["АйдиаСофт", "Беларусь", "Минск", "", "", "", "", "разработка"],
            ["Belsoft LLC", "Belarus", "Grodno", "belsoft.by", "12", "", "US, EU", ""],
            ["Globex Digital", "DE", "", "www.globex.de", "", "2001", "US", "saas"],
            ["Acme", "DE", "Berlin", "acme.de", "", "", "", ""],
            ["ACME GmbH", "Germany", "Hamburg", "", "40", "", "EU", "b2b"],
            ["Acme Digital", "DE", "", "https://www.acme.de/", "", "", "", "saas"],
            ["Acme", "DE", "Munich", "", "", "", "", ""],
            ["Nowhere", "Narnia", "", "", "", "", "", ""],
            ["Софт Системз", "KZ", "Алматы", "", "", "", "", ""],
            ["Soft Systems", "Kazakhstan", "Almaty", "soft.kz", "300", "1999", "US", ""],
            ["Globex", "DE", "", "", "", "", "EU", ""],
        ],
    )

    fast = _outcome(path, tmp_path / "fast.jsonl")
    monkeypatch.setattr(import_service, "_set_based", lambda: False)
    plain = _outcome(path, tmp_path / "plain.jsonl")

    assert fast == plain
    assert fast["summary"] == {
        "rows": 11,
        "created": 2,
        "updated": 6,
        "matched": 2,
        "rejected": 1,
        "reasons": {"the country is not recognised": 1},
    }


def test_rejected_rows_give_each_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            ["", "", "", "", "", "", "", ""],  # an empty row is skipped, not rejected
            ["Acme", "", "", "not a site", "many", "1066", "", ""],
            ["«»", "BY", "", "", "", "", "", ""],
            ["Beta", "by", "", "", "1 200", "2004-05-01", "", ""],
        ],
    )
    report = tmp_path / "r.jsonl"

    summary = command(str(path), "--report", str(report))

    assert summary["reasons"] == {
        "the country is empty": 1,
        "the website is not a web address": 1,
        "the number of employees is not a whole number": 1,
        "the year founded is not a year": 1,
        "the name has no letters or digits": 1,
    }
    assert report_lines(report)[0] == {
        "row": 3,
        "outcome": "rejected",
        "organization": None,
        "reason": "the country is empty; the website is not a web address: “not a site”; the "
        "number of employees is not a whole number: “many”; the year founded is not a year: "
        "“1066”",
    }
    beta = Organization.objects.get()
    assert (beta.country, beta.employees, beta.founded) == ("BY", 1200, 2004)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("BY", "BY"),
        ("by", "BY"),
        ("BLR", "BY"),
        ("Belarus", "BY"),
        ("Беларусь", "BY"),
        ("РБ", "BY"),
        ("Р.Б.", "BY"),
        ("Republic of Belarus", "BY"),
        ("Белоруссия", "BY"),
        ("Россия", "RU"),
        ("РФ", "RU"),
        ("United States", "US"),
        ("USA", "US"),
        ("Соединённые Штаты Америки", "US"),
        ("UK", "GB"),
        ("Германия", "DE"),
        (" kazakhstan ", "KZ"),
        ("Narnia", None),
        ("", None),
    ],
)
def test_countries_as_codes_or_english_or_russian_names(value: str, code: str | None) -> None:
    assert country_code(value) == code


def test_obvious_headers_map_themselves_and_mapping_names_the_rest(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [["Acme", "DE", "40", "notes here"]],
        header=["Компания", "Страна", "Штат (чел.)", "Что ещё"],
    )

    assert plan(path).mapping == {0: "name", 1: "country", 2: "employees"}
    command(str(path), "--mapping", json.dumps({"Что ещё": "notes", "Штат (чел.)": ""}))

    acme = Organization.objects.get()
    assert (acme.employees, acme.notes) == (None, "notes here")


def test_a_mapping_without_a_name_or_country_is_refused(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [["Acme", "DE"]], header=["Firma", "Land"])

    with pytest.raises(
        CommandError, match=r"Choose the column that holds: Name, Country\..*“Firma”"
    ):
        command(str(path))
    with pytest.raises(CommandError, match="The file has no column “Name”"):
        command(str(path), "--mapping", '{"Name": "name"}')
    with pytest.raises(CommandError, match="--mapping is not valid JSON"):
        command(str(path), "--mapping", "{name}")
    with pytest.raises(MappingError, match="both mapped to Name"):
        run_import(None, path, mapping={0: "name", 1: "name"}, by=None)
    assert not Organization.objects.exists()


def test_dry_run_counts_everything_and_writes_nothing(tmp_path: Path) -> None:
    ideasoft()
    path = write_csv(
        tmp_path,
        [
            ["Acme", "DE", "", "", "", "", "", ""],
            ["Acme", "DE", "", "", "", "", "", ""],
            ["IdeaSoft", "BY", "Minsk", "", "61", "", "", ""],
        ],
    )
    before = snapshot()
    report = tmp_path / "r.jsonl"

    summary = command(str(path), "--dry-run", "--report", str(report))

    assert (summary["created"], summary["updated"], summary["matched"]) == (1, 1, 1)
    assert snapshot() == before
    assert [line["organization"] for line in report_lines(report)][:2] == [None, None]


# --- files: encodings, delimiters, workbooks --------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("cp1251", ";"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = write_csv(
        tmp_path,
        [["ООО «Рога и копыта»", "Россия", "Москва", "", "", "", "", ""]],
        encoding=encoding,
        delimiter=delimiter,
    )

    assert command(str(path))["created"] == 1
    assert Organization.objects.get().name == "ООО «Рога и копыта»"


def test_xlsx_with_numbers_dates_and_a_formula_reads_the_cached_values(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Country", "Employees", "Founded"])
    sheet.append(["Acme", "DE", 120, None])
    path = tmp_path / "companies.xlsx"
    workbook.save(path)
    # openpyxl writes formulas without a cached value; add one as Excel saves it.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    sheet_xml = sheet_xml.replace(
        "</row></sheetData>",
        '</row><row r="3"><c r="A3" t="str"><f>CONCATENATE("Be","ta")</f><v>Beta</v></c>'
        '<c r="B3" t="inlineStr"><is><t>PL</t></is></c><c r="D3" s="0"><v>2004</v></c></row>'
        "</sheetData>",
    )
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    assert command(str(path))["created"] == 2
    assert sorted(Organization.objects.values_list("name", "employees", "founded")) == [
        ("Acme", 120, None),
        ("Beta", None, 2004),
    ]


# --- bad input: a clear message, nothing written -----------------------------------------------


def _png(tmp_path: Path) -> Path:
    path = tmp_path / "logo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    return path


def _empty(tmp_path: Path) -> Path:
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    return path


def _several_gigabytes(tmp_path: Path) -> Path:
    path = tmp_path / "huge.csv"
    with path.open("wb") as stream:  # sparse: takes no disk
        stream.truncate(3 * 1024**3)
    return path


def _ten_thousand_columns(tmp_path: Path) -> Path:
    path = tmp_path / "wide.csv"
    path.write_text("Name,Country\nAcme,DE\n" + ",".join(f"v{i}" for i in range(10_000)) + "\n")
    return path


def _broken_quotes(tmp_path: Path) -> Path:
    path = tmp_path / "quotes.csv"
    path.write_text('Name,Country\nAcme,DE\n"Beta,PL\nGamma,UA\n')
    return path


def _mixed_encodings(tmp_path: Path) -> Path:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        "Name,Country\nАйдиаСофт,BY\n".encode() + "Рога и копыта,RU\n".encode("cp1251")
    )
    return path


def _zip_bomb(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "Country"])
    workbook.active.append(["Acme", "DE"])
    path = tmp_path / "bomb.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(50 * 1024 * 1024))
    return path


def _old_excel(tmp_path: Path) -> Path:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    return path


BAD_FILES = {
    "not a table": (_png, "This file is not a CSV or XLSX table (it looks like an image)"),
    "old excel": (_old_excel, "This is an old Excel .xls file"),
    "empty": (_empty, "The file is empty."),
    "several GB": (_several_gigabytes, "The file is 3072 MB; the limit is 256 MB."),
    "10,000 columns": (_ten_thousand_columns, "Row 3 has more than 200 columns"),
    "broken quotes": (_broken_quotes, "Row 3: a quotation mark is never closed"),
    "mixed encodings": (_mixed_encodings, "Row 2 is in a different text encoding"),
    "zip bomb": (_zip_bomb, "The workbook unpacks to far more data than a spreadsheet"),
}


@pytest.mark.parametrize("kind", BAD_FILES, ids=list(BAD_FILES))
def test_bad_files_give_a_clear_message_and_write_nothing(tmp_path: Path, kind: str) -> None:
    ideasoft()
    make, says = BAD_FILES[kind]
    path = make(tmp_path)
    before = snapshot()

    with pytest.raises(CommandError) as caught:
        command(str(path))

    assert str(caught.value).startswith(says), str(caught.value)
    assert snapshot() == before


@pytest.mark.parametrize("reader", ["thread", "process"])
def test_a_file_error_at_a_late_row_leaves_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Any, reader: str
) -> None:
    # The reading thread, or the process a large file is read in, meets the error.
    settings.PROSPECTS_IMPORT_READER_PROCESS_BYTES = 0 if reader == "process" else 10**9
    monkeypatch.setattr(import_service, "BATCH_ROWS", 50)
    ideasoft()
    path = tmp_path / "late.csv"
    good = "".join(f"Company {i},BY,Minsk,c{i}.by\n" for i in range(900))
    path.write_text(f'Name,Country,City,Website\nIdeaSoft,BY,Vitebsk,\n{good}Broken,"BY\n')
    before = snapshot()

    with pytest.raises(ImportFileError) as caught:
        run_import(None, path, mapping={0: "name", 1: "country", 2: "city", 3: "website"}, by=None)

    assert (caught.value.code, caught.value.row) == ("broken_quotes", 903)
    assert snapshot() == before  # 18 batches were written, and rolled back


def test_a_crash_part_way_leaves_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_service, "BATCH_ROWS", 10)
    path = write_csv(tmp_path, [[f"Company {i}", "BY", "", "", "", "", "", ""] for i in range(50)])
    calls = 0
    create = import_service._Writer.create

    def crash_on_the_third_batch(self: object, orgs: list[object]) -> None:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise ConnectionError("the database went away")
        create(self, orgs)  # type: ignore[arg-type]

    monkeypatch.setattr(import_service._Writer, "create", crash_on_the_third_batch)
    before = snapshot()

    with pytest.raises(ConnectionError):
        command(str(path))

    assert snapshot() == before


# --- the reading process -------------------------------------------------------------------
# A large file is read, checked and folded in a separate process (rows.read_batches); the
# threshold is a setting, 0 here so that a small file takes that path.


def _mixed_rows() -> list[list[str]]:
    rows = [[f"Company {i}", "BY", "Minsk", f"c{i}.by", "", "", "", ""] for i in range(30)]
    rows[3] = ["ООО «АйдиаСофт»", "Беларусь", "Vitebsk", "", "1 200", "", "fintech", "b2b"]
    rows[7] = ["", "BY", "", "", "", "", "", ""]  # refused: no name
    rows[9] = ["Idea Soft LLC", "Narnia", "", "not a site", "", "", "", ""]  # refused twice
    rows[12] = ["Company 1 Group", "BY", "", "https://www.c1.by/", "", "", "", "b2b"]
    return rows


def _outcomes(tmp_path: Path, folder: str) -> tuple[dict[str, object], list[dict[str, object]]]:
    (tmp_path / folder).mkdir()
    path = write_csv(tmp_path / folder, _mixed_rows())
    report = tmp_path / folder / "report.jsonl"
    summary = command(str(path), "--dry-run", "--report", str(report))
    lines = [json.loads(line) for line in report.read_text().splitlines()]
    return summary, lines


def test_a_file_read_in_another_process_imports_as_one_read_in_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_service, "BATCH_ROWS", 8)
    ideasoft()
    with override_settings(PROSPECTS_IMPORT_READER_PROCESS_BYTES=10**9):
        in_thread = _outcomes(tmp_path, "thread")
    with override_settings(PROSPECTS_IMPORT_READER_PROCESS_BYTES=0):
        in_process = _outcomes(tmp_path, "process")
        with translation.override("ru"):
            in_russian = _outcomes(tmp_path, "russian")

    assert in_process == in_thread
    summary, lines = in_thread
    assert (summary["rows"], summary["updated"], summary["rejected"]) == (30, 2, 2)
    stored = Organization.objects.get().pk  # IdeaSoft: АйдиаСофт is one of its names
    assert lines[3] == {"row": 5, "outcome": "updated", "organization": stored, "reason": None}
    # "Company 1 Group" is Company 1 by its site; a dry run names no organisation it made.
    assert lines[12] == {"row": 14, "outcome": "updated", "organization": None, "reason": None}
    assert lines[9]["reason"] == (
        "the country is not recognised: “Narnia”; the website is not a web address: “not a site”"
    )
    # A problem found in the reading process is worded where it is shown, in that language.
    assert in_russian[1][7]["reason"] == "название не указано"
    assert in_russian[1][9]["reason"] == (
        "страна не распознана: «Narnia»; сайт указан не как веб-адрес: «not a site»"
    )


def test_a_record_crosses_from_the_reading_process_with_every_value() -> None:
    # Records cross pickled as their slots' values in order (Record.__reduce__): a slot added
    # or moved without _record must fail here, not swap two fields of every imported row.
    reader = import_rows.RowReader(
        {0: "name", 1: "country", 2: "city", 3: "website", 4: "employees", 5: "markets"},
        {"by": "BY"},
        import_rows.NewRows("import:t.csv", timezone.now(), {}, date(2026, 1, 1)),
    )
    record = reader.read(7, ["ООО «АйдиаСофт»", "BY", "Minsk", "ideasoft.by", "120", "fintech"])
    assert isinstance(record, import_rows.Record)

    copy = pickle.loads(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301

    values = {slot: getattr(record, slot) for slot in import_rows.Record.__slots__}
    assert {slot: getattr(copy, slot) for slot in import_rows.Record.__slots__} == values
    assert (copy.number, copy.country, copy.domain, copy.employees) == (7, "BY", "ideasoft.by", 120)
    assert copy.line.startswith("ООО «АйдиаСофт»\t")


@override_settings(PROSPECTS_IMPORT_READER_PROCESS_BYTES=0)
def test_where_no_reading_process_can_start_the_file_is_read_in_a_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # An interpreter that can't run the reader (under an embedding server, say): it ends at once.
    monkeypatch.setattr(sys, "executable", "/bin/false")
    path = write_csv(tmp_path, _mixed_rows())

    summary = command(str(path))

    assert (summary["rows"], summary["created"], summary["updated"], summary["rejected"]) == (
        30,
        27,
        1,
        2,
    )
    assert "reading process ended before its first batch (exit code 1)" in caplog.text


def _reading_processes() -> list[int]:
    """Our reading processes, found in /proc (Linux): children running _reading_process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            command_line = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat[1]) == os.getpid() and b"_reading_process" in command_line:
            found.append(int(entry.name))
    return found


@override_settings(PROSPECTS_IMPORT_READER_PROCESS_BYTES=0)
def test_a_reading_process_killed_half_way_fails_the_import_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(import_service, "BATCH_ROWS", 100)
    path = write_csv(
        tmp_path, [[f"Company {i}", "BY", "", "", "", "", "", ""] for i in range(20_000)]
    )
    killed: list[int] = []

    def kill_the_reader(rows_done: int) -> None:
        if not killed:
            killed.extend(_reading_processes())
            for pid in killed:
                os.kill(pid, signal.SIGKILL)

    before = snapshot()

    with pytest.raises(ImportFileError) as caught:
        run_import(None, path, mapping=plan(path).mapping, by=None, progress=kill_the_reader)

    assert len(killed) == 1
    assert caught.value.code == "reader_stopped"
    assert "Reading the file stopped unexpectedly" in caught.value.message
    assert "-9" in caught.value.message
    assert snapshot() == before
    assert _reading_processes() == []  # nothing left behind


def test_where_a_batch_ends_changes_no_outcome(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row finds an organisation by the site it has at that row, within a batch as across
    batches: a site the file took from it, or never gave it, finds it no more."""
    vadenux = services.create_organization(
        by=None, name="Vadenux", country="UA", website="https://vadenux.com.ua"
    )
    path = write_csv(
        tmp_path,
        [
            ["Vadenux", "Ukraine", "Kyiv", "https://vadenux.com", "", "", "", ""],
            ["Lelonis Soft Group", "Украина", "", "https://www.vadenux.com.ua/", "", "", "", ""],
            ["Alpha", "BY", "", "alpha.by", "", "", "", ""],
            ["Alpha", "BY", "Minsk", "alpha.com", "", "", "", ""],  # alpha.by stays its site
            ["Beta Group", "BY", "", "alpha.com", "", "", "", ""],
        ],
    )
    reports = []
    for rows in (1, 50):
        monkeypatch.setattr(import_service, "BATCH_ROWS", rows)
        report = tmp_path / f"report-{rows}.jsonl"
        command(str(path), "--dry-run", "--report", str(report))
        reports.append([json.loads(line) for line in report.read_text().splitlines()])

    assert reports[0] == reports[1]
    assert [(line["outcome"], line["organization"]) for line in reports[0]] == [
        ("updated", vadenux.pk),
        ("created", None),
        ("created", None),
        ("updated", None),
        ("created", None),
    ]


def test_values_are_stored_exactly_as_the_file_has_them(tmp_path: Path) -> None:
    """On PostgreSQL a new organisation goes in as a COPY line made where its row is read:
    backslashes, tabs, line breaks and quotes in a value must arrive as they are."""
    notes = 'First line\nsecond\tline, a back\\slash \\N and a "quote"\r\nlast'
    path = write_csv(
        tmp_path,
        [["Back\\slash \\t «Ёлка» Co", "BY", "Минск\\", "ёлка.бел", notes, "ML, \\N"]],
        header=["Name", "Country", "City", "Website", "Notes", "Specialities"],
    )

    assert command(str(path))["created"] == 1

    org = Organization.objects.get()
    assert org.name == "Back\\slash \\t «Ёлка» Co"
    assert (org.city, org.notes, org.specialities) == ("Минск\\", notes, ["ML", "\\N"])
    assert (org.website, org.domain) == ("https://ёлка.бел", "ёлка.бел")
    assert org.fit_score == 23.0  # BY 15, ML 8
    assert org.sources == ["import:companies.csv"]
    assert OrganizationNameKey.objects.get().key == names.fold(org.name)

    # An update goes in as such a line too (UPDATE … FROM a COPY of them).
    more = 'Second\tfile: \\N, back\\slash\nand "more"'
    again = write_csv(
        tmp_path,
        [["Back\\slash \\t «Ёлка» Co", "BY", "Гродна\\t", "", more, 'Go\\, "x"']],
        header=["Name", "Country", "City", "Website", "Notes", "Specialities"],
        name="more.csv",
    )
    assert command(str(again))["updated"] == 1

    org.refresh_from_db()
    assert (org.city, org.notes) == ("Гродна\\t", f"{notes}\n\n{more}")
    assert org.specialities == ["ML", "\\N", "Go\\", '"x"']
    assert org.sources == ["import:companies.csv", "import:more.csv"]
    assert org.created_at < org.updated_at


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the ORM path's lookup; PostgreSQL joins unnest"
)
def test_on_sqlite_a_batch_finds_names_through_the_key_index(tmp_path: Path) -> None:
    """SQLite has no statistics: left to itself it began from every organisation of the rows'
    countries, a scan of the registry per batch (50,000 rows took 5 minutes)."""
    for i in range(20):
        services.create_organization(by=None, name=f"Stored {i}", country="BY")
    path = write_csv(tmp_path, [[f"Company {i}", "BY", "", "", "", "", "", ""] for i in range(5)])
    with CaptureQueriesContext(connection) as queries:
        command(str(path))
    lookup = next(q["sql"] for q in queries.captured_queries if "namekey" in q["sql"])

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {lookup}")
        steps = [row[-1] for row in cursor.fetchall()]

    assert steps[0].startswith("SEARCH k USING COVERING INDEX prospects_namekey_key (key=?)")
    assert steps[1].startswith("SEARCH o USING INTEGER PRIMARY KEY")


# --- formulas ----------------------------------------------------------------------------------


def test_formulas_are_data_and_the_rejected_rows_file_neutralises_them(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        [
            ['=HYPERLINK("http://evil.example","x")', "DE", "", "", "", "", "", ""],
            ["@SUM(A1)", "Narnia", "-2+3*cmd|' /C calc'!A0", "", "", "", "", ""],
        ],
    )

    summary = run_import(None, path, mapping=plan(path).mapping, by=None)

    assert (summary.created, summary.rejected) == (1, 1)
    assert Organization.objects.get().name == '=HYPERLINK("http://evil.example","x")'
    run = ImportRun.objects.get()
    rejected = list(csv.reader(StringIO(run.report.read().decode("utf-8-sig"))))
    assert rejected[0][:4] == ["row", "reason", "Name", "Country"]
    assert rejected[1][:5] == [
        "3",
        "the country is not recognised: “Narnia”",
        "'@SUM(A1)",
        "Narnia",
        "'-2+3*cmd|' /C calc'!A0",
    ]


# --- keys, audit, queries ----------------------------------------------------------------------


def test_search_finds_new_organisations_at_once_and_a_task_completes_their_keys(
    tmp_path: Path, django_capture_on_commit_callbacks
) -> None:
    path = write_csv(tmp_path, [["Soft Serve", "UA", "Lviv", "", "", "", "", ""]])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        command(str(path))

    organization = Organization.objects.get()
    assert list(services.search_organizations("softserve")) == [organization]
    assert set(organization.name_keys.values_list("key", flat=True)) == {"softserve"}
    for callback in callbacks:
        callback()  # the task runs at once under the test settings
    assert set(organization.name_keys.values_list("key", flat=True)) == services.keys_for_names(
        ["Soft Serve"]
    )
    assert list(services.search_organizations("serve")) == [organization]


def test_one_audit_entry_per_import_and_one_per_updated_organisation(tmp_path: Path, scout) -> None:
    stored = ideasoft()
    path = write_csv(
        tmp_path,
        [
            ["IdeaSoft", "BY", "Grodno", "", "", "", "", ""],
            *([f"New {i}", "BY", "", "", "", "", "", ""] for i in range(30)),
        ],
    )
    run = store_upload(path, original_name="fair.csv", by=scout, mapping=plan(path).mapping)
    AuditEntry.objects.all().delete()

    assert start_import(run, mapping=plan(path).mapping, by=scout)

    run.refresh_from_db()
    assert run.status == ImportStatus.DONE
    entries = {(e.action, e.object_id): e for e in AuditEntry.objects.all()}
    assert set(entries) == {
        ("prospects.imported", str(run.pk)),
        ("organization.updated", str(stored.pk)),
    }
    imported = entries["prospects.imported", str(run.pk)]
    assert imported.actor == scout
    assert imported.changes["created"] == 30
    assert entries["organization.updated", str(stored.pk)].changes["city"] == ["Minsk", "Grodno"]


def _rows(count: int) -> list[list[str]]:
    return [
        [f"Company {i}", "BY", "Minsk", f"c{i}.by", str(i), "2001", "EU", "saas"]
        for i in range(count)
    ]


def test_queries_do_not_grow_with_the_rows(tmp_path: Path, django_assert_max_num_queries) -> None:
    small = write_csv(tmp_path, _rows(100), name="small.csv")
    large = write_csv(tmp_path, _rows(1000), name="large.csv")
    mapping = plan(small).mapping
    ideasoft()

    with django_assert_max_num_queries(25) as small_queries:
        run_import(None, small, mapping=mapping, by=None)
    # Ten times the rows: a query per row would be a thousand. SQLite splits a bulk INSERT by
    # its parameter limit (about 50 organisations a statement), PostgreSQL sends one COPY.
    with django_assert_max_num_queries(50) as large_queries:
        run_import(None, large, mapping=mapping, by=None)  # 100 matched, 900 new

    assert Organization.objects.count() == 1001
    assert len(large_queries.captured_queries) <= len(small_queries.captured_queries) + 25


# --- runs from the page ------------------------------------------------------------------------


def test_a_large_file_runs_in_the_background_and_records_progress(
    tmp_path: Path, scout, django_capture_on_commit_callbacks
) -> None:
    path = write_csv(tmp_path, _rows(30))
    run = store_upload(path, original_name="big.csv", by=scout, mapping=plan(path).mapping)

    with (
        override_settings(PROSPECTS_IMPORT_INLINE_ROWS=10),
        django_capture_on_commit_callbacks(execute=True),
    ):
        ran_inline = start_import(run, mapping=plan(path).mapping, by=scout)

    assert not ran_inline
    run.refresh_from_db()
    assert (run.status, run.rows_done, run.summary["created"]) == (ImportStatus.DONE, 30, 30)


def test_a_failed_run_keeps_the_message_and_can_be_tried_again(tmp_path: Path, scout) -> None:
    path = _broken_quotes(tmp_path)
    run = store_upload(path, original_name="q.csv", by=scout, mapping={0: "name", 1: "country"})

    start_import(run, mapping={0: "name", 1: "country"}, by=scout)

    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert run.error.startswith("Row 3: a quotation mark is never closed")
    assert not Organization.objects.exists()
    start_import(run, mapping={0: "name", 1: "country"}, by=scout)  # allowed again
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_near_spellings_become_duplicate_candidates_after_an_import(tmp_path: Path) -> None:
    """Exact spellings are matched row by row; near ones reach the duplicate queue."""
    from softlanding.prospects.models import DuplicateCandidate

    stored = ideasoft()
    path = write_csv(
        tmp_path,
        [["IdeaSoft Group", "Belarus"], ["ИдеяСофт", "BY"], ["Softeq", "BY"], ["SoftTeco", "BY"]],
        header=["Name", "Country"],
    )

    run_import(None, path, mapping=plan(path).mapping, by=None)

    pairs = {
        frozenset({c.low.name, c.high.name})
        for c in DuplicateCandidate.objects.select_related("low", "high")
    }
    assert pairs == {
        frozenset({stored.name, "IdeaSoft Group"}),
        frozenset({stored.name, "ИдеяСофт"}),
    }


def test_the_reading_side_cuts_keys_to_the_stored_width() -> None:
    # rows.py may import no model (it runs in the reading process): its width is a copy.
    assert OrganizationNameKey._meta.get_field("key").max_length == import_rows.KEY_MAX


def _canonical_import(path: Path, *, batch: int, monkeypatch: pytest.MonkeyPatch) -> object:
    """An import's report and the registry it leaves, with no database ids (they differ from
    run to run): organisations by name and country. Rolled back afterwards."""
    monkeypatch.setattr(import_service, "BATCH_ROWS", batch)
    report = path.with_name(f"report-{batch}.jsonl")
    with transaction.atomic():
        summary = command(str(path), "--report", str(report))
        named = {
            pk: f"{name}/{country}"
            for pk, name, country in Organization.objects.values_list("pk", "name", "country")
        }
        outcomes = [
            (line["row"], line["outcome"], named.get(line["organization"]), line["reason"])  # type: ignore[call-overload]
            for line in report_lines(report)
        ]
        registry = sorted(
            (
                named[org.pk],
                org.legal_form,
                org.city,
                org.website,
                org.domain,
                org.employees,
                org.founded,
                tuple(org.markets),
                org.notes,
                org.fit_score,
                tuple(sorted(org.aliases.values_list("name", flat=True))),
                tuple(sorted(org.tags.values_list("name", flat=True))),
                tuple(sorted(org.name_keys.values_list("key", flat=True))),
            )
            for org in Organization.objects.all()
        )
        transaction.set_rollback(True)
    summary.pop("import_run", None)
    return summary, outcomes, registry


# Seeds that found a fault each (the first: a row with a name two organisations have; the
# others: a new tag spelt as the batch's last row spelt it, not the first).
@pytest.mark.parametrize("seed", [20261202, 3, 6])
def test_every_rule_gives_the_same_outcomes_whatever_the_batch_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """Rows that meet each other in every way the rules know (other spellings and scripts,
    shared and shared-host sites, first row wins, lists, tags, notes, other names, refusals),
    imported in batches of 1 row to all at once, and by the reading process: one outcome."""
    ideasoft()
    services.create_organization(by=None, name="Softeq", country="BY", website="softeq.com")
    names_ = [
        "IdeaSoft", "Idea Soft LLC", "ООО «АйдиаСофт»", "АйдиаСофт", "IDEASOFT GmbH", "Softeq",
        "SoftTeco", "Софтек", "Alpha", "Alpha Group", "Beta", "Бета",
    ] * 3 + ["", "!!!"]  # fmt: skip
    countries = ["BY", "Беларусь", "РБ", "UA", "RU"] * 3 + ["Narnia"]
    sites = [
        "", "", "ideasoft.io", "https://www.alpha.by/", "alpha.com", "softeq.com",
        "https://linkedin.com/company/beta", "beta.by",
    ] * 3 + ["not a site"]  # fmt: skip
    random = __import__("random").Random(seed)
    rows = [
        [
            random.choice(names_),
            random.choice(countries),
            random.choice(["", "Minsk", "Grodno", "Kyiv"]),
            random.choice(sites),
            random.choice(["", "", "12", "250", "1 200"] * 3 + ["many"]),
            random.choice(["", "", "2001", "2015"] * 3 + ["1700"]),
            random.choice(["", "US", "US, EU", "EU; UK"]),
            random.choice(["", "b2b", "ML, b2b", "B2B"]),
            random.choice(["", "", "called in May", "no relocation budget"]),
        ]
        for _ in range(240)
    ]
    path = write_csv(tmp_path, rows, header=[*HEADER[:7], "Tags", "Notes"])

    reference = _canonical_import(path, batch=1, monkeypatch=monkeypatch)
    for batch in (2, 7, 50, 1000):
        assert _canonical_import(path, batch=batch, monkeypatch=monkeypatch) == reference, batch
    with override_settings(PROSPECTS_IMPORT_READER_PROCESS_BYTES=0):
        assert _canonical_import(path, batch=13, monkeypatch=monkeypatch) == reference

    summary, outcomes, _registry = reference
    kinds = {outcome for _row, outcome, _org, _reason in outcomes}
    assert kinds == {"created", "updated", "matched", "rejected"}  # every path was taken
    assert summary["rows"] == 240  # type: ignore[index]
    assert summary["rejected"] < 80  # type: ignore[index]
