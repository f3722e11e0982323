"""Public exceptions and the :class:`Problem` record every check reports.

Every error stievents raises on purpose derives from :class:`StieventsError`, so
callers (and the CLI) can tell a documented failure from a bug.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable

import attrs

__all__ = [
    "FormatError",
    "FormatUnavailableError",
    "InvalidEventError",
    "LimitExceededError",
    "OutputError",
    "PluginError",
    "PluginFailedError",
    "Problem",
    "Severity",
    "StieventsError",
    "UnknownFormatError",
    "ValidationError",
]


class Severity(enum.Enum):
    """How bad a :class:`Problem` is: errors refuse the input, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(kw_only=True)
class Problem:
    """One finding, located by a JSONPath-like ``path`` (``$.events[0].start``)."""

    path: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        """``path: error: message`` or ``path: warning: message``: every problem line says how serious it is."""
        return f"{self.path}: {self.severity.value}: {self.message}"

    def under(self, prefix: str) -> Problem:
        """Return this problem with its path re-rooted below ``prefix``."""
        rest = self.path[1:] if self.path.startswith("$") else "." + self.path
        return attrs.evolve(self, path=prefix + rest)


class StieventsError(Exception):
    """Base class of every error stievents raises on purpose."""


class ValidationError(StieventsError, ValueError):
    """Input or a model instance is invalid; ``problems`` lists every finding."""

    def __init__(self, problems: Iterable[Problem], summary: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        errors = [p for p in self.problems if p.severity is Severity.ERROR]
        if summary is None:
            shown = errors or list(self.problems)
            summary = "; ".join(str(p) for p in shown[:5])
            if len(shown) > 5:
                summary += f"; ... and {len(shown) - 5} more"
        super().__init__(summary)


class InvalidEventError(ValidationError):
    """A model object was constructed with values that break an invariant.

    Paths are relative to the object being built (``$.end``); the converter
    re-roots them when the object sits inside a document.
    """


class FormatError(StieventsError):
    """A document cannot be read at all (not JSON, wrong envelope, bad encoding)."""


class UnknownFormatError(StieventsError, LookupError):
    """No installed plugin provides the requested format or profile."""


class PluginError(StieventsError):
    """A plugin failed to load, or two plugins claim the same name.

    In strict mode (``STIEVENTS_STRICT_PLUGINS=1``) it is raised by the first
    call that loads plugins. Otherwise only asking for what such a plugin would
    provide raises it (as :class:`FormatUnavailableError`): a format of a plugin
    that failed to load, or a name that two plugins claim (the message names both).
    """


class FormatUnavailableError(PluginError, UnknownFormatError):
    """A format or profile that is installed but cannot be used: its plugin failed to load, or two plugins claim it.

    The message names the plugin(s). It is also an :class:`UnknownFormatError`,
    so code that handles an absent format (``except UnknownFormatError``) handles
    this one too; the command line exits 1 for it, not 2, as it is no usage error.
    """


class PluginFailedError(PluginError):
    """A plugin's code raised an exception stievents did not expect: the plugin's bug, not the input's.

    Raised when an exporter's ``write``, an importer's ``read``, a validation
    profile's ``check`` or a ``stievents_page_head`` hook raises anything but a
    :class:`StieventsError`, an :class:`OSError` or a :class:`MemoryError` (those
    pass through unchanged). The original exception is the ``__cause__``; the
    attributes name the culprit, so a report reaches the right project:
    ``plugin`` (its entry point name), ``distribution``, ``version`` and
    ``format`` (the format or profile it was running, ``None`` for a hook).
    """

    def __init__(
        self,
        *,
        plugin: str,
        distribution: str,
        version: str,
        format: str | None,
        what: str,
        reason: str,
    ) -> None:
        self.plugin = plugin
        self.distribution = distribution
        self.version = version
        self.format = format
        self.what = what
        self.reason = reason
        super().__init__(f"plugin {distribution} {version} ({what}) failed: {reason}")

    def __reduce__(self) -> tuple[object, ...]:
        # keyword-only arguments: rebuild from them, so the error survives pickling (multiprocessing)
        fields = {
            name: getattr(self, name) for name in ("plugin", "distribution", "version", "format", "what", "reason")
        }
        return (functools.partial(type(self), **fields), ())


class LimitExceededError(StieventsError):
    """Input exceeds a configured resource limit (size, count, recurrence)."""


class OutputError(StieventsError, OSError):
    """An output path cannot be written as asked (a directory, a device, a FIFO or a socket).

    It is also an :class:`OSError` (with ``errno`` and ``filename``), so code
    that already catches the operating system's errors on writing still does.
    """

    def __str__(self) -> str:
        message = self.strerror or super().__str__()
        return f"{self.filename}: {message}" if self.filename else message
