"""CSV that opens cleanly in a spreadsheet, for every export (VOC tables, the auditor's traces).

UTF-8 with a byte-order mark, so Excel reads Chinese and accented text correctly; and
formula-injection safe (OWASP "CSV injection"): a text cell starting with a character that
Excel, LibreOffice or Sheets would run as a formula is prefixed with a quote, so customer text
such as ``=HYPERLINK(...)`` is shown, never evaluated. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime

BOM = "\ufeff"
# A cell starting with one of these is read as a formula by Excel, LibreOffice or Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A spreadsheet cell that cannot run as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)  # a negative number is a number, not a formula
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return out.getvalue()
