"""Reading uploaded prospect tables (CSV, XLSX) safely and fast, and guessing their columns.

Pure Python: nothing here touches models; the import task and views build on it.
"""

from softlanding.prospects.importing.cells import neutralise_cell
from softlanding.prospects.importing.errors import ImportFileError, Message
from softlanding.prospects.importing.mapping import FIELD_SYNONYMS, guess_mapping, normalise
from softlanding.prospects.importing.readers import Table, open_table

__all__ = [
    "FIELD_SYNONYMS",
    "ImportFileError",
    "Message",
    "Table",
    "guess_mapping",
    "neutralise_cell",
    "normalise",
    "open_table",
]
