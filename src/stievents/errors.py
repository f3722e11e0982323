"""Public exceptions and the :class:`Problem` record every check reports.

Every error stievents raises on purpose derives from :class:`StieventsError`, so
callers (and the CLI) can tell a documented failure from a bug.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

__all__ = [
    "FormatError",
    "InvalidEventError",
    "LimitExceededError",
    "OutputError",
    "PluginError",
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
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}: {prefix}{self.message}"

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
    """A plugin failed to load, or two plugins claim the same name."""


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
