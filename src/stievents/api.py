"""The public functions: list formats, export, read and validate events.

They sit on top of the plugin host and know no format: every format, the core's
own JSON and TOML included, is reached through the registry.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from stievents import plugins as _plugins
from stievents._options import build_options
from stievents.errors import Problem, Severity, ValidationError
from stievents.limits import Limits, check_events, check_input_size, current_limits, use_limits
from stievents.plugin_types import (
    ExportContext,
    Exporter,
    HeadContribution,
    ImportContext,
    Importer,
    ImportResult,
    ValidationProfile,
)

if TYPE_CHECKING:
    from stievents.model import Event

__all__ = [
    "FormatInfo",
    "export",
    "export_to",
    "formats",
    "get_exporter",
    "get_importer",
    "get_profile",
    "importers_for_suffix",
    "make_export_context",
    "page_head",
    "plugin_infos",
    "read",
    "validate",
]


@attrs.frozen(kw_only=True)
class FormatInfo:
    """One format as ``stievents formats`` lists it."""

    name: str
    direction: str
    media_type: str
    suffixes: tuple[str, ...]
    description: str
    aliases: tuple[str, ...]
    distribution: str
    version: str
    exporter: Exporter | None = attrs.field(repr=False)
    importer: Importer | None = attrs.field(repr=False)


def formats() -> list[FormatInfo]:
    """Every installed format, sorted by name (loads plugins on first call)."""
    registry = _plugins.get_registry()
    names = {p.item.name for p in registry.exporters.values()} | {p.item.name for p in registry.importers.values()}
    result = []
    for name in sorted(names):
        exp = registry.exporters.get(name)
        imp = registry.importers.get(name)
        first = exp or imp
        assert first is not None
        direction = "import+export" if exp and imp else ("export" if exp else "import")
        result.append(
            FormatInfo(
                name=name,
                direction=direction,
                media_type=first.item.media_type,
                suffixes=first.item.suffixes,
                description=first.item.description,
                aliases=first.item.aliases,
                distribution=first.plugin.distribution,
                version=first.plugin.version,
                exporter=exp.item if exp else None,
                importer=imp.item if imp else None,
            )
        )
    return result


def plugin_infos() -> list[_plugins.PluginInfo]:
    """Every plugin the host found, loaded or failed (``error`` says why)."""
    return list(_plugins.get_registry().plugins)


def get_exporter(name: str) -> Exporter:
    """The exporter for ``name`` or an alias; :class:`UnknownFormatError` otherwise."""
    return _plugins.get_registry().exporter(name)


def get_importer(name: str) -> Importer:
    """The importer for ``name`` or an alias; :class:`UnknownFormatError` otherwise."""
    return _plugins.get_registry().importer(name)


def get_profile(name: str) -> ValidationProfile:
    """The validation profile ``name``; :class:`UnknownFormatError` otherwise."""
    return _plugins.get_registry().profile(name)


def importers_for_suffix(suffix: str) -> list[Importer]:
    """The importers that claim a file suffix such as ``.ics`` (each once)."""
    registry = _plugins.get_registry()
    found: dict[str, Importer] = {}
    for provided in registry.importers.values():
        importer: Importer = provided.item
        if suffix.lower() in importer.suffixes:
            found[importer.name] = importer
    return [found[name] for name in sorted(found)]


def _as_events(events: Event | Iterable[Event]) -> Sequence[Event]:
    from stievents.model import Event  # not at module level: formats() must not load the model

    if isinstance(events, Event):
        return (events,)
    result = tuple(events)
    for index, event in enumerate(result):
        if not isinstance(event, Event):
            raise TypeError(f"events[{index}] is a {type(event).__name__}, not an Event")
    return result


def make_export_context(
    exporter: Exporter,
    *,
    now: dt.datetime | None = None,
    locale: str = "en",
    base_url: str | None = None,
    options: dict[str, Any] | None = None,
) -> ExportContext:
    """The context an exporter gets, with its options checked against its options class."""
    if now is not None and now.tzinfo is None:
        raise ValidationError([Problem(path="now", message="expected an aware datetime")])
    built = build_options(exporter.options, exporter.name, options or {})
    return ExportContext(now=now, locale=locale, base_url=base_url, options=built)


def export_to(
    stream: IO[bytes],
    events: Event | Iterable[Event],
    format: str,
    *,
    now: dt.datetime | None = None,
    locale: str = "en",
    base_url: str | None = None,
    **options: Any,
) -> None:
    """Write ``events`` in ``format`` to a binary ``stream``, incrementally."""
    exporter = get_exporter(format)
    sequence = _as_events(events)
    context = make_export_context(exporter, now=now, locale=locale, base_url=base_url, options=options)
    exporter.write(sequence, stream, attrs.evolve(context, collection=tuple(sequence)))


def export(
    events: Event | Iterable[Event],
    format: str,
    *,
    now: dt.datetime | None = None,
    locale: str = "en",
    base_url: str | None = None,
    **options: Any,
) -> bytes:
    """``events`` in ``format`` as bytes, e.g. ``export(event, "ics", now=...)``."""
    buffer = io.BytesIO()
    export_to(buffer, events, format, now=now, locale=locale, base_url=base_url, **options)
    return buffer.getvalue()


def read(
    data: bytes | str,
    format: str,
    *,
    source: str = "<input>",
    lenient: bool = False,
    limits: Limits | None = None,
    **options: Any,
) -> ImportResult:
    """Events and problems from ``data`` in ``format``.

    Strict by default: an input with errors raises :class:`ValidationError` (or
    :class:`FormatError` if it cannot be parsed at all). ``lenient=True`` keeps
    the valid events and returns the problems. ``limits`` (default: the current
    :func:`stievents.limits.current_limits`) bound the input; exceeding one
    raises :class:`~stievents.errors.LimitExceededError`, even when lenient.
    """
    importer = get_importer(format)
    built = build_options(importer.options, importer.name, options)
    limits = limits or current_limits()
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    check_input_size(len(raw), limits)
    with use_limits(limits):
        result = importer.read(raw, ImportContext(source=source, lenient=lenient, options=built))
    check_events(result.events, limits)
    if not lenient and any(p.severity is Severity.ERROR for p in result.problems):
        raise ValidationError(result.problems)
    return result


def validate(events: Event | Iterable[Event], profile: str | None = None) -> list[Problem]:
    """Problems beyond the model's own invariants: classification codes, and a profile's checks.

    The model refuses invalid events when they are built, so this reports what
    is valid but doubtful (warnings), plus whatever ``profile`` (e.g. ``"google"``)
    checks.
    """
    sequence = _as_events(events)
    registry = _plugins.get_registry()
    problems: list[Problem] = []
    for index, event in enumerate(sequence):
        problems.extend(p.under(f"$.events[{index}]") for p in _check_classifications(event, registry))
    if profile is not None:
        problems.extend(registry.profile(profile).check(sequence))
    return problems


def _check_classifications(event: Event, registry: _plugins.Registry) -> Iterable[Problem]:
    def check(path: str, scheme_id: str, code: str) -> Iterable[Problem]:
        provided = registry.schemes.get(scheme_id)
        if provided is None:
            return
        scheme = provided.item
        if scheme.codes and scheme.label(code) is None:
            yield Problem(
                path=path,
                message=f"code {code!r} is not in classification scheme {scheme_id!r}",
                severity=Severity.WARNING,
            )

    for i, c in enumerate(event.classifications):
        yield from check(f"$.classifications[{i}].code", c.scheme, c.code)
    for q, question in enumerate(event.policy_questions):
        for i, c in enumerate(question.classifications):
            yield from check(f"$.policy_questions[{q}].classifications[{i}].code", c.scheme, c.code)


def page_head(events: Sequence[Event], context: ExportContext) -> list[HeadContribution]:
    """Markup other plugins contribute to the ``<head>`` of an HTML page for ``events``."""
    registry = _plugins.get_registry()
    results = registry.manager.hook.stievents_page_head(events=list(events), context=context)
    contributions: list[HeadContribution] = []
    for batch in reversed(results):  # pluggy calls last-registered first; keep load order
        contributions.extend(batch or ())
    return contributions
