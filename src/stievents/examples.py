"""The built-in example events, shipped as canonical JSON inside the package.

``oecd-co-creation-2020`` is the OECD workshop page the project is modelled on,
with every fact the page gives and nothing it leaves blank;
``demo-hybrid-forum`` is a fictional event that exercises the rest of the model.

The *catalogue* (:func:`catalogue`) is a small collection of real STI policy
events (OECD workshops, conferences, forums and a few partner events), one
canonical JSON file each in ``stievents/data/catalogue/``, every fact taken from
a public page listed in that folder's ``SOURCES.md``. It gives the demo site and
tests a realistic collection without inventing anything.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from importlib import resources
from importlib.resources.abc import Traversable

from stievents.model import Event

__all__ = ["EXAMPLES", "catalogue", "catalogue_dir", "catalogue_paths", "example", "example_names"]

EXAMPLES: dict[str, str] = {
    "oecd-co-creation-2020": "The OECD workshop on co-creation (Moscow, 5-6 March 2020), moved online",
    "demo-hybrid-forum": "A fictional two-day hybrid forum in two zones, rescheduled, in French and English",
}


def example_names() -> list[str]:
    """The names of the built-in examples."""
    return list(EXAMPLES)


@functools.cache
def example(name: str) -> Event:
    """The built-in example ``name``; ``KeyError`` listing the names if unknown."""
    if name not in EXAMPLES:
        raise KeyError(f"unknown example {name!r}; examples: {', '.join(EXAMPLES)}")
    from stievents import serialize

    data = resources.files("stievents").joinpath("data", f"{name}.json").read_bytes()
    (event,) = serialize.loads(data)
    return event


def example_bytes(name: str) -> bytes:
    """The canonical JSON file of example ``name``, as shipped."""
    if name not in EXAMPLES:
        raise KeyError(f"unknown example {name!r}; examples: {', '.join(EXAMPLES)}")
    return resources.files("stievents").joinpath("data", f"{name}.json").read_bytes()


# ------------------------------------------------------------------ the catalogue of real events


def catalogue_dir() -> Traversable:
    """The folder of the catalogue's canonical JSON files (and ``SOURCES.md``), inside the package.

    A :class:`~importlib.resources.abc.Traversable`: a plain :class:`pathlib.Path`
    when the package is installed as files (the usual case), so it can be given
    to ``stievents site build`` as it is; wrap it in
    :func:`importlib.resources.as_file` to get a real directory in every case.
    """
    return resources.files("stievents").joinpath("data", "catalogue")


def catalogue_paths() -> list[Traversable]:
    """The catalogue's event files (``<id>.json``), sorted by name."""
    return sorted(
        (item for item in catalogue_dir().iterdir() if item.is_file() and item.name.endswith(".json")),
        key=lambda item: item.name,
    )


def catalogue() -> list[Event]:
    """The catalogue's events, sorted by start (as an instant) then id; read on first call, then cached.

    An all-day event starts at midnight of its first day in its venue's zone
    (UTC without one), the order the site's listings use. A new list each call,
    of the same (immutable) events.
    """
    return list(_catalogue())


@functools.cache
def _catalogue() -> tuple[Event, ...]:
    from stievents import serialize

    events = [event for path in catalogue_paths() for event in serialize.loads(path.read_bytes())]
    return tuple(sorted(events, key=_start_order))


def _start_order(event: Event) -> tuple[dt.datetime, str]:
    start = event.start
    if isinstance(start, dt.datetime):
        return (start.astimezone(dt.UTC), event.id)
    zone = event.venue.timezone if event.venue is not None else None
    tz: dt.tzinfo = zoneinfo.ZoneInfo(zone) if zone else dt.UTC
    return (dt.datetime.combine(start, dt.time(), tz).astimezone(dt.UTC), event.id)
