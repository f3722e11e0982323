"""The typed descriptions plugins yield from their hooks.

A plugin never hands the host a bare function or dict: it yields one of these
frozen objects, which the host checks once when it loads the plugin. They are
the whole contract between stievents and a format plugin.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import attrs

from stievents.errors import Problem

if TYPE_CHECKING:
    import argparse

    from stievents.model import Event

__all__ = [
    "ClassificationScheme",
    "Command",
    "ExportContext",
    "Exporter",
    "FactsSource",
    "HeadContribution",
    "ImportContext",
    "ImportResult",
    "Importer",
    "NoOptions",
    "PairsSource",
    "ValidationProfile",
]

_NAME_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


def _check_name(instance: object, attribute: Any, value: str) -> None:
    if not _NAME_RE.fullmatch(value):
        raise ValueError(f"{attribute.name} must be lower-kebab-case (like 'oecd-html'), got {value!r}")


def _check_names(instance: object, attribute: Any, value: tuple[str, ...]) -> None:
    for name in value:
        _check_name(instance, attribute, name)


def _check_suffixes(instance: object, attribute: Any, value: tuple[str, ...]) -> None:
    for suffix in value:
        if not suffix.startswith(".") or suffix != suffix.lower():
            raise ValueError(f"suffixes must be lower case and start with '.', got {suffix!r}")


def _check_options(instance: object, attribute: Any, value: Any) -> None:
    if not attrs.has(value):
        raise TypeError(f"options must be an attrs class, got {value!r}")


@attrs.frozen
class NoOptions:
    """The options class of a format that takes none."""


@attrs.frozen(kw_only=True)
class ExportContext:
    """Everything an exporter may consult besides the events.

    ``now`` makes output deterministic (DTSTAMP, "Event has ended"); ``options``
    is an instance of the format's own options class. ``collection`` holds every
    event being exported together, also when a per-event format is given one
    event at a time (for cross-links such as "More Like This").
    """

    now: dt.datetime | None = None
    locale: str = "en"
    base_url: str | None = None
    options: Any = attrs.field(factory=NoOptions)
    collection: tuple[Event, ...] = ()

    def now_or_current(self) -> dt.datetime:
        """``now``, or the current UTC time when none was given."""
        return self.now if self.now is not None else dt.datetime.now(dt.UTC)


@attrs.frozen(kw_only=True)
class ImportContext:
    """What an importer may consult besides the bytes: source name, options, leniency."""

    source: str = "<input>"
    lenient: bool = False
    options: Any = attrs.field(factory=NoOptions)


@attrs.frozen(kw_only=True)
class ImportResult:
    """What an importer returns: the events it could build and every problem it found."""

    events: tuple[Event, ...] = ()
    problems: tuple[Problem, ...] = ()


ExportFunction = Callable[["Sequence[Event]", IO[bytes], ExportContext], None]
ImportFunction = Callable[[bytes, ImportContext], ImportResult]
FactsSource = frozenset[str] | Callable[[], Iterable[str]]
"""A format's fidelity: the facts, or a function returning them, called on first read of ``fidelity``.

