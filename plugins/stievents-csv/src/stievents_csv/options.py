"""The options of the ``csv`` format (``-O rows=sessions -O columns=id,title``).

Kept apart from the writer so that listing formats imports only attrs.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = ["ROW_KINDS", "CsvOptions"]

ROW_KINDS = ("events", "sessions")


def _as_names(value: str | Iterable[str]) -> tuple[str, ...]:
    """Column names from ``"id, title"`` or an iterable of names; blanks dropped."""
    parts = value.split(",") if isinstance(value, str) else list(value)
    return tuple(str(part).strip() for part in parts if str(part).strip())


@attrs.frozen(kw_only=True)
class CsvOptions:
    """What one CSV file holds.

    ``rows``: ``"events"`` (one row per event) or ``"sessions"`` (one row per
    session, the event's columns repeated). ``columns``: the column names, in
    order; empty means the default set for ``rows``. ``bom``: start the file
    with a UTF-8 byte-order mark, which older Excel versions need to detect UTF-8.
    """

    rows: str = "events"
    columns: tuple[str, ...] = attrs.field(default=(), converter=_as_names)
    bom: bool = False

    def __attrs_post_init__(self) -> None:
        from stievents_csv.columns import resolve_columns

        if self.rows not in ROW_KINDS:
            raise ValueError(f"rows must be one of {', '.join(ROW_KINDS)}, got {self.rows!r}")
        resolve_columns(self.rows, self.columns)  # raises ValueError naming any unknown column
