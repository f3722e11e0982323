"""Paths and sample events shared by the stievents-ical tests (a module of its own, so that no name
collides with another plugin's test helpers when all test suites run together)."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import zoneinfo
from pathlib import Path

import pytest

from stievents.model import Event, EventStatus, Override, Recurrence, Session, StatusChange, Translation
from stievents.testing import in_ci, require_tool

HERE = Path(__file__).parent
# The forty real calendars, read in place: their terms allow them in ../shared (beside the checkout, as in CI),
# not inside this project. See ../shared/interop/SOURCES.md for their origins and licences.
SHARED = HERE.resolve().parents[2].parent / "shared" / "interop" / "ics"
GOLDEN = HERE / "golden"
JS = HERE / "js"

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def shared_files() -> list[Path]:
    """The real calendars in ../shared, or none when the folder is absent (tests that need them skip)."""
    return sorted(SHARED.glob("*.ics")) if SHARED.is_dir() else []


def shared_file(name: str) -> Path:
    """One real calendar from ../shared, or skip the test with the reason."""
    path = SHARED / name
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared interop corpus ../shared/interop/ics is not beside the checkout)")
    return path


def require_shared() -> None:
    """Skip the test with the reason when the shared interop corpus is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"the shared interop corpus is absent ({SHARED})")


def read_with_ical_js(path: Path, expand: str | None = None) -> dict[str, object]:
    """What ical.js (Thunderbird's parser) reads in ``path`` (``js/read-ics.mjs``); skips without Node or
    ical.js, except under CI (``CI=true``), where both must be installed."""
    node = require_tool("node", why="ical.js interop test")
    if not (JS / "node_modules" / "ical.js").is_dir():
        message = f"ical.js is not installed: run `npm ci --prefix {JS}`"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    command = [node, str(JS / "read-ics.mjs"), str(path)] + ([expand] if expand else [])
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def regenerate_golden() -> bool:
    """True when golden files should be rewritten (``STIEVENTS_REGEN_GOLDEN=1``)."""
    return os.environ.get("STIEVENTS_REGEN_GOLDEN", "") == "1"


def recurring_event() -> Event:
    """A weekly series with an RDATE, an EXDATE, a moved, a lengthened and a cancelled occurrence."""
    start = dt.datetime(2030, 3, 4, 9, 0, tzinfo=PARIS)
    return Event(
        id="series",
        title="Weekly policy lab",
        start=start,
        end=start + dt.timedelta(hours=2),
        recurrence=Recurrence(
            rule="FREQ=WEEKLY;COUNT=8;BYDAY=MO",
            rdates=(dt.datetime(2030, 6, 2, 9, 0, tzinfo=PARIS),),
            exdates=(dt.datetime(2030, 3, 18, 9, 0, tzinfo=PARIS),),
            overrides=(
                Override(
                    recurrence_id=dt.datetime(2030, 3, 11, 9, 0, tzinfo=PARIS),
                    start=dt.datetime(2030, 3, 12, 14, 0, tzinfo=PARIS),
                    title="Moved to Tuesday",
                ),
                Override(
                    recurrence_id=dt.datetime(2030, 4, 1, 9, 0, tzinfo=PARIS),
                    end=dt.datetime(2030, 4, 1, 12, 0, tzinfo=PARIS),
                ),
                Override(recurrence_id=dt.datetime(2030, 3, 25, 9, 0, tzinfo=PARIS), cancelled=True),
            ),
        ),
        created=dt.datetime(2029, 12, 1, 10, 0, tzinfo=TOKYO),
        updated=dt.datetime(2029, 12, 2, 10, 0, tzinfo=TOKYO),
        revision=5,
    )


def all_day_event() -> Event:
    """A yearly all-day week, postponed, with translations, a day-only session and date overrides."""
    return Event(
        id="all-day",
        title="Science week",
        text_language="en",
        translations=(
            Translation(language="de", title="Wissenschaftswoche"),
            Translation(language="fr", subtitle="Une semaine", description="Sept jours"),
        ),
        start=dt.date(2030, 9, 1),
        end=dt.date(2030, 9, 7),
        status=EventStatus.POSTPONED,
        status_history=(
            StatusChange(
                status=EventStatus.POSTPONED, previous_start=dt.date(2030, 5, 1), previous_end=dt.date(2030, 5, 7)
            ),
        ),
        sessions=(Session(id="day-1", title="Opening day", start=dt.date(2030, 9, 1)),),
        recurrence=Recurrence(
            rule="FREQ=YEARLY;UNTIL=20330901",
            exdates=(dt.date(2031, 9, 1),),
            overrides=(
                Override(recurrence_id=dt.date(2032, 9, 1), start=dt.date(2032, 9, 2), end=dt.date(2032, 9, 9)),
                Override(recurrence_id=dt.date(2033, 9, 1), title="Final week"),
            ),
        ),
    )