A function lets a plugin register without importing the model (which
:func:`stievents.facts.all_facts` needs): listing formats stays cheap.
"""


@attrs.frozen(kw_only=True)
class Exporter:
    """A format that events can be written to.

    ``write(events, stream, context)`` writes bytes incrementally to ``stream``.
    ``fidelity`` names the model facts (see :mod:`stievents.facts`) the format
    carries; it may be given as a function returning them (see :data:`FactsSource`).
    ``per_event`` formats write one file per event into a directory when given
    several events; ``file_name(event)`` names each file.
    """

    name: str = attrs.field(validator=_check_name)
    write: ExportFunction = attrs.field(repr=False)
    media_type: str
    suffixes: tuple[str, ...] = attrs.field(validator=_check_suffixes)
    description: str
    aliases: tuple[str, ...] = attrs.field(default=(), validator=_check_names)
    options: type = attrs.field(default=NoOptions, validator=_check_options)
    _fidelity: FactsSource = attrs.field(default=frozenset(), repr=False, alias="fidelity")
    per_event: bool = False
    text: bool = True
    _fidelity_cache: frozenset[str] | None = attrs.field(default=None, init=False, repr=False, eq=False)

    @property
    def fidelity(self) -> frozenset[str]:
        """The model facts the format carries (a callable given as ``fidelity`` is called on first read)."""
        return _resolve_fidelity(self)


@attrs.frozen(kw_only=True)
class Importer:
    """A format that events can be read from; ``read(data, context)`` gets raw bytes."""

    name: str = attrs.field(validator=_check_name)
    read: ImportFunction = attrs.field(repr=False)
    media_type: str
    suffixes: tuple[str, ...] = attrs.field(validator=_check_suffixes)
    description: str
    aliases: tuple[str, ...] = attrs.field(default=(), validator=_check_names)
    options: type = attrs.field(default=NoOptions, validator=_check_options)
    _fidelity: FactsSource = attrs.field(default=frozenset(), repr=False, alias="fidelity")
    _fidelity_cache: frozenset[str] | None = attrs.field(default=None, init=False, repr=False, eq=False)

    @property
    def fidelity(self) -> frozenset[str]:
        """The model facts the format carries (a callable given as ``fidelity`` is called on first read)."""
        return _resolve_fidelity(self)


def _resolve_fidelity(format: Exporter | Importer) -> frozenset[str]:
    """The facts of ``format``, computed once (two threads racing compute the same set)."""
    facts = format._fidelity_cache
    if facts is None:
        source = format._fidelity
        facts = frozenset(source() if callable(source) else source)
        object.__setattr__(format, "_fidelity_cache", facts)  # a cache, not a change: the class is frozen
    return facts


@attrs.frozen(kw_only=True)
class ValidationProfile:
    """A named set of extra checks (e.g. Google's Event rules) run by ``stievents validate``."""

    name: str = attrs.field(validator=_check_name)
    description: str
    check: Callable[[Sequence[Event]], Iterable[Problem]]


Pairs = tuple[tuple[str, str], ...]
PairsSource = tuple[tuple[str, str], ...] | Callable[[], Iterable[tuple[str, str]]]
"""A scheme's ``(code, label)`` or ``(code, IRI)`` pairs, or a function returning them, called on first use.

A function lets a scheme with hundreds of codes register without reading its
data file: ``import stievents`` and listing formats stay cheap.
"""


@attrs.frozen(kw_only=True)
class ClassificationScheme:
    """A classification scheme (e.g. the UN SDGs) and, when closed, its codes and labels.

    A scheme that lists ``codes`` is *closed*: a classification citing it with
    another code is doubtful (``stievents validate`` warns). ``codes`` and
    ``code_iris`` may each be given as a function returning the pairs (see
    :data:`PairsSource`), called once, on first read. ``url`` is the scheme's
    page for people; ``iri`` its identifier in linked data (the UN SDG
    vocabulary is ``http://metadata.un.org/sdg``); ``code_iris`` maps a code to
    its own IRI or public URL where the scheme has one.

    .. versionchanged:: 0.1
       (before the 0.1.0 release) ``iri``, ``code_iris`` and :meth:`code_iri`;
       ``codes`` may be a function.
    """

    id: str = attrs.field(validator=_check_name)
    name: str
    edition: str | None = None
    url: str | None = None
    _codes: PairsSource = attrs.field(default=(), alias="codes", repr=False)
    iri: str | None = None
    _code_iris: PairsSource = attrs.field(default=(), alias="code_iris", repr=False)
    _tables: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False, eq=False)

    @property
    def codes(self) -> Pairs:
        """The ``(code, label)`` pairs, in the scheme's order (empty for an open scheme)."""
        return self._pairs("codes", self._codes)

    @property
    def code_iris(self) -> Pairs:
        """The ``(code, IRI)`` pairs of the codes that have an IRI or public URL."""
        return self._pairs("code_iris", self._code_iris)

    def label(self, code: str) -> str | None:
        """The label of ``code``, or ``None`` when the scheme does not list it."""
        return self._lookup("labels", "codes").get(code)

    def code_iri(self, code: str) -> str | None:
        """The IRI (or public URL) of ``code``, or ``None`` when the scheme gives it none."""
        return self._lookup("iris", "code_iris").get(code)

    def _pairs(self, key: str, source: PairsSource) -> Pairs:
        """``source`` as a tuple of pairs, computed once (two threads racing compute the same)."""
        pairs: Pairs | None = self._tables.get(key)
        if pairs is None:
            pairs = tuple((str(c), str(v)) for c, v in (source() if callable(source) else source))
            self._tables[key] = pairs  # a cache, not a change: the class is frozen, its dict is not
        return pairs

    def _lookup(self, key: str, pairs: str) -> dict[str, str]:
        table: dict[str, str] | None = self._tables.get(key)
        if table is None:
            table = self._tables[key] = dict(getattr(self, pairs))
        return table


