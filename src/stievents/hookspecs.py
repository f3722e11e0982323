"""The hooks a stievents plugin may implement.

Each hook yields typed, frozen descriptions (see :mod:`stievents.plugin_types`); the
host collects them from every plugin and checks names for conflicts. Implement
hooks with the public marker :data:`stievents.hookimpl`::

    import stievents
    from stievents.plugin_types import Exporter

    @stievents.hookimpl
    def stievents_exporters():
        yield Exporter(name="csv", write=write_csv, media_type="text/csv",
                       suffixes=(".csv",), description="One row per event")

Register the module under the ``stievents.plugins`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from stievents.model import Event
    from stievents.plugin_types import (
        ClassificationScheme,
        Command,
        ExportContext,
        Exporter,
        HeadContribution,
        Importer,
        ValidationProfile,
    )

__all__ = ["hookimpl", "hookspec"]

hookspec = pluggy.HookspecMarker("stievents")
hookimpl = pluggy.HookimplMarker("stievents")


@hookspec
def stievents_exporters() -> Iterable[Exporter]:  # type: ignore[empty-body]
    """Yield an :class:`~stievents.plugin_types.Exporter` for each format the plugin writes.

    .. versionadded:: 0.1
    """


@hookspec
def stievents_importers() -> Iterable[Importer]:  # type: ignore[empty-body]
    """Yield an :class:`~stievents.plugin_types.Importer` for each format the plugin reads.

    .. versionadded:: 0.1
    """


@hookspec
def stievents_validation_profiles() -> Iterable[ValidationProfile]:  # type: ignore[empty-body]
    """Yield :class:`~stievents.plugin_types.ValidationProfile` objects usable with ``validate --profile``.

    .. versionadded:: 0.1
    """


@hookspec
def stievents_classification_schemes() -> Iterable[ClassificationScheme]:  # type: ignore[empty-body]
    """Yield :class:`~stievents.plugin_types.ClassificationScheme` objects; classifications
    that cite a known closed scheme with an unlisted code get a warning.

    .. versionadded:: 0.1
    """


@hookspec
def stievents_page_head(  # type: ignore[empty-body]
    events: Sequence[Event], context: ExportContext
) -> Iterable[HeadContribution]:
    """Yield :class:`~stievents.plugin_types.HeadContribution` markup for the ``<head>`` of an
    HTML page another plugin renders for ``events`` (e.g. embedded JSON-LD).

    Called through :func:`stievents.page_head`; one plugin's page can thus embed
    another's markup without importing it. A contribution that grows with the
    events gives ``chunks`` (a function returning its pieces) instead of
    ``markup``, and the page writer writes each piece as it comes, never
    holding the whole; page writers read both forms with
    :meth:`~stievents.plugin_types.HeadContribution.pieces`. Either way the
    contributing plugin escapes what it contributes, and a failure while its
    pieces are made is reported as its own.

    .. versionadded:: 0.1
    .. versionchanged:: 0.1
       (before the 0.1.0 release) contributions may stream: ``HeadContribution(chunks=...)``.
    """


@hookspec
def stievents_commands() -> Iterable[Command]:  # type: ignore[empty-body]
    """Yield a :class:`~stievents.plugin_types.Command` for each subcommand the plugin adds to ``stievents``.

    The command line loads plugins only for a command it does not know itself
    (or for ``--help``, which lists commands): ``stievents --version`` and the
    built-in commands run no plugin code. A command named like a built-in one,
    or like another plugin's, is reported naming both and does not run.

    .. versionadded:: 0.1
    """
