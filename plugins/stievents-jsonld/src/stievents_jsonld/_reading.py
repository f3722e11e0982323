"""The importer's toolkit: problems by JSON path, checked construction, dates and URLs."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from stievents.errors import InvalidEventError, Problem, Severity
from stievents.model import Event
from stievents_jsonld import _ids, _when
from stievents_jsonld._markup import decode_node
from stievents_jsonld._options import ReadOptions
from stievents_jsonld._values import url

T = TypeVar("T")
ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,199}")
ROR_RE = re.compile(r"https://ror\.org/0[a-hj-km-np-tv-z0-9]{6}[0-9]{2}")


class Base:
    """Collects events and problems over one document."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options
        self.events: list[Event] = []
        self.problems: list[Problem] = []
        self.ids: set[str] = set()
        self.nodes: dict[str, dict[str, Any]] = {}
        self.node_paths: dict[str, str] = {}  # where each node of ``nodes`` is, for the problems found in it
        self.decoded: set[int] = set()  # the objects whose text is already decoded (see _markup)

    # ------------------------------------------------------------ reporting

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message))

    def warn(self, path: str, message: str) -> None:
        self.problems.append(Problem(path=path, message=message, severity=Severity.WARNING))

    def build(self, path: str, what: str, cls: Callable[..., T], /, **kwargs: Any) -> T | None:
        """``cls(**kwargs)`` (``None`` values left out), or ``None`` with its problems as warnings under ``path``."""
        try:
            return cls(**{k: v for k, v in kwargs.items() if v is not None})
        except InvalidEventError as exc:
            for problem in exc.problems:
                self.warn(path, f"{what} dropped: {problem.path.removeprefix('$.')}: {problem.message}")
            return None

    def resolve(self, item: Any) -> Any:
        """The node a bare ``{"@id": ...}`` reference names elsewhere in the document, else ``item``."""
        if isinstance(item, dict) and set(item) == {"@id"} and isinstance(item["@id"], str):
            return self.node(item["@id"]) or item
        return item

    def node(self, iri: str) -> dict[str, Any] | None:
        """The node with ``@id`` ``iri`` elsewhere in the document, its text decoded (see ``decode``)."""
        found = self.nodes.get(iri)
        if found is not None:
            self.decode(self.node_paths.get(iri, "$"), found)
        return found

    def decode(self, path: str, node: dict[str, Any]) -> None:
        """Decode the HTML left in the texts of ``node`` (at ``path``), each value once, with a warning each.

        Not in an event this plugin wrote (:func:`_ids.written_here`): its text is
        the model's, as is, and survives export -> import unchanged.
        """
        if _ids.written_here(node):
            self.decoded.add(id(node))
            return
        decode_node(node, path, self.warn, self.decoded)

    def when(self, path: str, value: Any, hints: tuple[str | None, ...], *, main: bool = False) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, list) and value:
            if len(value) > 1:
                self.warn(path, "has several values; the first is read")
            value = value[0]
        reading = _when.read_temporal(value, hints)
        if reading.error is not None:
            self.error(path, reading.error)
            return None
        if reading.note is not None:
            self.warn(path, reading.note)
        elif reading.fixed and main and isinstance(reading.value, dt.datetime):
            zone = getattr(reading.value.tzinfo, "key", "UTC")
            kind = "fixed-offset zone" if zone == "UTC" or zone.startswith("Etc/") else "zone with that offset,"
            self.warn(path, f"JSON-LD has no IANA time zone; read in the {kind} {zone} (option timezone=... names it)")
        return reading.value

    def url(self, path: str, value: Any) -> str | None:
        if value is None:
            return None
        found = url(value)
        if found is None:
            self.warn(path, f"{json.dumps(value)[:80]} is not an absolute http(s) URL; dropped")
        return found


_DURATION_RE = re.compile(r"P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")


def duration(value: str) -> dt.timedelta | None:
    """An ISO 8601 duration in days, hours, minutes, seconds (``PT1H30M``), or ``None``."""
    match = _DURATION_RE.fullmatch(value.strip())
    if match is None or not any(match.groups()):
        return None
    days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    return dt.timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
