"""The public functions: list formats, export, read and validate events.

They sit on top of the plugin host and know no format: every format, the core's
own JSON and TOML included, is reached through the registry.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from stievents import plugins as _plugins
from stievents._options import build_options
from stievents.errors import Problem, Severity, ValidationError
from stievents.limits import Limits, check_events, check_input_size, current_limits, use_limits
from stievents.plugin_types import (
    ClassificationScheme,
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
    "classification_schemes",
    "export",
    "export_to",
    "formats",
    "get_exporter",
    "get_importer",
    "get_profile",
    "importers_for_suffix",
    "make_export_context",
    "page_head",
    "plugin_conflicts",
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
    # a format is listed under its own name; a name two plugins claim is in no table (see Registry.conflicts)
    names = {n for table in (registry.exporters, registry.importers) for n, p in table.items() if n == p.item.name}
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


def plugin_conflicts() -> list[_plugins.Conflict]:
    """Every name several plugins claim (none of them provides it; ``message`` names them all)."""
    return list(_plugins.get_registry().conflicts.values())


def classification_schemes() -> list[ClassificationScheme]:
    """Every installed classification scheme, sorted by id (loads plugins on first call).

    Reading a scheme's ``codes`` reads its data then, not before: listing the
    schemes costs no more than listing formats. A scheme id two plugins claim is
    left out (see :func:`plugin_conflicts`).
    """
    schemes = _plugins.get_registry().schemes
    return [schemes[key].item for key in sorted(schemes) if schemes[key].item.id == key]


def get_exporter(name: str) -> Exporter:
    """The exporter for ``name`` or an alias; :class:`UnknownFormatError` otherwise.

    :class:`~stievents.errors.FormatUnavailableError` (also an
    :class:`UnknownFormatError`) when the plugin that would provide it failed to
    load, or when two plugins claim the name.
    """
    return _plugins.get_registry().exporter(name)


def get_importer(name: str) -> Importer:
    """The importer for ``name`` or an alias; :class:`UnknownFormatError` or :class:`PluginError` otherwise."""
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
    """Write ``events`` in ``format`` to a binary ``stream``, incrementally.

    A plugin's exporter that fails unexpectedly raises
    :class:`~stievents.errors.PluginFailedError` naming the plugin (the
    original exception is its ``__cause__``); stievents' own errors pass through.
    """
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
    A plugin's importer that fails unexpectedly raises
    :class:`~stievents.errors.PluginFailedError` naming the plugin.
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
            edition = f" (edition {scheme.edition})" if scheme.edition else ""
            yield Problem(
                path=path,
                message=f"code {code!r} is not in classification scheme {scheme_id!r}{edition}",
                severity=Severity.WARNING,
            )

    for i, c in enumerate(event.classifications):
        yield from check(f"$.classifications[{i}].code", c.scheme, c.code)
    for q, question in enumerate(event.policy_questions):
        for i, c in enumerate(question.classifications):
            yield from check(f"$.policy_questions[{q}].classifications[{i}].code", c.scheme, c.code)


def page_head(events: Sequence[Event], context: ExportContext) -> list[HeadContribution]:
    """Markup other plugins contribute to the ``<head>`` of an HTML page for ``events``.

    Each implementation is called on its own, in load order, so that one that
    fails is named (:class:`~stievents.errors.PluginFailedError`), not blamed
    on the exporter that asked for the head. A streamed contribution (one with
    ``chunks``) is returned unread, with its pieces under the same blame: they
    are made while the page is written, inside the page plugin's exporter, and
    a failure there is still the contributing plugin's.
    """
    registry = _plugins.get_registry()
    loaded = {info.name: info for info in registry.plugins if info.error is None}
    arguments = {"events": list(events), "context": context}
    contributions: list[HeadContribution] = []
    for impl in registry.manager.hook.stievents_page_head.get_hookimpls():  # load order (pluggy calls the reverse)
        hook = functools.partial(_collect_head, impl.function)
        kwargs = {name: arguments[name] for name in impl.argnames}
        info = loaded.get(impl.plugin_name)
        if info is None or info.name in _plugins.DEFAULT_PLUGINS:  # the core's own: its bugs are ours
            contributions.extend(hook(**kwargs))
            continue
        made = _plugins.blamed(hook, info, _HEAD_HOOK, None)(**kwargs)
        contributions.extend(c if c.chunks is None else _blamed_chunks(c, info) for c in made)
    return contributions


_HEAD_HOOK = "hook stievents_page_head"


def _collect_head(function: Callable[..., Any], **kwargs: Any) -> list[HeadContribution]:
    """What one implementation of the hook yields, consumed here (a generator fails when consumed) and checked."""
    made = list(function(**kwargs) or ())
    for item in made:
        if not isinstance(item, HeadContribution):
            raise TypeError(f"stievents_page_head yielded {type(item).__name__}, expected HeadContribution")
    return made


def _blamed_chunks(contribution: HeadContribution, info: _plugins.PluginInfo) -> HeadContribution:
    """``contribution`` whose ``chunks`` fail as its plugin's failure, however late they are read.

    :func:`~stievents.plugins.blamed` guards a call; the pieces are made one
    ``next`` at a time, so the call of ``chunks`` and every ``next`` are guarded.
    A piece that is not a ``str`` is the plugin's error too, caught here
    rather than as an encoding failure of the page plugin that writes it.
    """
    chunks = contribution.chunks
    assert chunks is not None
    end = object()

    def start() -> Iterator[str]:
        return iter(chunks())

    def step(iterator: Iterator[str]) -> str | None:
        """The next piece, ``None`` at the end (a piece that is ``None`` is refused, like any other non-text)."""
        piece: object = next(iterator, end)
        if piece is end:
            return None
        if not isinstance(piece, str):
            raise TypeError(
                f"the chunks of HeadContribution {contribution.source!r} yielded {type(piece).__name__}, expected str"
            )
        return piece

    guarded_start = _plugins.blamed(start, info, _HEAD_HOOK, None)
    guarded_step = _plugins.blamed(step, info, _HEAD_HOOK, None)

    def pieces() -> Iterator[str]:
        iterator = guarded_start()
        while (piece := guarded_step(iterator)) is not None:
            yield piece

    return attrs.evolve(contribution, chunks=pieces)
