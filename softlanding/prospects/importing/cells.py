"""Values leaving the system in CSV/XLSX exports, made safe against spreadsheet formula injection."""

from __future__ import annotations

import re

# What a spreadsheet may take as the start of a formula (OWASP "CSV Injection"); leading spaces
# are skipped as some programs skip them.
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Signs, digits, spaces, brackets, dots, commas and percent only: "-5", "-1,5", "-5%", "-",
# "+375 29 123-45-67", "+7 (495) 123-45-67". Without a letter, a quote, "=", "!", "|" or "@"
# no function can be called, no cell or file referenced and no DDE command run: at worst a
# spreadsheet does arithmetic on it, so such a value is inert.
_NUMBER_OR_PHONE = re.compile(r"[+-][\d\s().,%+\-]*")


def neutralise_cell(value: str) -> str:
    """The value, prefixed with ' if a spreadsheet could run it as a formula.

    OWASP recommends prefixing every value that starts with =, +, -, @, tab or carriage return.
    We prefix all of those (and a leading line feed, and the same after leading spaces) except
    values that are only a signed number or phone number — "-5", "+375 29 123-45-67" (or a
    lone "-" standing for "none") — because
    they can't call a function or reference anything, and prefixing would corrupt the phone
    numbers and negative figures people export most. "=1+1", "-2+3*cmd|' /C calc'!A0",
    "@SUM(A1)" and "+HYPERLINK(…)" are all prefixed. The apostrophe is what the guidance
    prescribes: Excel and LibreOffice show the text as typed and never evaluate it.
    """
    stripped = value.lstrip(" ")
    if not stripped.startswith(_TRIGGERS):
        return value
    if _NUMBER_OR_PHONE.fullmatch(stripped):
        return value
    return "'" + value