@attrs.frozen(kw_only=True)
class HeadContribution:
    """Markup a plugin adds to the ``<head>`` of HTML pages other plugins render.

    Give exactly one of ``markup`` (the text) or ``chunks`` (a function
    returning the text in pieces). ``chunks`` is for a contribution that grows
    with the events (the JSON-LD of a listing's every event): the page writer
    writes each piece as it comes, so the whole text is never held, and
    ``chunks`` is only called when the page is written. It is called again for
    each reading, so every call must give the same pieces.

    Page writers read either form through :meth:`pieces`. Both forms are
    inserted verbatim: the contributing plugin is responsible for escaping
    anything user-supplied in them, piece by piece for ``chunks``.

    .. versionchanged:: 0.1
       (before the 0.1.0 release) ``chunks`` and :meth:`pieces`; ``markup`` may be left out when
       ``chunks`` is given.
    """

    source: str
    _markup: str | None = attrs.field(
        default=None, alias="markup", validator=attrs.validators.optional(attrs.validators.instance_of(str))
    )
    chunks: Callable[[], Iterable[str]] | None = attrs.field(
        default=None, repr=False, validator=attrs.validators.optional(attrs.validators.is_callable())
    )

    def __attrs_post_init__(self) -> None:
        if (self._markup is None) == (self.chunks is None):
            given = "neither" if self.chunks is None else "both"
            raise TypeError(
                f"HeadContribution from {self.source!r} needs exactly one of markup (the text)"
                f" or chunks (a function returning its pieces); got {given}"
            )

    def pieces(self) -> Iterator[str]:
        """The text in order, one piece at a time: what a page writer writes, whichever form was given."""
        if self.chunks is None:
            yield self._markup or ""
        else:
            yield from self.chunks()

    @property
    def markup(self) -> str:
        """The whole text (joins the pieces of ``chunks``, so holds it all: a page writer uses :meth:`pieces`)."""
        return self._markup if self._markup is not None else "".join(self.pieces())


@attrs.frozen(kw_only=True)
class Command:
    """A subcommand a plugin adds to the ``stievents`` command line (``stievents site ...``).

    ``configure(parser)`` adds the command's arguments to its own
    :class:`argparse.ArgumentParser`; it is called only when the command is
    asked for, so listing commands in ``stievents --help`` runs no plugin code
    beyond the hook. ``run(args)`` does the work with the parsed
    :class:`argparse.Namespace` and returns the exit code (0 for success).
    ``help`` is the one line ``stievents --help`` shows; ``description`` the
    longer text of ``stievents NAME --help`` (``help`` when empty).

    .. versionadded:: 0.1
    """

    name: str = attrs.field(validator=_check_name)
    help: str
    configure: Callable[[argparse.ArgumentParser], None] = attrs.field(
        repr=False, validator=attrs.validators.is_callable()
    )
    run: Callable[[argparse.Namespace], int] = attrs.field(repr=False, validator=attrs.validators.is_callable())
    description: str = ""
