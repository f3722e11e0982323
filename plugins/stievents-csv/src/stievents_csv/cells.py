"""Making one cell value safe to open in a spreadsheet.

A CSV file is data, but spreadsheet programs (Excel, LibreOffice Calc, Google
Sheets) read a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula,
and some also act on a leading TAB or CR. Event titles and names come from
whoever filled in the event, so a title such as ``=HYPERLINK("https://evil",
"Register")`` or ``=cmd|' /C calc'!A0`` would turn into a live formula on the
machine of the policy officer who opens the export ("CSV injection", see
OWASP). Prefixing such cells with an apostrophe makes every spreadsheet show
them as text; the apostrophe is visible in plain-text viewers, which is the
accepted price (OWASP's recommendation).
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_TRIGGERS", "safe_cell"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula."""

# C0 controls other than TAB, LF and CR, and DEL: no spreadsheet shows them, and
# NUL ends the cell in some readers.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def safe_cell(value: str) -> str:
    """``value`` with control characters removed and a leading apostrophe if it could start a formula.

    Line breaks inside a cell are kept: the :mod:`csv` writer quotes them, and
    spreadsheets show them as multi-line cells.
    """
    value = _CONTROLS.sub("", value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
