"""The two iCalendar readers, callable directly: the fast one (the ``ics`` format) and the icalendar reference.

Both feed the same mapping (:mod:`stievents_ical._build` and its helpers), so
they give the same events and problems; the tests prove it on real files,
golden files, the fuzz corpus and generated calendars. Use them to compare,
or to see what the fast reader left to icalendar::

    from stievents_ical.reading import read_fast, read_reference
    result, stats = read_fast(data)
    assert read_reference(data) == result
    stats.vevents_declined  # VEVENTs read by icalendar alone
"""

from __future__ import annotations

from typing import Any

from stievents.plugin_types import ImportContext, ImportResult
from stievents_ical._import import ReadStats, read_ics_with_stats
from stievents_ical.options import IcsImportOptions

__all__ = ["ReadStats", "read_fast", "read_reference"]


def read_fast(data: bytes, *, lenient: bool = False, **options: Any) -> tuple[ImportResult, ReadStats]:
    """``data`` read by our own parser, and what it handed to icalendar; ``options`` are the ``ics`` import options."""
    context = ImportContext(lenient=lenient, options=IcsImportOptions(**options))
    return read_ics_with_stats(data, context, "fast")


def read_reference(data: bytes, *, lenient: bool = False, **options: Any) -> ImportResult:
    """``data`` read by icalendar's ``Calendar.from_ical``, then the same mapping."""
    context = ImportContext(lenient=lenient, options=IcsImportOptions(**options))
    return read_ics_with_stats(data, context, "reference")[0]
