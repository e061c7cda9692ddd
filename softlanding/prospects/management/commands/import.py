"""`softlanding import organizations FILE [--mapping JSON] [--dry-run] [--report FILE]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from softlanding.prospects.importing import ImportFileError, guess_mapping, open_table
from softlanding.prospects.importing.service import (
    IMPORT_FIELDS,
    MappingError,
    check_mapping,
    import_synonyms,
    mapping_from_headers,
    max_upload_bytes,
    run_import,
)


class Command(BaseCommand):
    help = (
        "Import organisations from a CSV (UTF-8 or Windows-1251; comma, semicolon or tab) or "
        "XLSX file, all or nothing. Columns with obvious names (name, country, website, city…) "
        "map themselves; --mapping names the others. Prints a JSON summary: rows read, created, "
        "updated, matched to existing, rejected with reasons."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["organizations"], help="what the file holds")
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--mapping",
            help=(
                'JSON object {"column header": "field"}; fields: '
                f'{", ".join(IMPORT_FIELDS)} ("" skips a column). Columns not named keep '
                "their guessed field."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="do everything, then roll it back: the summary says what an import would do",
        )
        parser.add_argument(
            "--report",
            type=Path,
            help='write one JSON line per row: {"row", "outcome", "organization", "reason"}',
        )

    def handle(
        self,
        *args: Any,
        what: str,
        file: Path,
        mapping: str | None,
        dry_run: bool,
        report: Path | None,
        **options: Any,
    ) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            table = open_table(file, max_bytes=max_upload_bytes())
            columns = guess_mapping(table.headers, import_synonyms())
            if mapping:
                columns.update(mapping_from_headers(_parse_mapping(mapping), table.headers))
            checked = check_mapping(columns, table.headers)
            summary = run_import(
                None,
                file,
                mapping=checked,
                by=None,
                dry_run=dry_run,
                report_path=report,
            )
        except MappingError as error:
            headers = ", ".join(f"“{h}”" for h in table.headers)
            raise CommandError(
                f"{error.message} The file's columns are: {headers}. "
                'Name them with --mapping \'{"Column": "field"}\'.'
            ) from error
        except ImportFileError as error:
            raise CommandError(error.message) from error
        self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False))


def _parse_mapping(text: str) -> dict[str, str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"--mapping is not valid JSON: {error}") from error
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str | None) for k, v in data.items()
    ):
        raise CommandError('--mapping must be a JSON object {"column header": "field"}')
    return {key: value or "" for key, value in data.items()}
