"""Cells of the CSV files the service writes, safe to open in a spreadsheet."""

from __future__ import annotations

import re

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets
# (OWASP, "CSV Injection"); a leading apostrophe makes it text and is not displayed.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Plain signed numbers ("-12.50") stay numbers.
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?([eE][+-]?\d+)?", re.ASCII)


def spreadsheet_cell(value: object) -> str:
    """Return value as CSV cell text that no spreadsheet evaluates as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text
