"""Resource limits on what stievents reads: input size, events, sessions and recurrences.

stievents reads files it did not write, so a hostile or broken input must end
quickly with :class:`~stievents.errors.LimitExceededError` instead of using all
memory or time. The defaults suit every real calendar seen so far; pass a
:class:`Limits` to :func:`stievents.read` or :func:`stievents.serialize.loads`,
or set it for a block of code with :func:`use_limits` (importers read the
current limits with :func:`current_limits`)::

    from stievents.limits import Limits
    stievents.read(data, "ics", limits=Limits(max_events=100))

The model's own bounds (:data:`stievents.recurrence.MAX_COUNT` and
:data:`~stievents.recurrence.MAX_SPAN_YEARS`) stay the ceiling: limits can
only be stricter.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from stievents.errors import LimitExceededError

if TYPE_CHECKING:
    from stievents.model import Event

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "check_event_count",
    "check_events",
    "check_input_size",
    "check_raw_events",
    "current_limits",
    "use_limits",
]


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if type(value) is not int or value < 1:
        raise ValueError(f"{attribute.name} must be a positive whole number, got {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """Upper bounds on one read; each exceeded bound raises :class:`LimitExceededError`.

    ``max_input_bytes`` admits the largest document ``max_events`` admits: the
    canonical JSON (``indent=2``) of 100,000 generated events with 6 sessions,
    3 organisers and 4 policy questions each (``benchmarks/generate.py``) is
    507,211,437 bytes (484 MiB, about 5 KB per event); 768 MiB leaves 59 %
    headroom for wordier events. It still bounds memory: ``serialize.load`` of
    that document peaks at 1.3 GiB resident (about 2.7 times the input: the
    decoded text and the events), so an input at the limit needs about 2 GiB.
    """

    max_input_bytes: int = attrs.field(default=768 * 1024 * 1024, validator=_positive)
    """Size of the raw input (768 MiB: 100,000 realistic events with headroom)."""
    max_events: int = attrs.field(default=100_000, validator=_positive)
    """Events in one input."""
    max_sessions_per_event: int = attrs.field(default=10_000, validator=_positive)
    """Sessions of one event."""
    max_recurrence_instances: int = attrs.field(default=10_000, validator=_positive)
    """COUNT of a recurrence rule, and occurrences one expansion may give."""
    max_recurrence_years: int = attrs.field(default=100, validator=_positive)
    """How far an UNTIL may lie after the first start."""

    @classmethod
    def from_strings(cls, pairs: Mapping[str, str], base: Limits | None = None) -> Limits:
        """Limits from ``{"max_events": "10"}`` (CLI ``--limit KEY=VALUE``); :class:`ValueError` if bad."""
        names = {field.name for field in attrs.fields(cls)}
        values: dict[str, int] = {}
        for key, text in pairs.items():
            name = key.strip().replace("-", "_")
            if not name.startswith("max_"):
                name = f"max_{name}"
            if name not in names:
                raise ValueError(f"unknown limit {key!r}; limits: {', '.join(sorted(names))}")
            try:
                values[name] = int(text.replace("_", ""))
            except ValueError:
                raise ValueError(f"limit {key!r} expects a whole number, got {text!r}") from None
        return attrs.evolve(base or DEFAULT_LIMITS, **values)


DEFAULT_LIMITS = Limits()
"""The limits used when none are given."""

_CURRENT: contextvars.ContextVar[Limits] = contextvars.ContextVar("stievents_limits", default=DEFAULT_LIMITS)


def current_limits() -> Limits:
    """The limits in force (set by :func:`use_limits`, else :data:`DEFAULT_LIMITS`)."""
    return _CURRENT.get()


@contextlib.contextmanager
def use_limits(limits: Limits) -> Iterator[Limits]:
    """Apply ``limits`` to every read inside the ``with`` block (thread- and task-local)."""
    token = _CURRENT.set(limits)
    try:
        yield limits
    finally:
        _CURRENT.reset(token)


def check_input_size(size: int, limits: Limits | None = None) -> None:
    """Refuse an input of ``size`` bytes larger than the limit."""
    limit = (limits or current_limits()).max_input_bytes
    if size > limit:
        raise LimitExceededError(f"input is {size} bytes, more than the limit of {limit} (max_input_bytes)")


def check_event_count(count: int, limits: Limits | None = None) -> None:
    """Refuse more events than the limit (call it before building them, where possible)."""
    limit = (limits or current_limits()).max_events
    if count > limit:
        raise LimitExceededError(f"input has {count} events, more than the limit of {limit} (max_events)")


def check_events(events: Sequence[Event], limits: Limits | None = None) -> None:
    """Refuse a collection that breaks a count or recurrence limit; the message names the path."""
    limits = limits or current_limits()
    check_event_count(len(events), limits)
    max_sessions = limits.max_sessions_per_event
    for index, event in enumerate(events):
        if len(event.sessions) > max_sessions:
            raise LimitExceededError(
                f"$.events[{index}].sessions: {len(event.sessions)} sessions, more than the limit of "
                f"{max_sessions} (max_sessions_per_event)"
            )
        recurrence = event.recurrence
        if recurrence is not None and recurrence.rule:
            _check_rule(f"$.events[{index}].recurrence.rule", recurrence.rule, event.start, limits)


def _check_rule(where: str, rule: str, start: dt.date, limits: Limits) -> None:
    parts = dict(part.split("=", 1) for part in rule.split(";") if "=" in part)
    count = parts.get("COUNT", "")
    if count.isdigit() and int(count) > limits.max_recurrence_instances:
        raise LimitExceededError(
            f"{where}: COUNT={count} is more than the limit of {limits.max_recurrence_instances} "
            "(max_recurrence_instances)"
        )
    until = parts.get("UNTIL", "")
    if until[:4].isdigit() and int(until[:4]) - start.year > limits.max_recurrence_years:
        raise LimitExceededError(
            f"{where}: UNTIL={until} lies more than {limits.max_recurrence_years} years after the start "
            "(max_recurrence_years)"
        )


def check_raw_events(raw_events: Sequence[object], limits: Limits | None = None) -> None:
    """Refuse a parsed document's event list, and any event's session list, before building them."""
    limits = limits or current_limits()
    check_event_count(len(raw_events), limits)
    for index, raw in enumerate(raw_events):
        sessions = raw.get("sessions") if isinstance(raw, dict) else None
        if isinstance(sessions, list) and len(sessions) > limits.max_sessions_per_event:
            raise LimitExceededError(
                f"$.events[{index}].sessions: {len(sessions)} sessions, more than the limit of "
                f"{limits.max_sessions_per_event} (max_sessions_per_event)"
            )
